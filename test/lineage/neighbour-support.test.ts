import { describe, expect, it } from 'vitest';
import { neighbourSupport } from '../../src/lineage/neighbour-support.ts';
import { PairScores } from '../../src/lineage/pair-scores.ts';

const pair = (from: number, to: number, score = 0.5) => ({
  from,
  to,
  score,
  cosine: score,
  fromInTo: score,
  toInFrom: score,
});

describe('neighbourSupport', () => {
  // anchors 4→10 and 6→12: the pair 5→11 sits on their diagonal
  const anchors = [pair(4, 10), pair(6, 12)];
  it.each([
    ['between two anchors on their diagonal', pair(5, 11), 1],
    ['two off the diagonal on both sides', pair(5, 13), 1 / 3],
    ['only an anchor before it (after it, none within the window)', pair(8, 14), 0.5],
    ['far from every anchor', pair(20, 3), 0],
    ['an anchor holding its to unit does not count', pair(5, 12), (2 / 3 + 0) / 2],
  ])('%s', (_, candidate, expected) => {
    expect(neighbourSupport(PairScores.of([candidate]), anchors, 2)[0]).toBeCloseTo(expected, 6);
  });
});
