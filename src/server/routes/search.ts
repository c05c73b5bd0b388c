import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import { LIMITS } from '../../config.ts';
import { defaultMode } from '../../contract/default-mode.ts';
import { parseSearchParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { SearchMode, SearchRequest, SearchResponse } from '../../types.ts';
import type { BulkLane } from '../bulk-lane.ts';
import {
  type RequestTiming,
  runInLane,
  sendTimedJson,
  startRequestTiming,
  timeRoute,
} from '../server-timing.ts';

/**
 * The answer of `GET /api/search` for the request `params` checks (timed as `params`; given the mode
 * that applies when the query string names none): one screen of hits is searched at once, more waits
 * its turn in the bulk lane. Served by this route and by the lean path (lean-routes.ts, which checks a
 * query string seen before by one lookup: search-params-memo.ts).
 */
export function answerSearch(
  searcher: Searcher,
  lane: BulkLane,
  params: (defaultMode: SearchMode) => SearchRequest,
  res: ServerResponse,
  timing: RequestTiming,
): Promise<SearchResponse> {
  const request = timeRoute(timing, 'params', () => params(defaultMode(searcher)));
  const answer = () => searcher.search(request, timing.search);
  // One screen of hits is what a person waits for; more is bulk work, which waits its turn.
  return request.limit > LIMITS.defaultLimit ? runInLane(lane, res, timing, answer) : answer();
}

/** `GET /api/search`: one page of ranked hits with facets over the whole result set, with Server-Timing. */
export function searchRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const timing = startRequestTiming(res);
    const params = (mode: SearchMode) => parseSearchParams(req.query, mode);
    sendTimedJson(res, await answerSearch(searcher, lane, params, res, timing), timing);
  });
  return router;
}
