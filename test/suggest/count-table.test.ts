import { describe, expect, it } from 'vitest';
import {
  applyCountDelta,
  columnSize,
  countOf,
  decodeCountTable,
  encodeCountTable,
  entriesAtLeast,
  sortByCodePoint,
  tableFromCounts,
  textAt,
} from '../../src/suggest/count-table.ts';
import { emptyCounts, type SuggestCounts } from '../../src/suggest/suggest-counts.ts';

function counts(words: [string, number][], titles: [string, number][] = []): SuggestCounts {
  return { ...emptyCounts(), words: new Map(words), titles: new Map(titles) };
}

const base = tableFromCounts(
  counts(
    [
      ['知识产权', 5],
      ['专利', 2],
      ['商标', 1],
      ['𠮷字', 3],
    ],
    [['2021年工作要点', 1]],
  ),
);

describe('tableFromCounts', () => {
  it('sorts texts in code point order and keeps each count', () => {
    const column = base.words;
    const texts = Array.from({ length: columnSize(column) }, (_, i) => textAt(column, i));
    expect(texts).toEqual(['专利', '商标', '知识产权', '𠮷字']);
    expect(texts.map((text) => countOf(column, text))).toEqual([2, 1, 5, 3]);
    expect(countOf(column, '版权')).toBe(0);
  });
});

describe('sortByCodePoint', () => {
  it.each([
    [
      'without characters beyond U+FFFF, as JavaScript sorts',
      ['商标', '专利', 'ｆ字'],
      ['专利', '商标', 'ｆ字'],
    ],
    ['with them, in code point order (UTF-8 byte order)', ['𠮷字', '﨑', '专利'], ['专利', '﨑', '𠮷字']],
  ])('sorts texts %s', (_label, texts, expected) => {
    expect(sortByCodePoint(texts)).toEqual(expected);
    const bytes = expected.map((text) => Buffer.from(text));
    expect([...bytes].sort(Buffer.compare)).toEqual(bytes);
  });
});

describe('applyCountDelta', () => {
  it.each([
    { change: 'raises a count', delta: [['专利', 2]], expected: { 专利: 4 } },
    { change: 'lowers a count', delta: [['知识产权', -3]], expected: { 知识产权: 2 } },
    { change: 'drops a count that reaches zero', delta: [['商标', -1]], expected: { 商标: 0 } },
    {
      change: 'inserts new texts in order',
      delta: [
        ['版权', 1],
        ['一窗通办', 2],
        ['龘', 1],
      ],
      expected: { 版权: 1, 一窗通办: 2, 龘: 1 },
    },
    {
      change: 'changes several at once',
      delta: [
        ['专利', -2],
        ['商标', 1],
        ['𠮷字', 1],
      ],
      expected: { 专利: 0, 商标: 2, 𠮷字: 4 },
    },
    {
      change: 'inserts characters of U+E000–U+FFFF before one beyond U+FFFF',
      delta: [
        ['﨑', 1],
        ['ｆ', 2],
      ],
      expected: { 﨑: 1, ｆ: 2 },
    },
  ])('$change, equal to a table made from the summed counts', ({ delta, expected }) => {
    const next = applyCountDelta(base, counts(delta as [string, number][]));
    const summed = new Map([
      ['知识产权', 5],
      ['专利', 2],
      ['商标', 1],
      ['𠮷字', 3],
    ]);
    for (const [text, count] of Object.entries(expected)) summed.set(text, count);
    expect(next.words).toEqual(tableFromCounts(counts([...summed])).words);
    expect(next.titles).toEqual(base.titles);
  });

  it('refuses a delta that would take a count below zero', () => {
    expect(() => applyCountDelta(base, counts([['商标', -2]]))).toThrow(/商标 would fall below zero/u);
  });
});

describe('entriesAtLeast', () => {
  it('returns the texts counted at least so often', () => {
    expect(entriesAtLeast(base.words, 3)).toEqual(
      new Map([
        ['知识产权', 5],
        ['𠮷字', 3],
      ]),
    );
  });
});

describe('encodeCountTable / decodeCountTable', () => {
  it('reads back the table it wrote, from an unaligned buffer too', () => {
    const bytes = encodeCountTable(base);
    expect(decodeCountTable(bytes)).toEqual(base);
    const unaligned = new Uint8Array(bytes.byteLength + 1).subarray(1);
    unaligned.set(bytes);
    expect(decodeCountTable(unaligned)).toEqual(base);
  });

  it.each([
    ['truncated', (bytes: Uint8Array) => bytes.slice(0, bytes.byteLength - 8), /truncated/u],
    ['with trailing bytes', (bytes: Uint8Array) => Uint8Array.from([...bytes, 0, 0, 0, 0]), /trailing/u],
    [
      'not a count table',
      (bytes: Uint8Array) => bytes.map((byte, i) => (i === 0 ? byte ^ 1 : byte)),
      /not a count table/u,
    ],
    ['of another version', (bytes: Uint8Array) => bytes.map((byte, i) => (i === 4 ? 9 : byte)), /version 9/u],
  ])('refuses a table that is %s', (_label, damage, message) => {
    expect(() => decodeCountTable(damage(encodeCountTable(base)))).toThrow(message);
  });
});
