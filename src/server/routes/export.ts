import { Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';
import { toCsv } from '../csv.ts';
import { defaultMode } from '../default-mode.ts';
import { parseExportParams } from '../params.ts';

const CSV_HEADER = ['year', 'document', 'number', 'section', 'text', 'citation', 'paragraphId', 'score'];

/** `GET /api/export`: the whole result set of a search as CSV or JSON, each row with its citation. */
export function exportRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/export', async (req, res) => {
    const { format, ...request } = parseExportParams(req.query, defaultMode(searcher));
    const rows = await lane.run(() => searcher.exportRows(request), res);
    const fileName = `search-export.${format}`;
    res.attachment(fileName);
    if (format === 'json') {
      res.json({
        query: request.query,
        mode: request.mode,
        total: rows.length,
        rows: rows.map((row) => ({
          year: row.year,
          document: row.title,
          number: row.number,
          section: row.section,
          text: row.text,
          citation: row.citation,
          paragraphId: row.id,
          docId: row.docId,
          score: row.score,
        })),
      });
      return;
    }
    res.type('text/csv; charset=utf-8');
    res.send(
      toCsv(
        CSV_HEADER,
        rows.map((row) => [
          row.year,
          row.title,
          row.number,
          row.section.join(' > '),
          row.text,
          row.citation,
          row.id,
          Math.round(row.score * 10_000) / 10_000,
        ]),
      ),
    );
  });
  return router;
}
