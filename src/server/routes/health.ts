import { Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';

/**
 * `GET /api/health`: the server is up, what its index holds and whether its semantic half is loaded;
 * `degraded` when that half failed to load (keyword search still answers).
 */
export function healthRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const summary = searcher.summary();
    res.json({ status: summary.semantic === 'failed' ? 'degraded' : 'ok', ...summary });
  });
  return router;
}
