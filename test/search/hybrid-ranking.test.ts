import { beforeAll, describe, expect, it } from 'vitest';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { containsPhrase } from '../../src/keyword/text-match.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { reciprocalRankFusion } from '../../src/search/fuse.ts';
import { hybridRanking } from '../../src/search/hybrid-ranking.ts';
import { prepareQuery } from '../../src/search/prepare-query.ts';
import type { Scored } from '../../src/search/search-types.ts';
import { semanticRanking } from '../../src/search/semantic-ranking.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const RRF_K = 60;
let index: LoadedIndex;
beforeAll(async () => {
  index = await seedIndex();
});

/** The order hybridRanking promises, computed the slow way: fuse every keyword match, then pin phrase matches. */
function referenceOrder(
  keywordOrder: number[],
  semantic: Scored[],
  isPhrase: (seq: number) => boolean,
): Scored[] {
  const fused = reciprocalRankFusion(
    [
      { source: 'keyword', ranked: keywordOrder.map((seq) => ({ seq })) },
      { source: 'semantic', ranked: semantic },
    ],
    RRF_K,
  );
  return [...fused.filter(({ seq }) => isPhrase(seq)), ...fused.filter(({ seq }) => !isPhrase(seq))];
}

async function rankBoth(query: string, depth: number, neighbours: boolean) {
  const view = index.keyword.view;
  const prepared = prepareQuery(query);
  const keyword = searchKeyword(index.keyword, parseQuery(query), {});
  // Without neighbours the head is the keyword top `depth` alone, so pages reach past it sooner.
  const semantic = neighbours ? await semanticRanking({ index, view }, prepared, {}) : [];
  const isPhrase = (seq: number) => containsPhrase(view.paragraphAt(seq).text, prepared.text);
  const ranking = hybridRanking({
    keyword,
    semantic,
    isPhraseMatch: isPhrase,
    phraseMatches: () => keyword.phraseMatches(prepared.text),
    depth,
    rrfK: RRF_K,
  });
  const reference = referenceOrder(
    keyword.matches.map(({ seq }) => seq),
    semantic,
    isPhrase,
  );
  return { ranking, reference };
}

// Common words (hundreds of matches, most past a small depth); two-word queries whose phrase matches
// keyword search ranks low (保护 知识产权: 5th, 13th, 19th; 地方 知识产权: 8 of the top 20, then 21st,
// 22nd), so a page must take phrase matches from past the head; a query with no keyword match.
const QUERIES = [
  '知识产权',
  '专利 质押',
  '商标 保护',
  '数据 知识产权',
  '保护 知识产权',
  '地方 知识产权',
  '知识产权质押融资',
  '量子引力',
  '国家知识产权局',
];

describe('hybridRanking', () => {
  it.each(
    QUERIES.flatMap((query) =>
      [1, 5, 20, 100, 1_000].flatMap((depth) =>
        [true, false].map((neighbours) => [query, depth, neighbours] as const),
      ),
    ),
  )(
    'gives %s at depth %i (neighbours: %s) exactly the order of fusing every keyword match, on every page',
    async (query, depth, neighbours) => {
      const { ranking, reference } = await rankBoth(query, depth, neighbours);
      expect(ranking.total).toBe(reference.length);
      expect(Array.from(ranking.seqs).sort((a, b) => a - b)).toEqual(
        reference.map(({ seq }) => seq).sort((a, b) => a - b),
      );
      for (const [start, end] of [
        [0, 5],
        [0, 10],
        [0, 20],
        [10, 30],
        [95, 140],
        [0, reference.length + 5],
      ] as const) {
        const page = ranking.slice(start, end);
        const expected = reference.slice(start, end);
        expect(page.map(({ seq }) => seq)).toEqual(expected.map(({ seq }) => seq));
        expect(page.map(({ matchedBy }) => [...matchedBy].sort())).toEqual(
          expected.map(({ matchedBy }) => [...matchedBy].sort()),
        );
        page.forEach((entry, i) => {
          expect(entry.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 12);
        });
      }
    },
  );
});
