import { describe, expect, it } from 'vitest';
import {
  MATCHED_ONLY_BY,
  type Ranked,
  reciprocalRankFusion,
  sharedMatchedBy,
  splitByPhrase,
} from '../../src/search/fuse.ts';
import type { Scored } from '../../src/search/search-types.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { MatchSource } from '../../src/types.ts';

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

describe('MATCHED_ONLY_BY', () => {
  it.each<MatchSource>(['keyword', 'semantic', 'concept'])(
    'names %s alone, frozen (every entry of a ranking shares it) and the same array fusion gives',
    (source) => {
      const shared = MATCHED_ONLY_BY[source];
      expect(shared).toEqual([source]);
      expect(Object.isFrozen(shared)).toBe(true);
      const [fused] = reciprocalRankFusion([{ source, ranked: [{ seq: 7 }] }], 60);
      expect(fused?.matchedBy).toBe(shared);
    },
  );
});

describe('sharedMatchedBy', () => {
  it('names the sources in fusion order, whatever order they are given in, as the array fusion gives', () => {
    const both = sharedMatchedBy(['semantic', 'keyword']);
    expect(both).toEqual(['keyword', 'semantic']);
    expect(Object.isFrozen(both)).toBe(true);
    const [fused] = reciprocalRankFusion(
      [
        { source: 'keyword', ranked: [{ seq: 7 }] },
        { source: 'semantic', ranked: [{ seq: 7 }] },
      ],
      60,
    );
    expect(fused?.matchedBy).toBe(both);
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

describe('reciprocalRankFusion against fusion written out plainly', () => {
  /** The fusion as it was first written: one entry object and one growing `matchedBy` per paragraph. */
  function plainFusion(lists: { source: MatchSource; ranked: Ranked[] }[], k: number): Scored[] {
    const order: Record<MatchSource, number> = { keyword: 0, semantic: 1, concept: 2 };
    const fused = new Map<number, { seq: number; score: number; matchedBy: MatchSource[] }>();
    for (const { source, ranked } of lists) {
      ranked.forEach(({ seq, rank }, index) => {
        const entry = fused.get(seq) ?? { seq, score: 0, matchedBy: [] as MatchSource[] };
        entry.score += 1 / (k + (rank ?? index + 1));
        if (!entry.matchedBy.includes(source)) entry.matchedBy.push(source);
        fused.set(seq, entry);
      });
    }
    for (const entry of fused.values()) entry.matchedBy.sort((a, b) => order[a] - order[b]);
    return [...fused.values()].sort((a, b) => b.score - a.score || a.seq - b.seq);
  }

  it.each([
    { seed: 1, sizes: [1000, 100], spread: 5000 },
    { seed: 2, sizes: [1000, 100, 60], spread: 1500 },
    { seed: 3, sizes: [30, 100, 10], spread: 120 },
    { seed: 4, sizes: [0, 100], spread: 300 },
  ])(
    'gives the same entries, scores to the last bit: seed $seed, lists of $sizes',
    ({ seed, sizes, spread }) => {
      const random = seededRandom(seed);
      const sources: MatchSource[] = ['semantic', 'keyword', 'concept'];
      const lists = sizes.map((size, l) => ({
        source: sources[l] as MatchSource,
        // Some seqs twice in a list, some explicit ranks (a keyword match ranked past the head).
        ranked: Array.from({ length: size }, (_, i) => {
          const seq = Math.floor(random() * spread);
          return random() < 0.1 ? { seq, rank: i + 1 + Math.floor(random() * 5000) } : { seq };
        }),
      }));
      const fused = reciprocalRankFusion(lists, 60);
      const plain = plainFusion(lists, 60);
      expect(fused.map(({ seq, matchedBy }) => [seq, [...matchedBy]])).toEqual(
        plain.map(({ seq, matchedBy }) => [seq, matchedBy]),
      );
      expect(fused.every((entry, i) => Object.is(entry.score, plain[i]?.score))).toBe(true);
      // Entries share their `matchedBy`: it must not be changed in place.
      expect(fused.every(({ matchedBy }) => Object.isFrozen(matchedBy))).toBe(true);
    },
  );
});
