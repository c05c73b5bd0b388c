import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexLoadError } from '../../src/errors.ts';
import {
  loadSuggestCounts,
  loadSuggestIndex,
  SUGGEST_COUNTS_FILE,
  SUGGEST_FILE,
  saveSuggestIndex,
} from '../../src/persist/suggest-store.ts';
import { buildCorpusSuggestions } from '../../src/suggest/build-suggestions.ts';
import { searchSuggestions } from '../../src/suggest/suggest-index.ts';
import { tinyCorpus } from '../keyword/tiny-corpus.ts';

let buildDir: string;
beforeEach(async () => {
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'suggest-store-'));
});
afterEach(() => rm(buildDir, { recursive: true, force: true }));

describe('saveSuggestIndex / loadSuggestIndex', () => {
  it('reads back an index that answers as the saved one did', async () => {
    const index = buildCorpusSuggestions(tinyCorpus());
    await saveSuggestIndex(buildDir, index);
    const loaded = await loadSuggestIndex('index-data', buildDir);
    for (const prefix of ['知', '知识', '质押', '2021']) {
      expect(searchSuggestions(loaded, prefix, 8)).toEqual(searchSuggestions(index, prefix, 8));
    }
    expect(searchSuggestions(loaded, '知识', 8).length).toBeGreaterThan(0);
  });

  it.each([
    ['missing', null, /suggest\/index\.json is missing\. Rebuild it with: npm run index/],
    ['not JSON', '{', /suggest\/index\.json cannot be read/],
    ['of another version', JSON.stringify({ version: 0 }), /suggest\/index\.json cannot be read .*version 0/],
  ])('refuses a suggestion file that is %s, with the rebuild command', async (_label, content, message) => {
    if (content !== null) {
      await saveSuggestIndex(buildDir, buildCorpusSuggestions(tinyCorpus()));
      await writeFile(path.join(buildDir, SUGGEST_FILE), content);
    }
    const loading = loadSuggestIndex('index-data', buildDir);
    await expect(loading).rejects.toBeInstanceOf(IndexLoadError);
    await expect(loading).rejects.toThrow(message);
  });
});

describe('loadSuggestCounts', () => {
  it('reads back the counts saved with the index, and the index is read without them', async () => {
    const index = buildCorpusSuggestions(tinyCorpus());
    await saveSuggestIndex(buildDir, index);
    expect(await loadSuggestCounts('index-data', buildDir)).toEqual(index.counts);
    expect((await loadSuggestIndex('index-data', buildDir)).counts).toBeUndefined();
  });

  it('answers null for a build that kept no counts', async () => {
    const { counts: _dropped, ...withoutCounts } = buildCorpusSuggestions(tinyCorpus());
    await saveSuggestIndex(buildDir, withoutCounts);
    expect(await loadSuggestCounts('index-data', buildDir)).toBeNull();
  });

  it('refuses damaged counts with the rebuild command', async () => {
    await saveSuggestIndex(buildDir, buildCorpusSuggestions(tinyCorpus()));
    await writeFile(path.join(buildDir, SUGGEST_COUNTS_FILE), new Uint8Array(12));
    const loading = loadSuggestCounts('index-data', buildDir);
    await expect(loading).rejects.toBeInstanceOf(IndexLoadError);
    await expect(loading).rejects.toThrow(
      /suggest\/counts\.bin cannot be read .*Rebuild it with: npm run index/u,
    );
  });
});
