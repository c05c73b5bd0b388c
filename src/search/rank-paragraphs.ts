import type { SearchFilters, SearchMode } from '../types.ts';
import { rankHybrid } from './hybrid-ranking.ts';
import { rankKeyword } from './keyword-ranking.ts';
import type { PreparedQuery } from './prepare-query.ts';
import type { Ranking, SearchContext } from './search-types.ts';
import { rankSemantic } from './semantic-ranking.ts';

/** Ranks every paragraph matching `query` in `mode` under `filters`, best first. */
export async function rankParagraphs(
  context: SearchContext,
  query: PreparedQuery,
  mode: SearchMode,
  filters: SearchFilters,
): Promise<Ranking> {
  switch (mode) {
    case 'keyword':
      return rankKeyword(context, query, filters);
    case 'semantic':
      return rankSemantic(context, query, filters);
    case 'hybrid':
      return rankHybrid(context, query, filters);
  }
}
