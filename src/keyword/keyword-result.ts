/**
 * The result of a keyword search, lazy: every match is scored, but ranked only as far as it is read
 * (a page selects its top few with a bounded heap; a full read sorts once and keeps the order).
 */
import { type KeywordMatch, rankBest, ranksOf, rankTop } from './rank-best.ts';

/** Every match, and the strings to highlight in them. Ordering is paid for only as far as it is read. */
export interface KeywordResult {
  /** Every match, best first (all of them ranked on first read: prefer {@link KeywordResult.best} for a page). */
  readonly matches: KeywordMatch[];
  terms: string[];
  /** The matched seqs, ascending: enough to count a result set without ranking it. */
  seqs: Uint32Array;
  /** Each match's score, aligned with `seqs`. */
  scores: Float64Array;
  /** The `n` best matches, best first: the first `n` of `matches`. */
  best(n: number): KeywordMatch[];
  /** The 1-based rank in `matches` of each of these seqs that matches, without ranking the rest. */
  ranksOf(seqs: Iterable<number>): Map<number, number>;
  /**
   * The matches that also hold `phrase` (normalized text) as a phrase, ascending: found in the same
   * evaluation — a one-term query spelled as the phrase has them already, as its verbatim matches.
   */
  phraseMatches(phrase: string): Uint32Array;
  /**
   * The matches holding `phrase` when they are already known (a keyword search thread computed them
   * with the search), else null: hybrid mode then tells a keyword match's phrase match without
   * reading its text. Absent on a result computed in this thread.
   */
  knownPhraseMatches?(phrase: string): Uint32Array | null;
}

/** A page at least this share of the matches ranks them all (and keeps the order for the next page). */
const FULL_RANK_SHARE = 0.25;

/** Scored matches that rank themselves on demand: a page selects its top few, a full read sorts once. */
export class ScoredMatches implements KeywordResult {
  private ranked: KeywordMatch[] | null = null;

  constructor(
    readonly seqs: Uint32Array,
    readonly scores: Float64Array,
    readonly terms: string[],
    readonly phraseMatches: (phrase: string) => Uint32Array,
  ) {}

  get matches(): KeywordMatch[] {
    this.ranked ??= rankBest(this.seqs, this.scores);
    return this.ranked;
  }

  best(n: number): KeywordMatch[] {
    if (this.ranked || n >= this.seqs.length * FULL_RANK_SHARE) return this.matches.slice(0, n);
    return rankTop(this.seqs, this.scores, n);
  }

  ranksOf(seqs: Iterable<number>): Map<number, number> {
    return ranksOf(this.seqs, this.scores, seqs);
  }
}
