import { parse } from 'node:querystring';
import { describe, expect, it, vi } from 'vitest';
import { parseSearchParams } from '../../src/contract/params.ts';
import { SearchError } from '../../src/errors.ts';
import { createSearchParamsMemo } from '../../src/server/search-params-memo.ts';
import type { SearchMode } from '../../src/types.ts';

/** What the schema alone makes of a query string: the request, or the refusal's code and message. */
function direct(queryString: string, mode: SearchMode): unknown {
  try {
    return parseSearchParams(parse(queryString), mode);
  } catch (error) {
    if (!(error instanceof SearchError)) throw error;
    return { refused: error.code, message: error.message };
  }
}

function memoized(memo: ReturnType<typeof createSearchParamsMemo>, queryString: string, mode: SearchMode) {
  try {
    return memo.parse(queryString, mode, () => parse(queryString));
  } catch (error) {
    if (!(error instanceof SearchError)) throw error;
    return { refused: error.code, message: error.message };
  }
}

const queryStrings: [string, string][] = [
  ['a plain search', 'q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83&mode=keyword&limit=20'],
  ['no mode (the default applies)', 'q=专利'],
  ['every filter', 'q=专利&year=2020-2022&doc=a,b&agency=知识产权局&agency=商务部&offset=20'],
  ['blanks around q', 'q=%20%20专利%20'],
  ['no q', ''],
  ['a blank q', 'q=%20%20'],
  ['a q of 201 characters', `q=${'知'.repeat(201)}`],
  ['an unknown mode', 'q=专利&mode=fuzzy'],
  ['limit=0', 'q=专利&limit=0'],
  ['a fractional limit', 'q=专利&limit=1.5'],
  ['a backwards year range', 'q=专利&year=2023-2020'],
  ['a repeated q', 'q=专利&q=商标'],
  ['a repeated limit', 'q=专利&limit=5&limit=6'],
  ['a malformed escape', 'q=%E7%9F&mode=keyword'],
];

describe('the search parameters memo', () => {
  it.each(queryStrings)('answers %s as the schema does, first and again', (_what, queryString) => {
    const memo = createSearchParamsMemo();
    for (const mode of ['keyword', 'hybrid'] as const) {
      const expected = direct(queryString, mode);
      expect(memoized(memo, queryString, mode)).toEqual(expected);
      expect(memoized(memo, queryString, mode)).toEqual(expected);
    }
  });

  it('checks a query string once, then hands out the same frozen request', () => {
    const memo = createSearchParamsMemo();
    const query = vi.fn(() => parse('q=专利&year=2020,2021&agency=商务部'));
    const first = memo.parse('q=专利&year=2020,2021&agency=商务部', 'keyword', query);
    const second = memo.parse('q=专利&year=2020,2021&agency=商务部', 'keyword', query);
    expect(query).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.filters)).toBe(true);
    expect(Object.isFrozen(first.filters.years)).toBe(true);
    expect(Object.isFrozen(first.filters.agencies)).toBe(true);
    expect(() => {
      (first as { limit: number }).limit = 100;
    }).toThrow(TypeError);
    expect(() => first.filters.years?.push(1999)).toThrow(TypeError);
  });

  it('keeps a query string under each default mode apart', () => {
    const memo = createSearchParamsMemo();
    expect(memo.parse('q=专利', 'keyword', () => parse('q=专利')).mode).toBe('keyword');
    expect(memo.parse('q=专利', 'hybrid', () => parse('q=专利')).mode).toBe('hybrid');
  });

  it('does not remember a refused query string: it is checked, and refused, every time', () => {
    const memo = createSearchParamsMemo();
    const query = vi.fn(() => parse('q=专利&limit=0'));
    for (let i = 0; i < 3; i++)
      expect(() => memo.parse('q=专利&limit=0', 'keyword', query)).toThrow(SearchError);
    expect(query).toHaveBeenCalledTimes(3);
  });

  // A memo of 2: which asks are checked afresh (true) and which are looked up (false).
  it.each([
    ['drops the least recently used when full', 'abcbca', [true, true, true, false, false, true]],
    ['keeps a query string in use over an older one', 'abacab', [true, true, false, true, false, true]],
  ])('%s', (_name, asks, checked) => {
    const memo = createSearchParamsMemo(2);
    const seen: boolean[] = [];
    for (const q of asks) {
      let fresh = false;
      memo.parse(`q=${q}`, 'keyword', () => {
        fresh = true;
        return parse(`q=${q}`);
      });
      seen.push(fresh);
    }
    expect(seen).toEqual(checked);
  });

  it('checks a very long query string every time without remembering it', () => {
    const memo = createSearchParamsMemo();
    const queryString = `q=专利&doc=${Array.from({ length: 90 }, (_, i) => `doc${i}xxxxxxxxx`).join(',')}`;
    expect(queryString.length).toBeGreaterThan(1024);
    const query = vi.fn(() => parse(queryString));
    const first = memo.parse(queryString, 'keyword', query);
    memo.parse(queryString, 'keyword', query);
    expect(query).toHaveBeenCalledTimes(2);
    expect(first.filters.docIds).toHaveLength(90);
  });
});
