import { copyFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../indexer/build-index.ts';
import type { BuildSummary } from '../../indexer/build-types.ts';
import { createProgress } from '../../indexer/progress.ts';
import { INDEX_FORMAT_VERSION } from '../../src/config.ts';
import { SearchError } from '../../src/errors.ts';
import { staleReason } from '../../src/persist/index-store.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { ANALYZER_VERSION } from '../../src/text/analyze.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';

const versions = { formatVersion: INDEX_FORMAT_VERSION, analyzerVersion: ANALYZER_VERSION };
const quiet = createProgress(process.stderr, true);

let root: string;
let inputDir: string;
let outDir: string;
let first: BuildSummary;
let second: BuildSummary;
let firstIds: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'build-index-'));
  inputDir = path.join(root, 'input');
  outDir = path.join(root, 'index-data');
  await mkdir(path.join(inputDir, 'nested'), { recursive: true });
  await copyFile(path.join(SEEDS_DIR, '003_04412ee2bb764e95.txt'), path.join(inputDir, '003.txt'));
  await copyFile(path.join(SEEDS_DIR, '004_07740394ff6dd330.txt'), path.join(inputDir, 'nested', '004.txt'));
  await writeFile(path.join(inputDir, 'broken.txt'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 7, 0, 0, 3, 0]));
  first = await buildIndex({ inputDir, outDir, embedder: 'corpus', progress: quiet });
  firstIds = (await openIndex(outDir)).corpus.paragraphs.map((paragraph) => paragraph.id);
  second = await buildIndex({ inputDir, outDir, embedder: 'corpus', progress: quiet, rebuild: 'full' });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildIndex', () => {
  it('indexes the readable documents and reports the unreadable one as skipped with a reason', () => {
    expect(first.documents).toBe(2);
    expect(first.paragraphs).toBeGreaterThan(100);
    expect(first.skipped.map((file) => file.source)).toEqual(['broken.txt']);
    expect(first.skipped[0]?.reason).toMatch(/\S{5,}/);
    expect(first.embedder?.kind).toBe('corpus');
  });

  it('gives the same ids to an unchanged input, and re-embeds nothing the second time', async () => {
    expect(second.cachedEmbeddings).toBe(second.paragraphs);
    expect(first.cachedEmbeddings).toBe(0);
    const index = await openIndex(outDir);
    expect(index.corpus.paragraphs.map((paragraph) => paragraph.id)).toEqual(firstIds);
    expect(new Set(firstIds).size).toBe(firstIds.length);
  });

  it('keeps only the newest build folder after a switch', async () => {
    const builds = (await readdir(outDir)).filter((name) => name.startsWith('build-'));
    expect(builds).toEqual([path.basename(second.buildDir)]);
  });

  it('records the input so a changed file makes the index stale', async () => {
    expect(await staleReason(outDir, inputDir, versions)).toBeNull();
    await utimes(path.join(inputDir, '003.txt'), new Date(), new Date(Date.now() + 60_000));
    expect(await staleReason(outDir, inputDir, versions)).toMatch(/changed since the index was built/);
  });

  it('builds a keyword-only index with --embedder none, whose searcher refuses semantic mode', async () => {
    const keywordOnly = path.join(root, 'keyword-only');
    const summary = await buildIndex({ inputDir, outDir: keywordOnly, embedder: 'none', progress: quiet });
    expect(summary.embedder).toBeNull();
    const searcher = createSearcher(await openIndex(keywordOnly));
    expect(searcher.summary().embedder).toBeNull();
    const keyword = await searcher.search({
      query: '知识产权',
      mode: 'keyword',
      limit: 5,
      offset: 0,
      filters: {},
    });
    expect(keyword.total).toBeGreaterThan(0);
    await expect(
      searcher.search({ query: '知识产权', mode: 'semantic', limit: 5, offset: 0, filters: {} }),
    ).rejects.toBeInstanceOf(SearchError);
  });
});
