import { Router } from 'express';
import { LIMITS } from '../../config.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';
import { defaultMode } from '../default-mode.ts';
import { parseSearchParams } from '../params.ts';

/** `GET /api/search`: one page of ranked hits with facets over the whole result set. */
export function searchRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const request = parseSearchParams(req.query, defaultMode(searcher));
    const answer = () => searcher.search(request);
    // One screen of hits is what a person waits for; more is bulk work, which waits its turn.
    res.json(await (request.limit > LIMITS.defaultLimit ? lane.run(answer, res) : answer()));
  });
  return router;
}
