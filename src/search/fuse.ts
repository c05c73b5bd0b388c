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
 */
export function reciprocalRankFusion(
  lists: { source: MatchSource; ranked: Ranked[] }[],
  k: number,
): Scored[] {
  const fused = new Map<number, Scored>();
  for (const { source, ranked } of lists) {
    ranked.forEach(({ seq, rank }, index) => {
      const entry = fused.get(seq) ?? { seq, score: 0, matchedBy: [] };
      entry.score += 1 / (k + (rank ?? index + 1));
      if (!entry.matchedBy.includes(source)) entry.matchedBy.push(source);
      fused.set(seq, entry);
    });
  }
  for (const entry of fused.values()) entry.matchedBy.sort((a, b) => SOURCE_ORDER[a] - SOURCE_ORDER[b]);
  return [...fused.values()].sort((a, b) => b.score - a.score || a.seq - b.seq);
}

/** The order `matchedBy` names its lists in, whatever order they were fused in. */
const SOURCE_ORDER: Readonly<Record<MatchSource, number>> = { keyword: 0, semantic: 1, concept: 2 };

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
