import { describe, expect, it } from 'vitest';
import {
  buildKeywordIndex,
  type KeywordIndex,
  loadKeywordIndex,
  type SavedKeywordIndex,
  saveKeywordIndex,
} from '../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { decodeBinaryFile, encodeBinaryFile } from '../../src/persist/binary-file.ts';
import { KEYWORD_FILE_KIND, keywordFromSections, keywordSections } from '../../src/persist/keyword-store.ts';
import type { SearchFilters } from '../../src/types.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';
import { tinyCorpus } from './tiny-corpus.ts';

/** The saved index through the bytes of keyword.bin and back, as the index store writes and reads it. */
function throughBytes(saved: SavedKeywordIndex): SavedKeywordIndex {
  const chunks = encodeBinaryFile(KEYWORD_FILE_KIND, keywordSections(saved));
  const bytes = new Uint8Array(Buffer.concat(chunks));
  return keywordFromSections(decodeBinaryFile(bytes, KEYWORD_FILE_KIND, { verify: true }));
}

describe('saveKeywordIndex → keyword.bin → loadKeywordIndex', () => {
  const corpus = loadSeedCorpus();
  const built = buildKeywordIndex(corpus);
  const saved = throughBytes(saveKeywordIndex(built));

  it('keeps the per-seq lookups, so loading tokenizes nothing', () => {
    const loaded = loadKeywordIndex(saved, corpus);
    expect([...loaded.sectionOf]).toEqual([...built.sectionOf]);
    expect([...loaded.lengths]).toEqual([...built.lengths]);
    expect(loaded.sections).toEqual(built.sections);
    expect(loaded.titles).toEqual(built.titles);
    expect(loaded.averageLength).toBe(built.averageLength);
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
    const imported = loadKeywordIndex(saved, corpus);
    const node = parseQuery(query);
    const ranked = (index: KeywordIndex, filters: SearchFilters) => {
      const { matches, terms } = searchKeyword(index, node, filters);
      return { matches, terms };
    };
    expect(ranked(imported, { years: [2021, 2023] })).toEqual(ranked(built, { years: [2021, 2023] }));
    expect(ranked(imported, {})).toEqual(ranked(built, {}));
  });

  it('refuses an index made for another corpus', () => {
    expect(() => loadKeywordIndex(saved, tinyCorpus())).toThrow(/covers \d+ paragraphs/);
  });

  it('refuses an index of another analyzer version', () => {
    const stale = { ...saved, meta: { ...saved.meta, analyzerVersion: saved.meta.analyzerVersion + 1 } };
    expect(() => loadKeywordIndex(stale, corpus)).toThrow(/Rebuild/);
  });

  it('refuses postings whose columns disagree', () => {
    const truncated = {
      ...saved,
      postings: { ...saved.postings, seqs: saved.postings.seqs.subarray(0, 40) },
    };
    expect(() => loadKeywordIndex(truncated, corpus)).toThrow(/inconsistent/);
  });
});
