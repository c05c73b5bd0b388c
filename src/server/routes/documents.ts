import { Router } from 'express';
import { parseId } from '../../contract/params.ts';
import { SearchError } from '../../errors.ts';
import type { Searcher } from '../../search/searcher.ts';

/** The answer of `GET /api/documents` (this route's and the lean path's). */
export function answerDocuments(searcher: Searcher) {
  return { documents: searcher.documents() };
}

/** The answer of `GET /api/documents/:id` for the path parameter `id` (this route's and the lean path's). */
export function answerDocument(searcher: Searcher, id: string) {
  const found = searcher.document(parseId(id, 'document'));
  if (!found) throw new SearchError('NOT_FOUND', 'No document with this id.');
  return found;
}

/** `GET /api/documents` and `GET /api/documents/:id`. */
export function documentRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/documents', (_req, res) => {
    res.json(answerDocuments(searcher));
  });
  router.get('/api/documents/:id', (req, res) => {
    res.json(answerDocument(searcher, req.params.id));
  });
  return router;
}
