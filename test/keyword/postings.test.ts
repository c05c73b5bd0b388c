import { describe, expect, it } from 'vitest';
import { KEYWORD_POSTINGS } from '../../src/config.ts';
import {
  buildPostings,
  filterSeqs,
  intersectPostings,
  limitDecodedSeqs,
  loadPostings,
  type PackedSeqs,
  postingList,
  savePostings,
  seekAtLeast,
  unionSorted,
} from '../../src/keyword/postings.ts';

const texts = [['a', 'b', 'a'], ['b'], ['a', 'c'], [], ['a', 'b']];
const postings = buildPostings(texts.length, (seq) => texts[seq] as string[]);

describe('buildPostings', () => {
  it('lists each token’s seqs ascending with their frequencies', () => {
    const a = postingList(postings, 'a');
    expect([...a.seqs]).toEqual([0, 2, 4]);
    expect([...a.frequencies]).toEqual([2, 1, 1]);
    expect([...postingList(postings, 'b').seqs]).toEqual([0, 1, 4]);
    expect([...postingList(postings, 'zzz').seqs]).toEqual([]);
  });

  it('survives savePostings → loadPostings unchanged', () => {
    const loaded = loadPostings(savePostings(postings));
    for (const token of ['a', 'b', 'c'])
      expect(postingList(loaded, token)).toEqual(postingList(postings, token));
  });
});

describe('intersectPostings', () => {
  it.each([
    [
      [
        [1, 3, 5, 7],
        [3, 4, 5, 6, 7],
      ],
      [3, 5, 7],
    ],
    [
      [
        [1, 2, 3],
        [4, 5],
      ],
      [],
    ],
    [
      [
        [2, 9],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [2, 5, 9],
      ],
      [2, 9],
    ],
    [[[4, 8]], [4, 8]],
    [[], []],
  ])('intersects %j into %j', (lists, expected) => {
    expect([...intersectPostings(lists.map((list) => Uint32Array.from(list)))]).toEqual(expected);
  });
});

describe('seekAtLeast', () => {
  it.each([
    [5, 0, 2],
    [0, 0, 0],
    [100, 0, 6],
    [7, 3, 3],
  ])('finds the first value ≥ %i from %i at %i', (target, from, expected) => {
    expect(seekAtLeast(Uint32Array.from([1, 3, 5, 7, 9, 11]), target, from)).toBe(expected);
  });
});

describe('unionSorted', () => {
  it.each([
    [
      [1, 4, 9],
      [2, 4, 10],
      [1, 2, 4, 9, 10],
    ],
    [[], [3, 5], [3, 5]],
    [[3, 5], [], [3, 5]],
    [
      [0, 1],
      [0, 1],
      [0, 1],
    ],
  ])('joins %j and %j into %j', (a, b, expected) => {
    expect([...unionSorted(Uint32Array.from(a), Uint32Array.from(b))]).toEqual(expected);
  });
});

describe('filterSeqs', () => {
  it('keeps the accepted seqs in order', () => {
    expect([...filterSeqs(Uint32Array.from([1, 2, 3, 4, 6]), (seq) => seq % 2 === 0)]).toEqual([2, 4, 6]);
  });
});

describe('the decoded-postings cache', () => {
  // Token t is held by every seq divisible by t + 1: lists of 60, 30, 20, 15 and 12 seqs.
  const wide = buildPostings(60, (seq) =>
    ['t0', 't1', 't2', 't3', 't4'].filter((_, t) => seq % (t + 1) === 0),
  );
  const tokens = ['t0', 't1', 't2', 't3', 't4', 't0', 't2'];

  it.each([
    [0, 'the default', undefined],
    [1, 'a bound of 40 seqs', 40],
    [2, 'a bound smaller than one list', 10],
  ])('%i: under %s, lists read back equal and the cache stays within its bound', (_, __, bound) => {
    const loaded = loadPostings(savePostings(wide));
    if (bound !== undefined) limitDecodedSeqs(loaded, bound);
    const column = loaded.seqs as PackedSeqs;
    let largest = 0;
    for (const token of tokens) {
      const seqs = postingList(loaded, token).seqs;
      expect([...seqs]).toEqual([...postingList(wide, token).seqs]);
      largest = Math.max(largest, seqs.length);
      // The list just read is kept even when it alone exceeds the bound.
      expect(column.decodedSeqs).toBeLessThanOrEqual(
        Math.max(bound ?? KEYWORD_POSTINGS.decodedSeqsCache, seqs.length),
      );
    }
    expect(largest).toBe(60);
  });

  it('keeps the default bound at 4M seqs (16 MB), the server memory budget assumes it', () => {
    expect(KEYWORD_POSTINGS.decodedSeqsCache * 4).toBe(16_000_000);
  });
});
