import { Router } from 'express';
import { parseSuggestParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';

/** The answer of `GET /api/suggest` for the parsed query string `query` (this route's and the lean path's). */
export async function answerSuggest(searcher: Searcher, query: unknown) {
  const { q, limit } = parseSuggestParams(query);
  return { suggestions: await searcher.suggest(q, limit) };
}

/** `GET /api/suggest`: completions of what the user is typing, for the search box. */
export function suggestRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/suggest', async (req, res) => {
    res.json(await answerSuggest(searcher, req.query));
  });
  return router;
}
