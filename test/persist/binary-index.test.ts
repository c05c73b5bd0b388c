/**
 * The binary index on disk, over the seeds: what is saved loads back to the same corpus and the
 * same hits and scores, and a flipped byte, a truncated file, an index of the old format or old
 * checksums is refused with one line naming the file and the rebuild command.
 */
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FORMAT_VERSION } from '../../src/config.ts';
import { IndexLoadError } from '../../src/errors.ts';
import { buildKeywordIndex } from '../../src/keyword/keyword-index.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { fileChecksum } from '../../src/persist/file-checksum.ts';
import { loadIndex } from '../../src/persist/index-store.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

let workDir = '';
let goodDir = '';

beforeAll(async () => {
  goodDir = await seedIndexDir();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'binary-index-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** A copy of the seed index to damage, and the folder of its live build. */
async function copyIndex(name: string): Promise<{ indexDir: string; buildDir: string }> {
  const indexDir = path.join(workDir, name);
  await cp(goodDir, indexDir, { recursive: true });
  const buildDir = path.join(indexDir, (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
  return { indexDir, buildDir };
}

/** Records a file's new size and checksum in checksums.json, as if the build had written it so. */
async function rehash(buildDir: string, name: string): Promise<void> {
  const bytes = await readFile(path.join(buildDir, name));
  const sumsFile = path.join(buildDir, 'checksums.json');
  const sums = JSON.parse(await readFile(sumsFile, 'utf8')) as Record<string, unknown>;
  sums[name] = fileChecksum(bytes);
  await writeFile(sumsFile, JSON.stringify(sums));
}

async function loadError(indexDir: string): Promise<Error> {
  const error = await loadIndex(indexDir).then(
    () => new Error('the index loaded'),
    (caught: unknown) => caught as Error,
  );
  expect(error).toBeInstanceOf(IndexLoadError);
  expect(error.message).not.toContain('\n');
  expect(error.message).toMatch(/Rebuild it with: npm run index$/);
  return error;
}

describe(`the binary index (format ${INDEX_FORMAT_VERSION})`, () => {
  it('loads back the corpus it was built from, paragraph for paragraph', async () => {
    const loaded = await loadIndex(goodDir);
    const corpus = loadSeedCorpus();
    expect(loaded.corpus.documents).toEqual(corpus.documents);
    expect(loaded.corpus.paragraphs).toEqual(corpus.paragraphs);
  });

  it.each([
    '知识产权质押融资',
    '地理标志 保护',
    '"海外知识产权纠纷应对"',
    '专利 -商标',
    '同句(质押 融资)',
    'PCT',
  ])('gives the same hits and scores as the index built in memory for %s', async (query) => {
    const loaded = await loadIndex(goodDir);
    const built = buildKeywordIndex(loadSeedCorpus());
    const node = parseQuery(query);
    const ranked = (index: typeof built) => searchKeyword(index, node, {}).matches;
    expect(ranked(loaded.keyword)).toEqual(ranked(built));
    // Twice: the second read of each token comes from the decoded-list cache.
    expect(ranked(loaded.keyword)).toEqual(ranked(built));
  });

  it.each(['paragraphs.bin', 'keyword.bin', 'documents.json', 'vector/hnsw.bin', 'embedder/model.bin'])(
    'refuses %s with a flipped byte, naming it',
    async (file) => {
      const { indexDir, buildDir } = await copyIndex(`flip-${file.replaceAll('/', '-')}`);
      const bytes = await readFile(path.join(buildDir, file));
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      await writeFile(path.join(buildDir, file), bytes);
      expect((await loadError(indexDir)).message).toContain(`${file} is corrupted (checksum mismatch)`);
    },
  );

  it('refuses suggest/index.json with a flipped byte on first use, naming it, and a truncated one at load', async () => {
    const { indexDir, buildDir } = await copyIndex('flip-suggest');
    const file = path.join(buildDir, 'suggest/index.json');
    const bytes = await readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    await writeFile(file, bytes);
    // Read and hashed on the first type-ahead request, not at start-up: it is refused there.
    const loaded = await loadIndex(indexDir);
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => loaded.suggest.entries).toThrow(IndexLoadError);
      expect(() => loaded.suggest.entries).toThrow(/suggest\/index\.json is corrupted \(checksum mismatch\)/);
    }
    await truncate(file, 100);
    expect((await loadError(indexDir)).message).toMatch(
      /suggest\/index\.json has 100 bytes, \d+ were written/,
    );
  });

  it('refuses a truncated file, naming it', async () => {
    const { indexDir, buildDir } = await copyIndex('truncated');
    await truncate(path.join(buildDir, 'keyword.bin'), 5000);
    expect((await loadError(indexDir)).message).toMatch(/keyword\.bin has 5000 bytes, \d+ were written/);
  });

  it('refuses a truncated container even when its checksum was rewritten to match', async () => {
    const { indexDir, buildDir } = await copyIndex('truncated-rehashed');
    await truncate(path.join(buildDir, 'paragraphs.bin'), 5000);
    await rehash(buildDir, 'paragraphs.bin');
    expect((await loadError(indexDir)).message).toMatch(/paragraphs\.bin: it is truncated \(section \w+\)/);
  });

  it('refuses an index of the previous format version before reading its files', async () => {
    const previous = INDEX_FORMAT_VERSION - 1;
    const { indexDir, buildDir } = await copyIndex('format-previous');
    const manifestFile = path.join(buildDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { formatVersion: number };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: previous }));
    await rm(path.join(buildDir, 'paragraphs.bin'));
    expect((await loadError(indexDir)).message).toContain(
      `it has format version ${previous}, this code reads version ${INDEX_FORMAT_VERSION}`,
    );
  });

  it('refuses checksums of the old kind (sha256, format 4), naming the file', async () => {
    const { indexDir, buildDir } = await copyIndex('sha256-checksums');
    const sumsFile = path.join(buildDir, 'checksums.json');
    const sums = JSON.parse(await readFile(sumsFile, 'utf8')) as Record<string, { bytes: number }>;
    const old = Object.fromEntries(
      Object.entries(sums).map(([name, { bytes }]) => [name, { bytes, sha256: '0'.repeat(64) }]),
    );
    await writeFile(sumsFile, JSON.stringify(old));
    expect((await loadError(indexDir)).message).toMatch(
      /checksums\.json records no crc32 checksum for [\w/.]+ \(an older format\)/,
    );
  });
});
