/**
 * Neighbour support: measures move between editions in runs, not one by one. A weak pair whose
 * neighbours are confidently linked to the neighbours of its counterpart is likelier the same
 * measure than an equally weak pair far from any link — the way a reader aligns an item once its
 * first measures are found. (Support by shared paragraph, ignoring order inside an item, was tried
 * and lowered the tuning F1: an item's sentences then pull each other to the wrong counterparts.)
 */
import type { PairScore, PairScores } from './pair-scores.ts';

/**
 * How far each pair lies on the diagonal of nearby `anchors` (the first assignment's links), 0…1:
 * for an anchor whose from unit is at most `window` units before or after the pair's (and which
 * holds neither of the pair's units), the offsets on the two sides should agree — 1 when they agree
 * exactly, falling linearly to 0 at `window + 1` apart. The best anchor before the pair and the best
 * after it are averaged, so a pair inside a run of links gains most and one stray anchor counts half.
 */
export function neighbourSupport(
  pairs: PairScores,
  anchors: readonly PairScore[],
  window: number,
): Float64Array {
  // The to unit of the anchor at each from unit (-1: none), over every from unit a pair or anchor names.
  let fromCount = 0;
  for (let at = 0; at < pairs.length; at++) fromCount = Math.max(fromCount, (pairs.from[at] as number) + 1);
  for (let at = 0; at < anchors.length; at++)
    fromCount = Math.max(fromCount, (anchors[at] as PairScore).from + 1);
  const anchorTo = new Int32Array(fromCount).fill(-1);
  for (let at = 0; at < anchors.length; at++) {
    const anchor = anchors[at] as PairScore;
    anchorTo[anchor.from] = anchor.to;
  }
  const support = new Float64Array(pairs.length);
  // How well an anchor `offset` units from the pair's from unit agrees with the pair, 0…1.
  const agreement = (pairFrom: number, pairTo: number, offset: number) => {
    const at = pairFrom + offset;
    const to = at >= 0 && at < fromCount ? (anchorTo[at] as number) : -1;
    if (to === -1 || to === pairTo) return 0;
    // The anchor sits `offset` from the pair's from unit; on the diagonal its to unit does too.
    const skew = Math.abs(pairTo - to + offset);
    return Math.max(0, 1 - skew / (window + 1));
  };
  for (let at = 0; at < pairs.length; at++) {
    const pairFrom = pairs.from[at] as number;
    const pairTo = pairs.to[at] as number;
    let before = 0;
    let after = 0;
    for (let step = 1; step <= window; step++) {
      before = Math.max(before, agreement(pairFrom, pairTo, -step));
      after = Math.max(after, agreement(pairFrom, pairTo, step));
    }
    support[at] = (before + after) / 2;
  }
  return support;
}
