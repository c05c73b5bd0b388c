import { describe, expect, it } from 'vitest';
import { buildTokenTable, findToken, tokenCount } from '../../src/keyword/token-table.ts';

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
