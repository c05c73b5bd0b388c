import type { MatchSource } from '../types.ts';
import type { Scored } from './search-types.ts';

/** One entry of a ranked list: a paragraph seq, best first; `rank` (from 1) when it is not its position. */
export interface Ranked {
  seq: number;
  rank?: number;
}

/**
 * Reciprocal rank fusion: each list adds 1 / (k + rank) (rank from 1) to every paragraph it holds,
 * and `matchedBy` names the lists that held it. A larger `k` flattens the difference between the
 * top ranks and the rest.
 *
 * A hybrid search fuses ≈ 1,100 entries, and this was the largest allocation of a search (BENCHMARKS.md,
 * "Both cores, fifth pass"): the sums and the lists met are kept in plain arrays by position, and each
 * entry gets one of the few `matchedBy` arrays shared (frozen) by every entry held by the same lists,
 * instead of an array of its own grown by pushes. Sums are added in the same order as before, so the
 * scores are the same to the last bit.
 */
export function reciprocalRankFusion(
  lists: { source: MatchSource; ranked: Ranked[] }[],
  k: number,
): Scored[] {
  const at = new Map<number, number>();
  const seqs: number[] = [];
  const scores: number[] = [];
  const held: number[] = [];
  for (const { source, ranked } of lists) {
    const bit = 1 << (SOURCE_ORDER[source] as number);
    for (let index = 0; index < ranked.length; index++) {
      const { seq, rank } = ranked[index] as Ranked;
      let position = at.get(seq);
      if (position === undefined) {
        position = seqs.length;
        at.set(seq, position);
        seqs.push(seq);
        scores.push(0);
        held.push(0);
      }
      scores[position] = (scores[position] as number) + 1 / (k + (rank ?? index + 1));
      held[position] = (held[position] as number) | bit;
    }
  }
  const fused = new Array<Scored>(seqs.length);
  for (let i = 0; i < seqs.length; i++) {
    fused[i] = {
      seq: seqs[i] as number,
      score: scores[i] as number,
      matchedBy: MATCHED_BY[held[i] as number] as readonly MatchSource[],
    };
  }
  return fused.sort((a, b) => b.score - a.score || a.seq - b.seq);
}

/** The order `matchedBy` names its lists in, whatever order they were fused in. */
const SOURCE_ORDER: Readonly<Record<MatchSource, number>> = { keyword: 0, semantic: 1, concept: 2 };

/** `matchedBy` for each set of lists (bit `SOURCE_ORDER[source]` set for each), in that order; frozen, since entries share them. */
const MATCHED_BY: readonly (readonly MatchSource[])[] = Array.from({ length: 8 }, (_, mask) =>
  Object.freeze(
    (['keyword', 'semantic', 'concept'] as const).filter((source) => mask & (1 << SOURCE_ORDER[source])),
  ),
);

/**
 * The shared, frozen `matchedBy` naming `sources` (in {@link SOURCE_ORDER}): a ranking or timeline
 * makes one entry per match (a hybrid search's keyword tail, up to every keyword match), and an
 * array of its own for each was that many small objects of garbage.
 */
export function sharedMatchedBy(sources: readonly MatchSource[]): readonly MatchSource[] {
  const mask = sources.reduce((bits, source) => bits | (1 << SOURCE_ORDER[source]), 0);
  return MATCHED_BY[mask] as readonly MatchSource[];
}

/** `matchedBy` of an entry one list found alone ({@link sharedMatchedBy}). */
export const MATCHED_ONLY_BY: Readonly<Record<MatchSource, readonly MatchSource[]>> = {
  keyword: sharedMatchedBy(['keyword']),
  semantic: sharedMatchedBy(['semantic']),
  concept: sharedMatchedBy(['concept']),
};

/**
 * Fused entries split into phrase matches and the rest, each in fused order. Lazy: it stops testing
 * once `enough` phrase matches are found (`complete` is then false and `rest` partial), so a page of a
 * 70,000-hit query tests a few dozen paragraphs.
 */
export function splitByPhrase(
  fused: Scored[],
  isPhraseMatch: (seq: number) => boolean,
  enough: number,
): { pinned: Scored[]; rest: Scored[]; complete: boolean } {
  const pinned: Scored[] = [];
  const rest: Scored[] = [];
  for (const entry of fused) {
    if (pinned.length >= enough) return { pinned, rest, complete: false };
    (isPhraseMatch(entry.seq) ? pinned : rest).push(entry);
  }
  return { pinned, rest, complete: true };
}
