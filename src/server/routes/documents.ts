import { Router } from 'express';
import { parseId } from '../../contract/params.ts';
import { SearchError } from '../../errors.ts';
import type { Searcher } from '../../search/searcher.ts';

/** The answer of `GET /api/documents` (this route's and the lean path's). */
export function answerDocuments(searcher: Searcher) {
  return { documents: searcher.documents() };
}

/** `GET /api/documents` and `GET /api/documents/:id`. */
export function documentRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/documents', (_req, res) => {
    res.json(answerDocuments(searcher));
  });
  router.get('/api/documents/:id', (req, res) => {
    const found = searcher.document(parseId(req.params.id, 'document'));
    if (!found) throw new SearchError('NOT_FOUND', 'No document with this id.');
    res.json(found);
  });
  return router;
}
