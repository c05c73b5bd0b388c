import { describe, expect, it } from 'vitest';
import {
  buildPostings,
  filterSeqs,
  intersectPostings,
  loadPostings,
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
