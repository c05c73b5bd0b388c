/**
 * The keyword side loaded into shared memory (src/persist/shared-keyword.ts) on the seed index: every
 * shared column over a `SharedArrayBuffer`, the same bytes and checksum check as an ordinary read,
 * texts and agencies read back from the shared columns as the loaded index reads them, and the index
 * a search thread builds from them answering exactly as the loaded one.
 */
import { cp, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { BUILD_FILES } from '../../src/persist/build-folder.ts';
import { currentBuildDir, loadIndex } from '../../src/persist/index-store.ts';
import {
  isShared,
  keywordIndexFromShared,
  type SharedKeywordData,
  sharedParagraphSource,
} from '../../src/persist/shared-keyword.ts';
import { readVerifiedFiles } from '../../src/persist/verified-files.ts';
import type { SearchFilters } from '../../src/types.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

let dir = '';
let loaded: Awaited<ReturnType<typeof loadIndex>>;
let shared: SharedKeywordData;

beforeAll(async () => {
  dir = await seedIndexDir();
  loaded = await loadIndex(dir, undefined, { shareKeyword: true, skipSemantic: true });
  if (!loaded.shared) throw new Error('loaded without its shared keyword side');
  shared = loaded.shared;
}, 60_000);

afterAll(() => loaded?.release());

describe('loadIndex with shareKeyword', () => {
  it('holds keyword.bin and the searched paragraph columns in shared memory', () => {
    expect(isShared(shared)).toBe(true);
    expect(shared.paragraphs.count).toBe(loaded.keyword.view.paragraphCount);
    expect(shared.documents).toBe(loaded.corpus.documents);
  });

  it('holds nothing shared when not asked to', async () => {
    const plain = await loadIndex(dir, undefined, { skipSemantic: true });
    try {
      expect(plain.shared).toBeNull();
    } finally {
      plain.release();
    }
  });

  it('reads every text and agency list back from the shared columns as the loaded index does', () => {
    const source = sharedParagraphSource(shared.paragraphs);
    const { view } = loaded.keyword;
    for (let seq = 0; seq < view.paragraphCount; seq++) {
      expect(source.text(seq)).toBe(view.textAt(seq));
      expect(source.agencies(seq)).toEqual(view.agenciesAt(seq));
      expect(source.documentPosition[seq]).toBe(view.documentPosition[seq]);
    }
    expect(source.text(-1)).toBe('');
    expect(source.text(view.paragraphCount)).toBe('');
    expect(() => source.id(0)).toThrow(/reads no paragraph ids/u);
  });

  const CASES: { query: string; filters: SearchFilters }[] = [
    { query: '知识产权', filters: {} },
    { query: '"知识产权质押"', filters: {} },
    { query: '专利 OR 商标 -数据', filters: {} },
    { query: '知识产权保护', filters: { years: [2023] } },
    { query: '知识产权', filters: { agencies: ['中央宣传部'] } },
  ];
  it.each(CASES)(
    'searches "$query" $filters over the shared index as over the loaded one',
    ({ query, filters }) => {
      const tree = parseQuery(query);
      const fromShared = searchKeyword(keywordIndexFromShared(shared), tree, filters);
      const fromLoaded = searchKeyword(loaded.keyword, tree, filters);
      expect(fromShared.seqs).toEqual(fromLoaded.seqs);
      expect(fromShared.scores).toEqual(fromLoaded.scores);
      expect(fromShared.terms).toEqual(fromLoaded.terms);
      expect(fromShared.best(10)).toEqual(fromLoaded.best(10));
      expect(fromShared.seqs.length).toBeGreaterThan(0);
    },
  );
});

describe('readVerifiedFiles: readShared', () => {
  let copy = '';
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('reads the same bytes as read, into a SharedArrayBuffer', async () => {
    const files = await readVerifiedFiles(await currentBuildDir(dir), (reason) => new Error(reason));
    const sharedBytes = await files.readShared(BUILD_FILES.keyword);
    expect(sharedBytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(sharedBytes).equals(Buffer.from(await files.read(BUILD_FILES.keyword)))).toBe(true);
  });

  it('refuses a damaged file as read does', async () => {
    copy = await mkdtemp(path.join(os.tmpdir(), 'shared-keyword-'));
    await cp(await currentBuildDir(dir), copy, { recursive: true });
    const handle = await open(path.join(copy, BUILD_FILES.keyword), 'r+');
    await handle.write(Buffer.from([0xff, 0xfe]), 0, 2, 1000);
    await handle.close();
    const files = await readVerifiedFiles(copy, (reason) => new Error(reason));
    await expect(files.readShared(BUILD_FILES.keyword)).rejects.toThrow(/checksum mismatch/u);
  });
});
