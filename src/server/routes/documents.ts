import { Router } from 'express';
import { parseId } from '../../contract/params.ts';
import { SearchError } from '../../errors.ts';
import type { Searcher } from '../../search/searcher.ts';

/** `GET /api/documents` and `GET /api/documents/:id`. */
export function documentRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/documents', (_req, res) => {
    res.json({ documents: searcher.documents() });
  });
  router.get('/api/documents/:id', (req, res) => {
    const found = searcher.document(parseId(req.params.id, 'document'));
    if (!found) throw new SearchError('NOT_FOUND', 'No document with this id.');
    res.json(found);
  });
  return router;
}
