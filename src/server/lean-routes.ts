/**
 * The routes the lean path (lean-path.ts) serves, by Express path: every read-only JSON answer of the
 * API. Each calls the answer function of its Express route, so the two ways in share the validation,
 * the search and the bulk lane; only the sending differs. Routes that may answer with a file (the
 * export, the comparison's CSV), the OpenAPI document and its reference page stay with Express alone.
 */
import type { Searcher } from '../search/searcher.ts';
import type { BulkLane } from './bulk-lane.ts';
import type { LeanRoute } from './lean-path.ts';
import { answerLineage, answerSeries } from './routes/compare.ts';
import { answerDocument, answerDocuments } from './routes/documents.ts';
import { answerHealth } from './routes/health.ts';
import { answerParagraph, answerSimilar } from './routes/paragraphs.ts';
import { answerSearch } from './routes/search.ts';
import { answerSuggest } from './routes/suggest.ts';
import { answerTimeline } from './routes/timeline.ts';
import { createSearchParamsMemo } from './search-params-memo.ts';

/** The lean routes over `searcher`, sharing `lane` with the Express app. */
export function leanRoutes(searcher: Searcher, lane: BulkLane): Map<string, LeanRoute> {
  // `params.id` is there whenever the path matched its pattern.
  const id = (params: Readonly<Record<string, string>>) => params.id as string;
  const searchParams = createSearchParamsMemo();
  return new Map<string, LeanRoute>([
    [
      '/api/search',
      {
        timed: true,
        answer: (request, res, timing) =>
          answerSearch(
            searcher,
            lane,
            (mode) => searchParams.parse(request.queryString, mode, () => request.query),
            res,
            timing,
          ),
      },
    ],
    [
      '/api/timeline',
      { timed: true, answer: ({ query }, res, timing) => answerTimeline(searcher, lane, query, res, timing) },
    ],
    ['/api/health', { timed: false, answer: () => answerHealth(searcher) }],
    ['/api/documents', { timed: false, answer: () => answerDocuments(searcher) }],
    ['/api/documents/:id', { timed: false, answer: ({ params }) => answerDocument(searcher, id(params)) }],
    [
      '/api/documents/:id/series',
      { timed: false, answer: ({ params }) => answerSeries(searcher, id(params)) },
    ],
    ['/api/paragraphs/:id', { timed: false, answer: ({ params }) => answerParagraph(searcher, id(params)) }],
    [
      '/api/paragraphs/:id/similar',
      { timed: false, answer: ({ params, query }) => answerSimilar(searcher, id(params), query) },
    ],
    [
      '/api/paragraphs/:id/lineage',
      { timed: false, answer: ({ params }) => answerLineage(searcher, id(params)) },
    ],
    ['/api/suggest', { timed: false, answer: ({ query }) => answerSuggest(searcher, query) }],
  ]);
}
