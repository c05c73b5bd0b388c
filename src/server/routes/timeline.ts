import { Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';
import { parseTimelineParams } from '../params.ts';

/** `GET /api/timeline`: in which years a measure appears, and where first. */
export function timelineRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/timeline', async (req, res) => {
    const { query, mode } = parseTimelineParams(req.query, 'keyword');
    res.json(await searcher.timeline(query, mode));
  });
  return router;
}
