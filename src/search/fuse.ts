import type { MatchSource } from '../types.ts';

/** One entry of a ranked list: a paragraph seq, best first. */
export interface Ranked {
  seq: number;
}

/** A fused result: the summed reciprocal-rank score and which lists it came from. */
export interface Fused {
  seq: number;
  score: number;
  matchedBy: MatchSource[];
}

/**
 * Reciprocal rank fusion: each list adds 1 / (k + rank) (rank from 1) to every paragraph it holds.
 * A larger `k` flattens the difference between the top ranks and the rest.
 */
export function reciprocalRankFusion(lists: { source: MatchSource; ranked: Ranked[] }[], k: number): Fused[] {
  const fused = new Map<number, Fused>();
  for (const { source, ranked } of lists) {
    ranked.forEach(({ seq }, index) => {
      const entry = fused.get(seq) ?? { seq, score: 0, matchedBy: [] };
      entry.score += 1 / (k + index + 1);
      if (!entry.matchedBy.includes(source)) entry.matchedBy.push(source);
      fused.set(seq, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.seq - b.seq);
}

/**
 * Results `start` to `end` (exclusive) of the fused list reordered so that every paragraph holding the
 * whole query as a phrase comes before every paragraph that does not, each group in fused order: the
 * promise that an exact match is never ranked below a meaning-only match. Lazy: it tests paragraphs
 * only until the page is full of phrase matches, so a page of a 70,000-hit query checks a few dozen.
 */
export function pinnedSlice(
  fused: Fused[],
  isPhraseMatch: (seq: number) => boolean,
  start: number,
  end: number,
): Fused[] {
  const pinned: Fused[] = [];
  const rest: Fused[] = [];
  for (const entry of fused) {
    (isPhraseMatch(entry.seq) ? pinned : rest).push(entry);
    if (pinned.length >= end) return pinned.slice(start, end);
  }
  return [...pinned, ...rest].slice(start, end);
}
