/**
 * Small pure pieces of pooled judging (judging-pool.ts): a seeded shuffle, so a pool hides its
 * systems' order yet can be rebuilt identically, and the label substring a judged paragraph gets.
 */

import { seededRandom } from '../../src/seeded-random.ts';

/** Shortest label substring tried; shorter ones would match other articles of a long law. */
const MIN_LABEL_CHARS = 12;

/** A deterministic shuffle (mulberry32 as the random source). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The shortest opening of `text` (≥ 12 letters, growing by 4) that none of `siblings` contains; else the whole text. */
export function uniqueOpening(text: string, siblings: readonly string[]): string {
  for (let length = MIN_LABEL_CHARS; length < text.length; length += 4) {
    const opening = text.slice(0, length);
    if (siblings.every((other) => !other.includes(opening))) return opening;
  }
  return text;
}
