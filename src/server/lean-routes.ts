/**
 * The routes the lean path (lean-path.ts) serves, by exact path: the API's read-only JSON answers
 * that take only a query string. Each calls the answer function of its Express route, so the two
 * ways in share the validation, the search and the bulk lane; only the sending differs. Routes with
 * path parameters, CSV answers or file downloads stay with Express alone.
 */
import type { Searcher } from '../search/searcher.ts';
import type { BulkLane } from './bulk-lane.ts';
import type { LeanRoute } from './lean-path.ts';
import { answerDocuments } from './routes/documents.ts';
import { answerHealth } from './routes/health.ts';
import { answerSearch } from './routes/search.ts';
import { answerSuggest } from './routes/suggest.ts';
import { answerTimeline } from './routes/timeline.ts';

/** The lean routes over `searcher`, sharing `lane` with the Express app. */
export function leanRoutes(searcher: Searcher, lane: BulkLane): Map<string, LeanRoute> {
  return new Map<string, LeanRoute>([
    [
      '/api/search',
      { timed: true, answer: (query, res, timing) => answerSearch(searcher, lane, query, res, timing) },
    ],
    [
      '/api/timeline',
      { timed: true, answer: (query, res, timing) => answerTimeline(searcher, lane, query, res, timing) },
    ],
    ['/api/health', { timed: false, answer: () => answerHealth(searcher) }],
    ['/api/documents', { timed: false, answer: () => answerDocuments(searcher) }],
    ['/api/suggest', { timed: false, answer: (query) => answerSuggest(searcher, query) }],
  ]);
}
