import { describe, expect, it } from 'vitest';
import { rankBest, ranksOf, rankTop } from '../../src/keyword/rank-best.ts';

describe('rankBest', () => {
  it('orders by score, best first, and keeps ascending seq order among equal scores', () => {
    const ranked = rankBest(Uint32Array.from([2, 5, 7, 9, 11]), Float64Array.from([0.5, 1.25, 0.5, 2, 0]));
    expect(ranked.map((match) => match.seq)).toEqual([9, 5, 2, 7, 11]);
    expect(ranked.map((match) => match.score)).toEqual([2, 1.25, 0.5, 0.5, 0]);
  });

  it('agrees with a comparison sort on many random scores', () => {
    const count = 5_000;
    const seqs = Uint32Array.from({ length: count }, (_, i) => i * 3);
    const scores = Float64Array.from({ length: count }, (_, i) => ((i * 7_919) % 1_000) / 97);
    const expected = [...seqs.keys()]
      .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b)
      .map((i) => seqs[i]);
    expect(rankBest(seqs, scores).map((match) => match.seq)).toEqual(expected);
  });

  it('returns nothing for no matches', () => {
    expect(rankBest(new Uint32Array(0), new Float64Array(0))).toEqual([]);
  });
});

describe('rankTop', () => {
  const count = 5_000;
  const seqs = Uint32Array.from({ length: count }, (_, i) => i * 3);
  // Few distinct scores, so many ties straddle the cut; the last case rises with seq (every match enters the heap).
  const tied = Float64Array.from({ length: count }, (_, i) => ((i * 7_919) % 13) / 5);
  const rising = Float64Array.from({ length: count }, (_, i) => i / count);

  it.each([
    ['many ties', tied, 20],
    ['many ties, a large page', tied, 1_200],
    ['scores rising with seq', rising, 20],
    ['more asked than matched', tied, count + 5],
    ['nothing asked', tied, 0],
  ])('returns the first n of rankBest (%s)', (_name, scores, n) => {
    expect(rankTop(seqs, scores, n)).toEqual(rankBest(seqs, scores).slice(0, n));
  });

  it('returns nothing for no matches', () => {
    expect(rankTop(new Uint32Array(0), new Float64Array(0), 20)).toEqual([]);
  });
});

describe('ranksOf', () => {
  const count = 5_000;
  const seqs = Uint32Array.from({ length: count }, (_, i) => i * 3);
  const tied = Float64Array.from({ length: count }, (_, i) => ((i * 7_919) % 13) / 5);
  const distinct = Float64Array.from({ length: count }, (_, i) => ((i * 7_919) % 1_000) / 97);
  /** The rank of every target by position in the full ranking: what ranksOf must agree with. */
  const reference = (scores: Float64Array, targets: number[]) => {
    const order = rankBest(seqs, scores).map((match) => match.seq);
    return new Map(targets.filter((seq) => order.includes(seq)).map((seq) => [seq, order.indexOf(seq) + 1]));
  };

  it.each([
    ['many ties', tied, [0, 3, 300, 14_997, 7_500, 42]],
    ['distinct scores', distinct, [9, 90, 900, 9_000, 12_345]],
    ['one target', distinct, [6_000]],
    ['targets that do not match (not multiples of 3) are left out', tied, [1, 2, 4, 3]],
    ['repeated targets', tied, [30, 30, 60]],
    ['no targets', tied, []],
  ])('gives each target its rank in rankBest order (%s)', (_name, scores, targets) => {
    expect(ranksOf(seqs, scores, targets)).toEqual(reference(scores, targets));
  });
});
