import { describe, expect, it } from 'vitest';
import { pinnedSlice, reciprocalRankFusion } from '../../src/search/fuse.ts';

const ranked = (...seqs: number[]) => seqs.map((seq) => ({ seq }));

describe('reciprocalRankFusion', () => {
  it('ranks a paragraph found by both lists above those found by one', () => {
    const fused = reciprocalRankFusion(
      [
        { source: 'keyword', ranked: ranked(1, 2, 3) },
        { source: 'semantic', ranked: ranked(4, 3, 5) },
      ],
      60,
    );
    expect(fused.map(({ seq }) => seq)).toEqual([3, 1, 4, 2, 5]);
    expect(fused[0]).toMatchObject({ seq: 3, matchedBy: ['keyword', 'semantic'] });
    expect(fused.find(({ seq }) => seq === 4)?.matchedBy).toEqual(['semantic']);
  });

  it('adds 1 / (k + rank) per list', () => {
    const [only] = reciprocalRankFusion([{ source: 'keyword', ranked: ranked(7) }], 10);
    expect(only?.score).toBeCloseTo(1 / 11);
  });

  it('lets a larger k shrink the lead of the first rank', () => {
    const lead = (k: number) => {
      const [first, second] = reciprocalRankFusion([{ source: 'keyword', ranked: ranked(1, 2) }], k);
      return (first?.score ?? 0) / (second?.score ?? 1);
    };
    expect(lead(60)).toBeLessThan(lead(1));
  });
});

describe('pinnedSlice', () => {
  const fused = [10, 11, 12, 13, 14].map((seq, i) => ({
    seq,
    score: 1 - i / 10,
    matchedBy: ['semantic' as const],
  }));
  const isPhrase = (seq: number) => seq === 12 || seq === 14;

  it.each([
    [0, 5, [12, 14, 10, 11, 13]],
    [0, 1, [12]],
    [1, 3, [14, 10]],
    [3, 10, [11, 13]],
    [5, 8, []],
  ])(
    'returns results %i to %i with phrase matches first, each group in fused order',
    (start, end, expected) => {
      expect(pinnedSlice(fused, isPhrase, start, end).map(({ seq }) => seq)).toEqual(expected);
    },
  );

  it('stops testing paragraphs once the page is full of phrase matches', () => {
    const tested: number[] = [];
    pinnedSlice(fused, (seq) => tested.push(seq) > 0, 0, 2);
    expect(tested).toEqual([10, 11]);
  });
});
