import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from '../../src/errors.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { normalizeText } from '../../src/text/normalize.ts';

const term = (text: string) => ({ kind: 'term', text });

describe('parseQuery', () => {
  it.each([
    ['知识产权', term('知识产权')],
    ['知识产权 质押', { kind: 'and', children: [term('知识产权'), term('质押')] }],
    ['专利 | 商标', { kind: 'or', children: [term('专利'), term('商标')] }],
    ['专利 OR 商标', { kind: 'or', children: [term('专利'), term('商标')] }],
    ['专利 -商标', { kind: 'and', children: [term('专利'), { kind: 'not', child: term('商标') }] }],
    ['"数据 知识产权"', { kind: 'phrase', text: normalizeText('数据 知识产权') }],
    ['“数据知识产权”', { kind: 'phrase', text: '数据知识产权' }],
    [
      '同句(数据 知识产权)',
      { kind: 'sentence', child: { kind: 'and', children: [term('数据'), term('知识产权')] } },
    ],
    ['同段（数据 知识产权）', { kind: 'and', children: [term('数据'), term('知识产权')] }],
    [
      '(专利 | 商标) 质押',
      { kind: 'and', children: [{ kind: 'or', children: [term('专利'), term('商标')] }, term('质押')] },
    ],
    ['A B | C', { kind: 'or', children: [{ kind: 'and', children: [term('a'), term('b')] }, term('c')] }],
    ['2020-2022', term('2020-2022')],
  ])('parses %s', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });

  it('normalizes terms as documents are normalized (traditional script, full width, case)', () => {
    expect(parseQuery('智慧財產權 ＰＣＴ')).toEqual({
      kind: 'and',
      children: [term('知识产权'), term('pct')],
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['"知识产权', 'never closed'],
    ['(知识产权 质押', 'never closed'],
    ['知识产权)', 'closing bracket'],
    ['|', 'both sides'],
    ['专利 |', 'both sides'],
    ['| 专利', 'both sides'],
    ['OR', 'both sides'],
    ['-', 'minus'],
    ['-专利', 'only exclude'],
    ['-专利 -商标', 'only exclude'],
    ['""', 'empty phrase'],
    ['()', 'must contain'],
    ['同句()', 'must contain'],
    ['，。', 'no search words'],
  ])('rejects %j with a QuerySyntaxError that says what is wrong (%s)', (query, message) => {
    expect(() => parseQuery(query)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(query)).toThrow(message);
  });

  it('rejects brackets nested deeper than it allows, instead of recursing without bound', () => {
    expect(() => parseQuery(`${'('.repeat(5_000)}专利${')'.repeat(5_000)}`)).toThrow(QuerySyntaxError);
  });

  it.each([
    ['ten thousand words', '专利 '.repeat(3_333)],
    ['an unclosed quote after many words', `${'专利 '.repeat(3_000)}"`],
    ['alternating operators', '专利 | '.repeat(2_500)],
    ['many minus signs', '-'.repeat(10_000)],
  ])('answers a 10,000-character query of %s in linear time', (_name, query) => {
    const started = performance.now();
    try {
      parseQuery(query);
    } catch (error) {
      expect(error).toBeInstanceOf(QuerySyntaxError);
    }
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
