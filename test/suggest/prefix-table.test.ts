import { describe, expect, it } from 'vitest';
import {
  pairsOfTable,
  prefixTableOf,
  REMEMBERED_IDS,
  searchPrefixTable,
  sortedPairs,
} from '../../src/suggest/prefix-table.ts';

/** Entry id → its indexed words (the first is the whole text), numbered most frequent first. */
const WORDS = [
  ['知识产权', '知识', '产权'],
  ['专利'],
  ['知识产权质押融资', '知识产权', '质押', '融资'],
  ['十四五规划', '十四五', '规划'],
  ['知识'],
  ['pct申请', 'pct', '申请'],
];
const whole = (id: number) => WORDS[id]?.[0] as string;
const table = prefixTableOf(
  sortedPairs(WORDS.length, (id) => WORDS[id] as string[], whole),
  whole,
);

describe('searchPrefixTable', () => {
  it.each([
    ['one character', '知', 8, [0, 2, 4]],
    ['a whole word', '知识产权', 8, [0, 2]],
    ['a word inside an entry', '融', 8, [2]],
    ['a word inside and the start of another', '十四', 8, [3]],
    ['Latin', 'pc', 8, [5]],
    ['the limit, smallest ids first', '知', 2, [0, 2]],
    ['nothing', '法', 8, []],
    ['two parts: entries with a word for each', '知识 质押', 8, [2]],
    ['two parts that no entry has both of', '专利 知识', 8, []],
    ['the same part twice', '专 专', 8, [1]],
    ['spaces only', '  ', 8, []],
  ])('%s', (_label, key, limit, expected) => {
    expect(searchPrefixTable(table, key, limit)).toEqual(expected);
  });

  it('gives a long run the same answer scanned and remembered, for any limit', () => {
    // 1,000 entries starting with 法, numbered so the most frequent are spread through the run.
    const count = 1000;
    const words = Array.from({ length: count }, (_, id) => [`法${(id * 7919) % count}`]);
    const textOf = (id: number) => words[id]?.[0] as string;
    const big = prefixTableOf(
      sortedPairs(count, (id) => words[id] as string[], textOf),
      textOf,
    );
    const expected = Array.from({ length: REMEMBERED_IDS + 5 }, (_, id) => id);
    expect(searchPrefixTable(big, '法', 16)).toEqual(expected.slice(0, 16));
    expect(big.remembered.has('法')).toBe(true);
    expect(searchPrefixTable(big, '法', 16)).toEqual(expected.slice(0, 16));
    expect(searchPrefixTable(big, '法', REMEMBERED_IDS + 5)).toEqual(expected);
  });
});

describe('sortedPairs / pairsOfTable', () => {
  it('sorts by word then id, writes an entry’s own text as its bare id, and drops repeated and empty words', () => {
    const texts = ['b', 'a', 'C'];
    const wordsOf = (id: number) => [['b', 'a', 'a', ''], ['a'], ['c']][id] as string[];
    expect(sortedPairs(3, wordsOf, (id) => texts[id] as string)).toEqual([[0, 'a'], 1, 0, [2, 'c']]);
  });

  it('gives back the pairs a table was made of', () => {
    const pairs = sortedPairs(WORDS.length, (id) => WORDS[id] as string[], whole);
    expect(pairsOfTable(prefixTableOf(pairs, whole), whole)).toEqual(pairs);
  });
});
