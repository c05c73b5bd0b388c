import { Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';

/** `GET /api/health`: the server is up, and what its index holds. */
export function healthRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', ...searcher.summary() });
  });
  return router;
}
