import { beforeAll, describe, expect, it } from 'vitest';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { containsPhrase } from '../../src/keyword/text-match.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { coverageRanking } from '../../src/search/coverage-ranking.ts';
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
  coverage: Scored[] = [],
): Scored[] {
  const fused = reciprocalRankFusion(
    [
      { source: 'keyword', ranked: keywordOrder.map((seq) => ({ seq })) },
      { source: 'semantic', ranked: semantic },
      ...(coverage.length > 0 ? [{ source: 'concept' as const, ranked: coverage }] : []),
    ],
    RRF_K,
  );
  return [...fused.filter(({ seq }) => isPhrase(seq)), ...fused.filter(({ seq }) => !isPhrase(seq))];
}

async function rankBoth(query: string, depth: number, neighbours: boolean, concepts = false) {
  const view = index.keyword.view;
  const prepared = prepareQuery(query);
  const keyword = searchKeyword(index.keyword, parseQuery(query), {});
  // Without neighbours the head is the keyword top `depth` alone, so pages reach past it sooner.
  const semantic = neighbours ? await semanticRanking({ index, view }, prepared, {}) : [];
  const isPhrase = (seq: number) => containsPhrase(view.paragraphAt(seq).text, prepared.text);
  const coverage = concepts ? coverageRanking(index.keyword, prepared.groups, { limit: 100, levels: 2 }) : [];
  const ranking = hybridRanking({
    keyword,
    semantic,
    coverage,
    isPhraseMatch: isPhrase,
    phraseMatches: () => keyword.phraseMatches(prepared.text),
    depth,
    rrfK: RRF_K,
  });
  const reference = referenceOrder(
    keyword.matches.map(({ seq }) => seq),
    semantic,
    isPhrase,
    coverage,
  );
  return { ranking, reference, coverage };
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

  // Lay words the thesaurus expands, so a concept-coverage list is fused as well; 知识产权 补贴 has
  // phrase-free keyword matches, 保护 假货 and 专利 贷款 coverage entries past a small keyword depth.
  it.each(
    ['专利 贷款', '保护 假货', '知识产权 补贴', '数据 国外'].flatMap((query) =>
      [1, 20, 1_000].map((depth) => [query, depth] as const),
    ),
  )(
    'gives %s at depth %i with the coverage list exactly the order of fusing all three lists',
    async (query, depth) => {
      const { ranking, reference, coverage } = await rankBoth(query, depth, true, true);
      expect(coverage.length).toBeGreaterThan(0);
      expect(ranking.total).toBe(reference.length);
      expect(Array.from(ranking.seqs).sort((a, b) => a - b)).toEqual(
        reference.map(({ seq }) => seq).sort((a, b) => a - b),
      );
      for (const [start, end] of [
        [0, 10],
        [10, 30],
        [0, reference.length + 5],
      ] as const) {
        expect(ranking.slice(start, end).map(({ seq }) => seq)).toEqual(
          reference.slice(start, end).map(({ seq }) => seq),
        );
      }
    },
  );
});
