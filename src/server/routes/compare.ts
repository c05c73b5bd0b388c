import { Router } from 'express';
import { compareCsv } from '../../contract/compare-csv.ts';
import { parseCompareParams, parseId } from '../../contract/params.ts';
import { SearchError } from '../../errors.ts';
import type { Searcher } from '../../search/searcher.ts';

/** The answer of `GET /api/documents/:id/series` (this route's and the lean path's). */
export function answerSeries(searcher: Searcher, id: string) {
  const documents = searcher.lineage().series(parseId(id, 'document'));
  if (!documents) throw new SearchError('NOT_FOUND', 'No document with this id.');
  return { documents };
}

/** The answer of `GET /api/paragraphs/:id/lineage` (this route's and the lean path's). */
export function answerLineage(searcher: Searcher, id: string) {
  const lineage = searcher.lineage().lineage(parseId(id, 'paragraph'));
  if (!lineage) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
  return lineage;
}

/**
 * `GET /api/compare?from=&to=&format=json|csv` (two documents' measures aligned),
 * `GET /api/documents/:id/series` (the other editions of a document) and
 * `GET /api/paragraphs/:id/lineage` (a paragraph's measures through its series).
 */
export function compareRoutes(searcher: Searcher): Router {
  const router = Router();
  router.get('/api/compare', (req, res) => {
    const { from, to, format } = parseCompareParams(req.query);
    const comparison = searcher.lineage().compare(from, to);
    if (!comparison) throw new SearchError('NOT_FOUND', 'No document with this id (from or to).');
    if (format === 'csv') {
      res.attachment(`compare-${from}-${to}.csv`);
      res.type('text/csv; charset=utf-8');
      res.send(compareCsv(comparison));
      return;
    }
    res.json(comparison);
  });
  router.get('/api/documents/:id/series', (req, res) => {
    res.json(answerSeries(searcher, req.params.id));
  });
  router.get('/api/paragraphs/:id/lineage', (req, res) => {
    res.json(answerLineage(searcher, req.params.id));
  });
  return router;
}
