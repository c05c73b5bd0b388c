import { SEARCH } from '../config.ts';
import { paragraphFilter } from '../corpus/paragraph-filter.ts';
import { SearchError } from '../errors.ts';
import type { LoadedIndex, SemanticIndex } from '../persist/loaded-index.ts';
import type { SearchFilters } from '../types.ts';
import { seqBitmap } from '../vector/seq-scope.ts';
import { MATCHED_ONLY_BY } from './fuse.ts';
import type { PreparedQuery } from './prepare-query.ts';
import { timedAsync } from './search-timing.ts';
import type { Ranking, Scored, SearchContext } from './search-types.ts';

/** Semantic mode: the nearest paragraphs by meaning, already in final order. */
export async function rankSemantic(
  context: SearchContext,
  query: PreparedQuery,
  filters: SearchFilters,
): Promise<Ranking> {
  const ranked = await semanticRanking(context, query, filters);
  return {
    total: ranked.length,
    seqs: ranked.map(({ seq }) => seq),
    slice: (start, end) => ranked.slice(start, end),
    keywordTerms: [],
    queryWords: query.words,
    conceptTerms: [],
  };
}

/**
 * The nearest paragraphs to the query's meaning, most similar first: at most `limit` of them, none
 * below the index's calibrated floor (a nearest neighbour of an unrelated query is not a match).
 */
export async function semanticRanking(
  context: SearchContext,
  query: PreparedQuery,
  filters: SearchFilters,
  options: { limit?: number; minSimilarity?: number } = {},
): Promise<Scored[]> {
  return timedAsync(context.timing, 'semantic', () => nearest(context, query, filters, options));
}

async function nearest(
  context: SearchContext,
  query: PreparedQuery,
  filters: SearchFilters,
  options: { limit?: number; minSimilarity?: number },
): Promise<Scored[]> {
  const semantic = requireSemantic(context.index);
  const floor = options.minSimilarity ?? semantic.calibration.searchFloor;
  // The filter crosses to the semantic worker as data: a bitmap of the admitted seqs.
  const filter = paragraphFilter(context.view, filters);
  const scope = filter ? { allowed: seqBitmap(context.view.paragraphCount, filter) } : {};
  const matches = await semantic.neighbours.nearestToText(
    query.text,
    options.limit ?? SEARCH.semanticResults,
    scope,
  );
  return matches
    .filter((match) => match.similarity >= floor)
    .map(({ seq, similarity }) => ({ seq, score: similarity, matchedBy: MATCHED_ONLY_BY.semantic }));
}

/** The semantic half of the index, or an INVALID_PARAMETER error explaining that this index was built without it. */
export function requireSemantic(index: LoadedIndex): SemanticIndex {
  if (!index.semantic) {
    throw new SearchError('INVALID_PARAMETER', 'This index was built without embeddings; use mode=keyword.');
  }
  return index.semantic;
}
