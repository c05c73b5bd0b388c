import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, splitByPhrase } from '../../src/search/fuse.ts';

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

  it("uses an entry's own rank where it is given instead of its position", () => {
    const fused = reciprocalRankFusion(
      [{ source: 'keyword', ranked: [{ seq: 1 }, { seq: 2, rank: 40 }] }],
      10,
    );
    expect(fused.map(({ score }) => score)).toEqual([1 / 11, 1 / 50]);
  });

  it('lets a larger k shrink the lead of the first rank', () => {
    const lead = (k: number) => {
      const [first, second] = reciprocalRankFusion([{ source: 'keyword', ranked: ranked(1, 2) }], k);
      return (first?.score ?? 0) / (second?.score ?? 1);
    };
    expect(lead(60)).toBeLessThan(lead(1));
  });
});

describe('splitByPhrase', () => {
  const fused = [10, 11, 12, 13, 14].map((seq, i) => ({
    seq,
    score: 1 - i / 10,
    matchedBy: ['semantic' as const],
  }));
  const isPhrase = (seq: number) => seq === 12 || seq === 14;
  const seqsOf = (entries: { seq: number }[]) => entries.map(({ seq }) => seq);

  it.each([
    [5, [12, 14], [10, 11, 13], true],
    [2, [12, 14], [10, 11, 13], true],
    [1, [12], [10, 11], false],
    [0, [], [], false],
  ])(
    'with %i enough, splits into phrase matches %j and the rest %j, each in fused order',
    (enough, pinned, rest, complete) => {
      const split = splitByPhrase(fused, isPhrase, enough);
      expect([seqsOf(split.pinned), seqsOf(split.rest), split.complete]).toEqual([pinned, rest, complete]);
    },
  );

  it('stops testing paragraphs once enough phrase matches are found', () => {
    const tested: number[] = [];
    splitByPhrase(fused, (seq) => tested.push(seq) > 0, 2);
    expect(tested).toEqual([10, 11]);
  });
});
