import { Router } from 'express';
import { parseTimelineParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';
import { runInLane, sendTimedJson, startRequestTiming, timeRoute, timeRouteAsync } from '../server-timing.ts';

/** `GET /api/timeline`: in which years a measure appears, and where first (with Server-Timing). */
export function timelineRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/timeline', async (req, res) => {
    const timing = startRequestTiming(res);
    const { query, mode } = timeRoute(timing, 'params', () => parseTimelineParams(req.query, 'keyword'));
    // A timeline tallies every match, however many: bulk work.
    const body = await runInLane(lane, res, timing, () =>
      timeRouteAsync(timing, 'timeline', () => searcher.timeline(query, mode)),
    );
    sendTimedJson(res, body, timing);
  });
  return router;
}
