import { SEARCH, SEMANTIC_SIMILARITY } from '../config.ts';
import { HttpError } from '../errors.ts';
import { searchKeyword } from '../keyword/keyword-search.ts';
import { parseQuery } from '../keyword/query-parser.ts';
import { containsPhrase } from '../keyword/text-match.ts';
import type { LoadedIndex, SemanticIndex } from '../persist/loaded-index.ts';
import { contentWords } from '../text/analyze.ts';
import { normalizeText } from '../text/normalize.ts';
import type { MatchSource, SearchFilters, SearchMode } from '../types.ts';
import { searchVectors } from '../vector/vector-index.ts';
import type { CorpusView } from './corpus-view.ts';
import { paragraphFilter } from './filters.ts';
import type { Scored } from './hits.ts';
import { hybridRanking } from './hybrid-ranking.ts';

/** What a searcher ranks over: the loaded index and its lookups. */
export interface SearchContext {
  index: LoadedIndex;
  view: CorpusView;
}

/** The whole result set of a query, with the words its snippets should mark. */
export interface Ranking {
  /** How many paragraphs match. */
  total: number;
  /** Every matched seq, in no particular order: what facets count. */
  seqs: ArrayLike<number>;
  /** Hits `start` to `end` (exclusive) in their final order (phrase matches pinned in hybrid mode). */
  slice(start: number, end: number): Scored[];
  /** Terms keyword search matched, for the snippets of keyword hits. */
  keywordTerms: string[];
  /** The query's own words, for the snippets of hits found by meaning only. */
  queryWords: string[];
}

const KEYWORD: MatchSource[] = ['keyword'];

/** A ranking over a list already in final order (semantic mode). */
function listRanking(ranked: Scored[], keywordTerms: string[], queryWords: string[]): Ranking {
  return {
    total: ranked.length,
    seqs: ranked.map(({ seq }) => seq),
    slice: (start, end) => ranked.slice(start, end),
    keywordTerms,
    queryWords,
  };
}

/** Ranks every paragraph matching `query` in `mode` under `filters`, best first. */
export async function rankParagraphs(
  context: SearchContext,
  query: string,
  mode: SearchMode,
  filters: SearchFilters,
): Promise<Ranking> {
  const words = queryWords(query);
  if (mode === 'keyword') {
    // Only the page is ranked: a common word's 100k matches are scored and counted, never sorted.
    const result = searchKeyword(context.index.keyword, parseQuery(query), filters);
    return {
      total: result.seqs.length,
      seqs: result.seqs,
      slice: (start, end) =>
        result
          .best(end)
          .slice(start)
          .map(({ seq, score }) => ({ seq, score, matchedBy: [...KEYWORD] })),
      keywordTerms: result.terms,
      queryWords: words,
    };
  }
  if (mode === 'semantic') return listRanking(await semanticRanking(context, query, filters), [], words);
  const keyword = searchKeyword(context.index.keyword, parseQuery(query), filters);
  const semantic = await semanticRanking(context, query, filters);
  const phrase = normalizeText(query);
  const fused = hybridRanking({
    keyword,
    semantic,
    isPhraseMatch: (seq) => containsPhrase(context.view.paragraphAt(seq).text, phrase),
    phraseMatches: () => phraseMatchSeqs(context, query, filters),
    depth: SEARCH.hybridKeywordDepth,
    rrfK: SEARCH.rrfK,
  });
  return { ...fused, keywordTerms: keyword.terms, queryWords: words };
}

/**
 * The nearest paragraphs to the query's meaning, most similar first: at most `limit` of them, none
 * below the embedder's floor (a nearest neighbour of an unrelated query is not a match).
 */
export async function semanticRanking(
  context: SearchContext,
  query: string,
  filters: SearchFilters,
  options: { limit?: number; minSimilarity?: number } = {},
): Promise<Scored[]> {
  const semantic = requireSemantic(context.index);
  const vector = await semantic.embedder.embedQuery(normalizeText(query));
  const floor = options.minSimilarity ?? SEMANTIC_SIMILARITY[semantic.embedder.info.kind].searchFloor;
  return searchVectors(
    semantic.vectors,
    vector,
    options.limit ?? SEARCH.semanticResults,
    paragraphFilter(context.view, filters),
  )
    .filter((match) => match.similarity >= floor)
    .map(({ seq, similarity }) => ({ seq, score: similarity, matchedBy: ['semantic'] }));
}

/** Every paragraph holding the whole query as a phrase (as `containsPhrase` tests it), ascending, found through the index. */
export function phraseMatchSeqs(context: SearchContext, query: string, filters: SearchFilters): Uint32Array {
  return searchKeyword(context.index.keyword, { kind: 'phrase', text: normalizeText(query) }, filters).seqs;
}

/** The semantic half of the index, or a 400 explaining that this index was built without it. */
export function requireSemantic(index: LoadedIndex): SemanticIndex {
  if (!index.semantic) {
    throw new HttpError('INVALID_PARAMETER', 'This index was built without embeddings; use mode=keyword.');
  }
  return index.semantic;
}

/** The query's words worth marking in a meaning-only hit: content words of two or more characters. */
export function queryWords(query: string): string[] {
  const words = contentWords(normalizeText(query)).filter((word) => [...word].length >= 2);
  return [...new Set(words)];
}
