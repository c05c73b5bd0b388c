/**
 * Ranking every match of a query, best first: a linear-time sort of quantized scores, because a
 * common word in the laws corpus matches tens of thousands of paragraphs and all of them are ranked.
 */

/** One ranked match: the paragraph's seq and its score (higher is better). */
export interface KeywordMatch {
  seq: number;
  score: number;
}

/** Score resolution of the sort: 2^20 steps per unit, tiers up to 15, in 24-bit keys. */
const SCORE_SCALE = 2 ** 20;
const KEY_MAX = 2 ** 24 - 1;
const RADIX_BITS = 12;
const RADIX = 2 ** RADIX_BITS;

/**
 * Orders matches by score, best first, ties by seq. A stable LSD radix sort (two 12-bit passes)
 * over 24-bit quantized scores: linear in the number of matches, several times faster than a
 * comparison sort when a common word matches tens of thousands of paragraphs. The returned score
 * is the quantized one (exact to 2^-20).
 */
export function rankBest(seqs: Uint32Array, scores: Float64Array): KeywordMatch[] {
  const count = seqs.length;
  let keys = new Uint32Array(count);
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    // Inverted so that ascending key order is descending score; seqs arrive ascending, and the
    // sort is stable, so ties stay in seq order.
    keys[i] = KEY_MAX - Math.min(KEY_MAX, Math.floor((scores[i] as number) * SCORE_SCALE));
    order[i] = i;
  }
  let nextKeys = new Uint32Array(count);
  let nextOrder = new Uint32Array(count);
  const buckets = new Uint32Array(RADIX);
  for (let shift = 0; shift < 24; shift += RADIX_BITS) {
    buckets.fill(0);
    for (let i = 0; i < count; i++) {
      const bucket = ((keys[i] as number) >>> shift) & (RADIX - 1);
      buckets[bucket] = (buckets[bucket] as number) + 1;
    }
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const size = buckets[b] as number;
      buckets[b] = sum;
      sum += size;
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i] as number;
      const bucket = (key >>> shift) & (RADIX - 1);
      const at = buckets[bucket] as number;
      buckets[bucket] = at + 1;
      nextKeys[at] = key;
      nextOrder[at] = order[i] as number;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [order, nextOrder] = [nextOrder, order];
  }
  const matches: KeywordMatch[] = new Array(count);
  for (let i = 0; i < count; i++) {
    matches[i] = {
      seq: seqs[order[i] as number] as number,
      score: (KEY_MAX - (keys[i] as number)) / SCORE_SCALE,
    };
  }
  return matches;
}
