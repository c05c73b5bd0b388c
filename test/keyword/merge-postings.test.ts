/**
 * Merging postings: the previous build's postings with paragraphs dropped and renumbered, plus the
 * added paragraphs' postings, hold for every token exactly the list a build over the new corpus
 * holds — whether the previous token table is extended (nothing gone) or built anew (tokens gone),
 * and from packed (loaded) postings as from built ones.
 */
import { describe, expect, it } from 'vitest';
import { mergePostings } from '../../src/keyword/merge-postings.ts';
import {
  buildPostings,
  loadPostings,
  type Postings,
  postingList,
  savePostings,
} from '../../src/keyword/postings.ts';
import { tokenCount } from '../../src/keyword/token-table.ts';

const split = (text: string) => text.split(' ').filter(Boolean);

const previous = ['知识 产权 保护', '专利 质押 融资 专利', '商标 保护', '知识 产权 质押', '数据 产权'];

/** Every token's list of `postings`, keyed by token. */
function lists(postings: Postings, tokens: Iterable<string>) {
  return Object.fromEntries(
    [...new Set(tokens)].map((token) => {
      const list = postingList(postings, token);
      return [token, { seqs: [...list.seqs], frequencies: [...list.frequencies] }];
    }),
  );
}

/** Deterministic random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mergePostings', () => {
  it.each([
    ['a paragraph added in the middle (the token table is extended)', [], [2], ['地理 标志 保护 专利']],
    ['paragraphs added after the last (nothing renumbered)', [], [5, 6], ['专利 新', '数据 标志']],
    ['paragraphs added at both ends', [], [0, 6], ['新 知识', '专利 新']],
    ['a paragraph dropped (its only token goes: the table is built anew)', [4], [], []],
    ['one dropped, two added', [1], [1, 3], ['专利 转化', '商标 数据']],
  ])('equals a build of the new corpus: %s', (_name, dropped, addedAt, addedTexts) => {
    // The new corpus: previous paragraphs minus the dropped, the added ones inserted at addedAt (new seqs).
    const kept = previous.filter((_, seq) => !dropped.includes(seq));
    const corpus: string[] = [];
    const previousToNew = new Int32Array(previous.length).fill(-1);
    let next = 0;
    for (let seq = 0; seq <= addedAt.length + kept.length - 1; seq++) {
      const a = addedAt.indexOf(seq);
      if (a >= 0) corpus.push(addedTexts[a] as string);
      else corpus.push(kept[next++] as string);
    }
    next = 0;
    previous.forEach((text, seq) => {
      if (dropped.includes(seq)) return;
      previousToNew[seq] = corpus.indexOf(text, next);
      next = (previousToNew[seq] as number) + 1;
    });
    const built = buildPostings(previous.length, (seq) => split(previous[seq] as string));
    for (const before of [built, loadPostings(savePostings(built))]) {
      const merged = mergePostings({
        previous: before,
        previousToNew,
        added: buildPostings(addedTexts.length, (i) => split(addedTexts[i] as string)),
        addedToNew: Uint32Array.from(addedAt),
      });
      const full = buildPostings(corpus.length, (seq) => split(corpus[seq] as string));
      const tokens = [...previous, ...addedTexts].flatMap(split);
      expect(lists(merged, tokens)).toEqual(lists(full, tokens));
      expect(tokenCount(merged.tokens)).toBe(tokenCount(full.tokens));
    }
  });

  it.each([
    ['documents added in the middle', 1, 0, 3],
    ['documents dropped and added', 2, 4, 2],
    ['documents dropped only', 3, 5, 0],
    ['documents added at the end only', 4, 0, -1],
  ])(
    'equals a build of a 600-paragraph corpus with %s (long gaps, rare tokens)',
    (_name, seed, drops, adds) => {
      const next = random(seed);
      const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
      // Word i appears with probability ~1/(i+1): long lists and lists with gaps past one varint byte.
      const paragraph = () => vocabulary.filter((_, i) => next() < 1 / (i + 1)).join(' ') || 'w0';
      const previousTexts = Array.from({ length: 600 }, paragraph);
      // Documents are runs of 20 paragraphs; some are dropped, some added between others.
      const runs = Array.from({ length: 30 }, (_, r) => previousTexts.slice(r * 20, r * 20 + 20));
      const dropped = new Set(Array.from({ length: drops }, () => Math.floor(next() * 30)));
      type Run = { texts: string[]; previousStart: number };
      const newRuns: Run[] = [];
      runs.forEach((texts, r) => {
        if (adds > 0 && next() < adds / 30)
          newRuns.push({ texts: Array.from({ length: 7 }, paragraph), previousStart: -1 });
        if (!dropped.has(r)) newRuns.push({ texts, previousStart: r * 20 });
      });
      if (adds < 0) newRuns.push({ texts: Array.from({ length: 9 }, paragraph), previousStart: -1 });
      const previousToNew = new Int32Array(600).fill(-1);
      const corpus: string[] = [];
      const addedAt: number[] = [];
      const addedTexts: string[] = [];
      for (const run of newRuns) {
        run.texts.forEach((text, i) => {
          if (run.previousStart >= 0) previousToNew[run.previousStart + i] = corpus.length;
          else {
            addedAt.push(corpus.length);
            addedTexts.push(text);
          }
          corpus.push(text);
        });
      }
      const built = buildPostings(600, (seq) => split(previousTexts[seq] as string));
      const merged = mergePostings({
        previous: loadPostings(savePostings(built)),
        previousToNew,
        added: buildPostings(addedTexts.length, (i) => split(addedTexts[i] as string)),
        addedToNew: Uint32Array.from(addedAt),
      });
      const full = buildPostings(corpus.length, (seq) => split(corpus[seq] as string));
      expect(lists(merged, vocabulary)).toEqual(lists(full, vocabulary));
      expect(tokenCount(merged.tokens)).toBe(tokenCount(full.tokens));
    },
  );
});
