import { describe, expect, it } from 'vitest';
import { buildKeywordIndex } from '../../src/keyword/keyword-index.ts';
import type { ConceptGroup } from '../../src/search/concept-groups.ts';
import { coverageRanking } from '../../src/search/coverage-ranking.ts';
import { tinyCorpus } from '../keyword/tiny-corpus.ts';

const index = buildKeywordIndex(tinyCorpus());
const group = (word: string, ...more: string[]): ConceptGroup => ({ word, terms: [word, ...more] });
const order = (groups: ConceptGroup[], limit = 10, accept?: (seq: number) => boolean) =>
  coverageRanking(index, groups, { limit, accept }).map(({ seq }) => seq);

// The fixture's paragraphs, by seq:
// 0 推进知识产权质押融资，扩大融资规模。   1 加强知识产权保护，做好质押融资登记服务。
// 2 开展数据知识产权登记试点。           3 保障数据安全。加强知识产权保护。
// 4 打击商标恶意注册行为，规范PCT申请。   5 推进知识产权、质押融资工作。
// 6 推行专利开放许可制度，一窗通办。
describe('coverageRanking', () => {
  it.each([
    {
      name: 'a group is covered by its word or any of its terms; two groups needed, BM25 within the level',
      groups: [group('借钱', '融资', '质押融资'), group('专利', '知识产权')],
      expected: [0, 5, 1],
    },
    {
      name: 'more groups covered come first, whatever BM25 says',
      groups: [group('数据'), group('保护', '安全'), group('专利', '知识产权')],
      expected: [3, 2, 1],
    },
    {
      name: 'a group nothing covers does not raise the bar',
      groups: [group('借钱', '融资', '质押融资'), group('专利', '知识产权'), group('无此词')],
      expected: [0, 5, 1],
    },
    {
      name: 'a one-concept query ranks that concept by BM25',
      groups: [group('打假', '恶意注册')],
      expected: [4],
    },
    { name: 'no groups, no ranking', groups: [], expected: [] },
  ])('$name', ({ groups, expected }) => {
    expect(order(groups)).toEqual(expected);
  });

  it('returns only the best levels when asked', () => {
    const groups = [group('数据'), group('保护', '安全'), group('专利', '知识产权')];
    expect(coverageRanking(index, groups, { limit: 10, levels: 1 }).map(({ seq }) => seq)).toEqual([3]);
    expect(coverageRanking(index, groups, { limit: 10, levels: 2 }).map(({ seq }) => seq)).toEqual([3, 2, 1]);
  });

  it('stops at the limit and keeps only the seqs the filters accept', () => {
    const groups = [group('借钱', '融资', '质押融资'), group('专利', '知识产权')];
    expect(order(groups, 2)).toEqual([0, 5]);
    expect(order(groups, 10, (seq) => seq !== 0)).toEqual([5, 1]);
  });

  it('scores a paragraph by its level plus BM25 saturated below one', () => {
    const ranked = coverageRanking(index, [group('数据'), group('保护', '安全'), group('专利', '知识产权')], {
      limit: 10,
    });
    expect(ranked.map(({ score }) => Math.floor(score))).toEqual([3, 2, 2]);
    expect(ranked.every(({ matchedBy }) => matchedBy.join() === 'concept')).toBe(true);
  });

  it('leaves no state behind between queries', () => {
    const groups = [group('借钱', '融资', '质押融资'), group('专利', '知识产权')];
    const first = coverageRanking(index, groups, { limit: 10 });
    order([group('数据'), group('保护', '安全')]);
    expect(coverageRanking(index, groups, { limit: 10 })).toEqual(first);
  });
});
