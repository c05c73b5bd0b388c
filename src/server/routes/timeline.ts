import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import { parseTimelineParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { TimelineResponse } from '../../search/timeline.ts';
import type { BulkLane } from '../bulk-lane.ts';
import {
  type RequestTiming,
  runInLane,
  sendTimedJson,
  startRequestTiming,
  timeRoute,
  timeRouteAsync,
} from '../server-timing.ts';

/**
 * The answer of `GET /api/timeline` for the parsed query string `query`, made in the bulk lane (a
 * timeline tallies every match, however many). Served by this route and by the lean path.
 */
export function answerTimeline(
  searcher: Searcher,
  lane: BulkLane,
  query: unknown,
  res: ServerResponse,
  timing: RequestTiming,
): Promise<TimelineResponse> {
  const { query: q, mode } = timeRoute(timing, 'params', () => parseTimelineParams(query, 'keyword'));
  return runInLane(lane, res, timing, () =>
    timeRouteAsync(timing, 'timeline', () => searcher.timeline(q, mode)),
  );
}

/** `GET /api/timeline`: in which years a measure appears, and where first (with Server-Timing). */
export function timelineRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/timeline', async (req, res) => {
    const timing = startRequestTiming(res);
    sendTimedJson(res, await answerTimeline(searcher, lane, req.query, res, timing), timing);
  });
  return router;
}
