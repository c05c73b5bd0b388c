import { Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';
import { parseTimelineParams } from '../params.ts';

/** `GET /api/timeline`: in which years a measure appears, and where first. */
export function timelineRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/timeline', async (req, res) => {
    const { query, mode } = parseTimelineParams(req.query, 'keyword');
    // A timeline tallies every match, however many: bulk work.
    res.json(await lane.run(() => searcher.timeline(query, mode), res));
  });
  return router;
}
