import { Router } from 'express';
import { LIMITS } from '../../config.ts';
import { defaultMode } from '../../contract/default-mode.ts';
import { parseSearchParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';
import { runInLane, sendTimedJson, startRequestTiming, timeRoute } from '../server-timing.ts';

/** `GET /api/search`: one page of ranked hits with facets over the whole result set, with Server-Timing. */
export function searchRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const timing = startRequestTiming(res);
    const request = timeRoute(timing, 'params', () => parseSearchParams(req.query, defaultMode(searcher)));
    const answer = () => searcher.search(request, timing.search);
    // One screen of hits is what a person waits for; more is bulk work, which waits its turn.
    const body = await (request.limit > LIMITS.defaultLimit
      ? runInLane(lane, res, timing, answer)
      : answer());
    sendTimedJson(res, body, timing);
  });
  return router;
}
