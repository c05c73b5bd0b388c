import { describe, expect, it } from 'vitest';
import { buildTokenTable, extendTokenTable, findToken, tokenCount } from '../../src/keyword/token-table.ts';

describe('findToken', () => {
  const tokens = [
    '知识',
    '产权',
    '知识产权',
    'pct',
    '2021',
    '𠀀𠀁',
    ...Array.from({ length: 2_000 }, (_, i) => `t${i}`),
  ];
  const table = buildTokenTable(tokens);

  it('finds every token at its id', () => {
    expect(tokenCount(table)).toBe(tokens.length);
    tokens.forEach((token, id) => {
      expect(findToken(table, token)).toBe(id);
    });
  });

  it.each(['知', '识产', 'PCT', 't2000', '', '知识产权局'])(
    'answers -1 for %j, which it does not hold',
    (token) => {
      expect(findToken(table, token)).toBe(-1);
    },
  );

  it('answers -1 on an empty table', () => {
    expect(findToken(buildTokenTable([]), '知识')).toBe(-1);
  });
});

describe('extendTokenTable', () => {
  const first = ['知识', '产权', ...Array.from({ length: 40 }, (_, i) => `t${i}`)];
  it.each([
    ['while its hash table has room', ['专利', '商标']],
    ['when its hash table must grow', Array.from({ length: 30 }, (_, i) => `n${i}`)],
    ['by nothing', []],
  ])('equals a table built of the whole list, %s', (_name, more) => {
    const extended = extendTokenTable(buildTokenTable(first), more);
    const built = buildTokenTable([...first, ...more]);
    expect(extended.text).toEqual(built.text);
    expect(extended.starts).toEqual(built.starts);
    expect(extended.slots).toEqual(built.slots);
    [...first, ...more].forEach((token, id) => {
      expect(findToken(extended, token)).toBe(id);
    });
  });
});
