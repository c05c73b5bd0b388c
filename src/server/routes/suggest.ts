import { Router } from 'express';
import { parseSuggestParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';

/** `GET /api/suggest`: completions of what the user is typing, for the search box. */
export function suggestRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/suggest', async (req, res) => {
    const { q, limit } = parseSuggestParams(req.query);
    res.json({ suggestions: await searcher.suggest(q, limit) });
  });
  return router;
}
