import type { KeywordResult } from '../keyword/keyword-result.ts';
import type { SearchFilters } from '../types.ts';
import { MATCHED_ONLY_BY } from './fuse.ts';
import { keywordHalf } from './keyword-half.ts';
import type { PreparedQuery } from './prepare-query.ts';
import type { Ranking, SearchContext } from './search-types.ts';

/**
 * Keyword mode: every paragraph the query language matches, best first. Only the page is ranked: a
 * common word's 100k matches are scored and counted, never sorted.
 */
export function rankKeyword(
  context: SearchContext,
  query: PreparedQuery,
  filters: SearchFilters,
): Ranking | Promise<Ranking> {
  const result = keywordHalf(context, query, filters);
  // In this thread the ranking is made at once, as it always was; from a search thread once it answers.
  return result instanceof Promise
    ? result.then((answered) => keywordRanking(answered, query))
    : keywordRanking(result, query);
}

function keywordRanking(result: KeywordResult, query: PreparedQuery): Ranking {
  return {
    total: result.seqs.length,
    seqs: result.seqs,
    slice: (start, end) =>
      result
        .best(end)
        .slice(start)
        .map(({ seq, score }) => ({ seq, score, matchedBy: MATCHED_ONLY_BY.keyword })),
    keywordTerms: result.terms,
    queryWords: query.words,
    conceptTerms: [],
  };
}
