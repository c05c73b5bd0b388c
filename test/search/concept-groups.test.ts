import { describe, expect, it } from 'vitest';
import { conceptGroups, expandsAny } from '../../src/search/concept-groups.ts';
import { LAY_WORDS_BY_TERM } from '../../src/text/lay-words.ts';
import { normalizeText } from '../../src/text/normalize.ts';
import { POLICY_THESAURUS } from '../../src/text/policy-thesaurus.ts';
import { joinThesauri, QUERY_THESAURUS } from '../../src/text/query-thesaurus.ts';

/** Groups from the reviewed thesaurus alone, whose entries these cases were written against. */
const groupsOf = (query: string) => conceptGroups(normalizeText(query), POLICY_THESAURUS);

describe('conceptGroups', () => {
  it.each([
    ['贷款', [['贷款', '融资', '信贷', '质押', '质押融资', '授信']]],
    ['借钱', [['借钱', '融资', '信贷', '贷款', '质押融资']]],
    ['打官司', [['打官司', '诉讼', '纠纷', '维权', '审判', '司法']]],
    ['假货', [['假货', '侵权假冒', '假冒伪劣', '假冒']]],
    // A lay phrase jieba would cut is found whole, and the longest key wins at a place.
    ['抵押贷款', [['抵押贷款', '质押融资', '质押', '融资']]],
    // Words the thesaurus does not hold stay single-word groups, in query order.
    [
      '用专利向银行贷款',
      [
        ['专利'],
        ['银行', '金融机构', '金融', '信贷', '商业银行'],
        ['贷款', '融资', '信贷', '质押', '质押融资', '授信'],
      ],
    ],
    [
      '不再补贴专利申请',
      [
        ['不再', '取消', '退出', '停止', '逐步减少', '不得'],
        ['补贴', '资助', '奖励', '补助', '财政资金', '扶持'],
        ['专利申请'],
      ],
    ],
    // Question words name no concept.
    [
      '小企业借钱难怎么办',
      [
        ['小企业', '中小企业', '小微企业', '专精特新'],
        ['借钱', '融资', '信贷', '贷款', '质押融资'],
      ],
    ],
  ])('a lay word yields its group: %s', (query, expected) => {
    expect(groupsOf(query).map((group) => group.terms)).toEqual(expected);
  });

  it.each(['知识产权质押融资', '地理标志', '专利导航', '商标恶意注册'])(
    'a query with no lay word is its own words, unexpanded: %s',
    (query) => {
      const groups = groupsOf(query);
      expect(groups.every((group) => group.terms.length === 1 && group.terms[0] === group.word)).toBe(true);
      expect(expandsAny(groups)).toBe(false);
    },
  );

  it('reads the joined query thesaurus by default', () => {
    expect(conceptGroups(normalizeText('同一个柜台受理'))).toEqual(
      conceptGroups(normalizeText('同一个柜台受理'), QUERY_THESAURUS),
    );
    expect(conceptGroups(normalizeText('公司配方被泄露')).map((group) => group.word)).toContain('配方');
  });

  it('reads any thesaurus it is given', () => {
    expect(conceptGroups('卖专利给外国公司', { 卖专利: ['转让'], 外国: ['境外'] })).toEqual([
      { word: '卖专利', terms: ['卖专利', '转让'] },
      { word: '外国', terms: ['外国', '境外'] },
      { word: '公司', terms: ['公司'] },
    ]);
  });
});

describe('POLICY_THESAURUS', () => {
  const entries = Object.entries(POLICY_THESAURUS);

  it('holds a few hundred lay words of two or more characters, each with official terms', () => {
    expect(entries.length).toBeGreaterThan(300);
    for (const [key, terms] of entries) {
      expect([...key].length, key).toBeGreaterThanOrEqual(2);
      expect(terms.length, key).toBeGreaterThan(0);
    }
  });

  it('maps to no term so common it would name no measure', () => {
    const tooCommon = new Set(['工作', '发展', '推进', '加强', '建设', '实施']);
    for (const [key, terms] of entries)
      expect(
        terms.filter((term) => tooCommon.has(term)),
        key,
      ).toEqual([]);
  });
});

describe('joinThesauri', () => {
  it('inverts everyday words to their terms and keeps the reviewed terms first', () => {
    expect(
      joinThesauri(
        { 贷款: ['融资', '信贷'] },
        { 质押融资: ['贷款', '专利贷款'], 窗口: ['柜台'], 融资: ['贷款'], 地理标志: ['地理标志'] },
      ),
    ).toEqual({
      贷款: ['融资', '信贷', '质押融资'],
      专利贷款: ['质押融资'],
      柜台: ['窗口'],
    });
  });
});

describe('LAY_WORDS_BY_TERM', () => {
  const entries = Object.entries(LAY_WORDS_BY_TERM);

  it('gives a few hundred terms up to eight everyday words of two to six characters', () => {
    expect(entries.length).toBeGreaterThan(200);
    for (const [term, words] of entries) {
      expect(words.length, term).toBeGreaterThan(0);
      expect(words.length, term).toBeLessThanOrEqual(8);
      for (const word of words) expect([...word].length, `${term} → ${word}`).toBeGreaterThanOrEqual(2);
      for (const word of words) expect([...word].length, `${term} → ${word}`).toBeLessThanOrEqual(6);
    }
  });

  it('writes nothing for the generic policy words', () => {
    for (const generic of ['工作', '发展', '推进', '加强', '建设', '实施', '完善', '部门'])
      expect(LAY_WORDS_BY_TERM[generic], generic).toBeUndefined();
  });
});
