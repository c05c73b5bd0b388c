import { Router } from 'express';
import { SearchError } from '../../errors.ts';
import type { CompareResponse } from '../../lineage/compare.ts';
import type { Searcher } from '../../search/searcher.ts';
import { toCsv } from '../csv.ts';
import { parseCompareParams, parseId } from '../params.ts';

const CSV_HEADER = [
  'status',
  'score',
  'fromParagraphIds',
  'fromText',
  'toParagraphIds',
  'toText',
  'numbersRemoved',
  'numbersAdded',
  'agenciesAdded',
  'agenciesRemoved',
];

/** A comparison as CSV rows: every link, then the dropped and the new units, one row each. */
export function compareCsv(comparison: CompareResponse): string {
  const ids = (units: { paragraphId: string }[]) => units.map((unit) => unit.paragraphId).join(' ');
  const texts = (units: { text: string }[]) => units.map((unit) => unit.text).join('\n');
  const rows: (string | number | null)[][] = comparison.links.map((link) => [
    link.status,
    link.score,
    ids(link.from),
    texts(link.from),
    ids(link.to),
    texts(link.to),
    link.changes.numbers.removed.join(' '),
    link.changes.numbers.added.join(' '),
    link.changes.agenciesAdded.join('、'),
    link.changes.agenciesRemoved.join('、'),
  ]);
  for (const unit of comparison.onlyFrom)
    rows.push(['dropped', null, unit.paragraphId, unit.text, '', '', '', '', '', '']);
  for (const unit of comparison.onlyTo)
    rows.push(['new', null, '', '', unit.paragraphId, unit.text, '', '', '', '']);
  return toCsv(CSV_HEADER, rows);
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
    const documents = searcher.lineage().series(parseId(req.params.id, 'document'));
    if (!documents) throw new SearchError('NOT_FOUND', 'No document with this id.');
    res.json({ documents });
  });
  router.get('/api/paragraphs/:id/lineage', (req, res) => {
    const lineage = searcher.lineage().lineage(parseId(req.params.id, 'paragraph'));
    if (!lineage) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
    res.json(lineage);
  });
  return router;
}
