import { searchKeyword } from '../keyword/keyword-search.ts';
import type { SearchFilters } from '../types.ts';
import type { PreparedQuery } from './prepare-query.ts';
import { timed } from './search-timing.ts';
import type { Ranking, SearchContext } from './search-types.ts';

/**
 * Keyword mode: every paragraph the query language matches, best first. Only the page is ranked: a
 * common word's 100k matches are scored and counted, never sorted.
 */
export function rankKeyword(context: SearchContext, query: PreparedQuery, filters: SearchFilters): Ranking {
  const result = timed(context.timing, 'keyword', () =>
    searchKeyword(context.index.keyword, query.tree, filters),
  );
  return {
    total: result.seqs.length,
    seqs: result.seqs,
    slice: (start, end) =>
      result
        .best(end)
        .slice(start)
        .map(({ seq, score }) => ({ seq, score, matchedBy: ['keyword'] })),
    keywordTerms: result.terms,
    queryWords: query.words,
    conceptTerms: [],
  };
}
