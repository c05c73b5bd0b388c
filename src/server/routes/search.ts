import { Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';
import { defaultMode } from '../default-mode.ts';
import { parseSearchParams } from '../params.ts';

/** `GET /api/search`: one page of ranked hits with facets over the whole result set. */
export function searchRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    res.json(await searcher.search(parseSearchParams(req.query, defaultMode(searcher))));
  });
  return router;
}
