/**
 * The search layer's shared vocabulary, at the bottom of the layer: what every mode ranks over and
 * what it returns. Nothing here imports a sibling that does work, so no file of the layer needs to
 * borrow a type from its caller.
 */

import type { CorpusView } from '../corpus/corpus-view.ts';
import type { LoadedIndex } from '../persist/loaded-index.ts';
import type { MatchSource } from '../types.ts';
import type { SearchTiming } from './search-timing.ts';

/** What a searcher ranks over: the loaded index and its lookups. */
export interface SearchContext {
  index: LoadedIndex;
  view: CorpusView;
  /** Where the rankings add the duration of their phases, when the caller asked (Server-Timing). */
  timing?: SearchTiming;
}

/** A ranked paragraph before it is dressed as a hit: its seq, its score in its list and how it was found. */
export interface Scored {
  seq: number;
  score: number;
  matchedBy: readonly MatchSource[];
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
  /** The concept groups' words and official terms, for the snippets of concept-coverage hits (hybrid). */
  conceptTerms: string[];
}
