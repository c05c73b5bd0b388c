/**
 * Ranking the matches of a query, best first: a linear-time sort of quantized scores for all of them
 * (a common word in the laws corpus matches tens of thousands of paragraphs), or a heap selection of
 * only the best few when a page is all that is asked for.
 */
import { seekAtLeast } from './postings.ts';

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

/** The sort key of a score, higher is better: the quantization {@link rankBest} and {@link rankTop} order by. */
function scoreKey(score: number): number {
  return Math.min(KEY_MAX, Math.floor(score * SCORE_SCALE));
}

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
    keys[i] = KEY_MAX - scoreKey(scores[i] as number);
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

/**
 * The `n` best matches, best first: exactly the first `n` of {@link rankBest}, without ordering the
 * rest. One pass keeps the best `n` in a heap whose root is the worst kept, so a match that cannot
 * enter the page costs one comparison — a page of 20 out of 100k matches sorts nothing else.
 */
export function rankTop(seqs: Uint32Array, scores: Float64Array, n: number): KeywordMatch[] {
  const count = seqs.length;
  const size = Math.max(0, Math.min(n, count));
  if (size === 0) return [];
  // Heap entries: quantized score (higher is better) and input position (earlier wins a tie).
  const heapKey = new Float64Array(size);
  const heapAt = new Uint32Array(size);
  // Whether entry a ranks below entry b.
  const worse = (a: number, b: number) =>
    (heapKey[a] as number) < (heapKey[b] as number) ||
    (heapKey[a] === heapKey[b] && (heapAt[a] as number) > (heapAt[b] as number));
  const swap = (a: number, b: number) => {
    const key = heapKey[a] as number;
    heapKey[a] = heapKey[b] as number;
    heapKey[b] = key;
    const position = heapAt[a] as number;
    heapAt[a] = heapAt[b] as number;
    heapAt[b] = position;
  };
  for (let i = 0; i < count; i++) {
    const key = scoreKey(scores[i] as number);
    let at: number;
    if (i < size) {
      heapKey[i] = key;
      heapAt[i] = i;
      // Sift up: the root stays the worst kept.
      for (at = i; at > 0 && worse(at, (at - 1) >> 1); at = (at - 1) >> 1) swap(at, (at - 1) >> 1);
      continue;
    }
    // Later positions lose ties, so only a strictly higher score displaces the worst kept.
    if (key <= (heapKey[0] as number)) continue;
    heapKey[0] = key;
    heapAt[0] = i;
    for (at = 0; ; ) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < size && worse(left, worst)) worst = left;
      if (right < size && worse(right, worst)) worst = right;
      if (worst === at) break;
      swap(at, worst);
      at = worst;
    }
  }
  const order = Array.from({ length: size }, (_, entry) => entry).sort((a, b) =>
    worse(a, b) ? 1 : worse(b, a) ? -1 : 0,
  );
  return order.map((entry) => ({
    seq: seqs[heapAt[entry] as number] as number,
    score: (heapKey[entry] as number) / SCORE_SCALE,
  }));
}

/**
 * The 1-based rank in {@link rankBest}'s order of each target that is among `seqs`, without ranking
 * the rest: one pass in which every match finds, by binary search over the targets in rank order,
 * the first target it precedes. O(n log t) — a hundred ranks among 100k matches cost about a
 * millisecond where the full sort costs ten.
 */
export function ranksOf(
  seqs: Uint32Array,
  scores: Float64Array,
  targets: Iterable<number>,
): Map<number, number> {
  const found: { seq: number; key: number; at: number }[] = [];
  for (const seq of new Set(targets)) {
    const at = seekAtLeast(seqs, seq, 0);
    if (seqs[at] === seq) found.push({ seq, key: scoreKey(scores[at] as number), at });
  }
  // Rank order: higher key first, then earlier position (seqs ascend, so lower seq).
  found.sort((a, b) => b.key - a.key || a.at - b.at);
  const keys = Float64Array.from(found, ({ key }) => key);
  const positions = Uint32Array.from(found, ({ at }) => at);
  // before[t] counts the matches whose first preceded target is t; prefix sums give each target's count.
  const before = new Uint32Array(found.length + 1);
  for (let i = 0; i < seqs.length && found.length > 0; i++) {
    const key = scoreKey(scores[i] as number);
    let low = 0;
    let high = found.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const targetKey = keys[middle] as number;
      const precedes = key > targetKey || (key === targetKey && i < (positions[middle] as number));
      if (precedes) high = middle;
      else low = middle + 1;
    }
    before[low] = (before[low] as number) + 1;
  }
  const ranks = new Map<number, number>();
  let preceding = 0;
  found.forEach(({ seq }, t) => {
    preceding += before[t] as number;
    ranks.set(seq, preceding + 1);
  });
  return ranks;
}
