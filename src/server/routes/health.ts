import { Router } from 'express';
import type { IndexSummary, Searcher } from '../../search/searcher.ts';

/** The answer of `GET /api/health` (served by this route and by the lean path). */
export function answerHealth(searcher: Searcher): IndexSummary & { status: 'ok' | 'degraded' } {
  const summary = searcher.summary();
  return { status: summary.semantic === 'failed' ? 'degraded' : 'ok', ...summary };
}

/**
 * `GET /api/health`: the server is up, what its index holds and whether its semantic half is loaded;
 * `degraded` when that half failed to load (keyword search still answers).
 */
export function healthRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    res.json(answerHealth(searcher));
  });
  return router;
}
