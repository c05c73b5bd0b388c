import { describe, expect, it } from 'vitest';
import {
  buildKeywordIndex,
  exportKeywordIndex,
  importKeywordIndex,
  type KeywordIndex,
} from '../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import type { SearchFilters } from '../../src/types.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';
import { tinyCorpus } from './tiny-corpus.ts';

describe('exportKeywordIndex → importKeywordIndex', () => {
  const corpus = loadSeedCorpus();
  const built = buildKeywordIndex(corpus);
  const files = exportKeywordIndex(built);

  it('exports only strings, under keyword.* keys', () => {
    for (const [key, value] of Object.entries(files)) {
      expect(key.startsWith('keyword.')).toBe(true);
      expect(typeof value).toBe('string');
    }
  });

  it.each([
    '知识产权质押融资',
    '地理标志 保护',
    '"海外知识产权纠纷应对"',
    '专利 -商标',
    '同句(质押 融资)',
    '智慧財產權',
    'PCT',
    '法',
  ])('gives identical results after the round trip for %s', (query) => {
    const imported = importKeywordIndex(files, corpus);
    const node = parseQuery(query);
    const ranked = (index: KeywordIndex, filters: SearchFilters) => {
      const { matches, terms } = searchKeyword(index, node, filters);
      return { matches, terms };
    };
    expect(ranked(imported, { years: [2021, 2023] })).toEqual(ranked(built, { years: [2021, 2023] }));
    expect(ranked(imported, {})).toEqual(ranked(built, {}));
  });

  it('refuses files made for another corpus', () => {
    expect(() => importKeywordIndex(files, tinyCorpus())).toThrow(/covers \d+ paragraphs/);
  });

  it('refuses files of another analyzer version', () => {
    const meta = JSON.parse(files['keyword.meta'] as string);
    const stale = {
      ...files,
      'keyword.meta': JSON.stringify({ ...meta, analyzerVersion: meta.analyzerVersion + 1 }),
    };
    expect(() => importKeywordIndex(stale, corpus)).toThrow(/Rebuild/);
  });

  it('refuses files with a missing or truncated column', () => {
    const { 'keyword.seqs': _dropped, ...missing } = files;
    expect(() => importKeywordIndex(missing, corpus)).toThrow(/incomplete: seqs missing/);
    const truncated = { ...files, 'keyword.seqs': (files['keyword.seqs'] as string).slice(0, 40) };
    expect(() => importKeywordIndex(truncated, corpus)).toThrow(/inconsistent/);
  });
});
