import { Router } from 'express';
import { toCsv } from '../../contract/csv.ts';
import { defaultMode } from '../../contract/default-mode.ts';
import { parseExportParams } from '../../contract/params.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';
import {
  runInLane,
  sendTimedJson,
  sendTimedText,
  startRequestTiming,
  timeRoute,
  timeRouteAsync,
} from '../server-timing.ts';

const CSV_HEADER = ['year', 'document', 'number', 'section', 'text', 'citation', 'paragraphId', 'score'];

/** `GET /api/export`: the whole result set of a search as CSV or JSON, each row with its citation (and Server-Timing). */
export function exportRoutes(searcher: Searcher, lane: BulkLane): Router {
  const router = Router();
  router.get('/api/export', async (req, res) => {
    const timing = startRequestTiming(res);
    const { format, ...request } = timeRoute(timing, 'params', () =>
      parseExportParams(req.query, defaultMode(searcher)),
    );
    const rows = await runInLane(lane, res, timing, () =>
      timeRouteAsync(timing, 'export', () => searcher.exportRows(request)),
    );
    const fileName = `search-export.${format}`;
    res.attachment(fileName);
    if (format === 'json') {
      const body = {
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
      };
      sendTimedJson(res, body, timing);
      return;
    }
    res.type('text/csv; charset=utf-8');
    const csv = timeRoute(timing, 'serialize', () =>
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
    sendTimedText(res, csv, timing);
  });
  return router;
}
