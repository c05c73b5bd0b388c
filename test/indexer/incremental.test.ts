/**
 * Incremental builds: adding, changing and removing files gives the same index a full build of the
 * new folder gives — the same documents, paragraph ids and keyword hits with the same scores — while
 * reading only the changed files; the vectors of unchanged paragraphs are kept and the new ones
 * found; `--add` / `--remove` on the command line; a kill half-way leaves the previous build serving.
 */
import { spawn } from 'node:child_process';
import { appendFile, copyFile, cp, mkdir, mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../indexer/build-index.ts';
import type { BuildSummary } from '../../indexer/build-types.ts';
import { createProgress } from '../../indexer/progress.ts';
import { INCREMENTAL } from '../../src/config.ts';
import { verifyBuild } from '../../src/persist/index-store.ts';
import { LINEAGE_RECORD_FILES } from '../../src/persist/lineage-records.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { SUGGEST_COUNTS_FILE } from '../../src/persist/suggest-store.ts';
import { createSearcher, type Searcher } from '../../src/search/searcher.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOV_PAGE = fileURLToPath(new URL('../fixtures/ingest/gov-cn-policy.html', import.meta.url));
const quiet = createProgress(process.stderr, true);
const QUERIES = [
  '知识产权质押融资',
  '专利',
  '商标 保护',
  '"数据知识产权"',
  '惩罚性赔偿',
  '地理标志 | 商业秘密',
  '国务院办公厅',
  '知识产权 -专利',
];

let root = '';
let inputDir = '';
let outDir = '';
let initial: BuildSummary;
let incremental: BuildSummary;
let initialIds: Map<string, string[]>;
/** The first build's checksums.json, read before the incremental build removed that build. */
let initialChecksums: Record<string, { bytes: number; crc32: string }>;
/** The first build's lineage directory, read before the incremental build removed that build. */
let initialLineageDirectory: string;

async function keywordResults(searcher: Searcher) {
  const results = [];
  for (const query of QUERIES) {
    const response = await searcher.search({ query, mode: 'keyword', limit: 50, offset: 0, filters: {} });
    results.push({
      query,
      total: response.total,
      hits: response.hits.map((hit) => ({ id: hit.id, score: hit.score })),
      facets: response.facets,
    });
  }
  return results;
}

function idsByDocument(paragraphs: { docId: string; id: string }[]): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const paragraph of paragraphs)
    ids.set(paragraph.docId, [...(ids.get(paragraph.docId) ?? []), paragraph.id]);
  return ids;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'incremental-'));
  inputDir = path.join(root, 'input');
  outDir = path.join(root, 'index-data');
  await mkdir(path.join(inputDir, 'pages'), { recursive: true });
  for (const name of ['000_2b34ef53993d7fe3.txt', '001_f2b5bd6f9b254a2f.txt', '002_ca027c0f700d14af.txt']) {
    await copyFile(path.join(SEEDS_DIR, name), path.join(inputDir, name));
  }
  initial = await buildIndex({ inputDir, outDir, embedder: 'corpus', progress: quiet });
  initialIds = idsByDocument((await openIndex(outDir)).corpus.paragraphs);
  initialChecksums = JSON.parse(await readFile(path.join(initial.buildDir, 'checksums.json'), 'utf8'));
  initialLineageDirectory = await readFile(
    path.join(initial.buildDir, LINEAGE_RECORD_FILES.directory),
    'utf8',
  );

  // One file added in a subfolder, one changed (a paragraph appended), one removed.
  await copyFile(GOV_PAGE, path.join(inputDir, 'pages', 'gov.html'));
  await appendFile(
    path.join(inputDir, '001_f2b5bd6f9b254a2f.txt'),
    '\n新增一段：推进知识产权惩罚性赔偿制度落地见效。\n',
  );
  await unlink(path.join(inputDir, '002_ca027c0f700d14af.txt'));
  incremental = await buildIndex({ inputDir, outDir, embedder: 'corpus', progress: quiet });
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('incremental build', () => {
  it('reads only the added and changed files', () => {
    expect(initial.incremental).toBeNull();
    expect(incremental.incremental).toEqual({
      base: path.basename(initial.buildDir),
      added: ['pages/gov.html'],
      changed: ['001_f2b5bd6f9b254a2f.txt'],
      removed: ['002_ca027c0f700d14af.txt'],
      unchanged: 1,
    });
  });

  it('gives the same corpus, ids and keyword hits and scores as a full build of the new folder', async () => {
    const fullDir = path.join(root, 'full');
    await buildIndex({ inputDir, outDir: fullDir, embedder: 'corpus', progress: quiet });
    const fromIncremental = await openIndex(outDir);
    const fromFull = await openIndex(fullDir);
    expect(fromIncremental.corpus).toEqual(fromFull.corpus);
    expect(await keywordResults(createSearcher(fromIncremental))).toEqual(
      await keywordResults(createSearcher(fromFull)),
    );
  });

  it('gives the same suggestions and suggestion counts as a full build of the new folder', async () => {
    // The full build of the test above.
    const fullDir = path.join(root, 'full');
    const fromIncremental = await openIndex(outDir);
    const fromFull = await openIndex(fullDir);
    expect(fromIncremental.suggest?.entries).toEqual(fromFull.suggest?.entries);
    const counts = async (indexDir: string) =>
      readFile(
        path.join(
          indexDir,
          (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim(),
          SUGGEST_COUNTS_FILE,
        ),
      );
    expect((await counts(outDir)).equals(await counts(fullDir))).toBe(true);
  });

  it('gives the same lineage records as a full build of the new folder, copying the unchanged ones', async () => {
    // The full build of the tests above.
    const fullDir = path.join(root, 'full');
    const filesOf = async (indexDir: string) => {
      const build = path.join(indexDir, (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim());
      return Promise.all([
        readFile(path.join(build, LINEAGE_RECORD_FILES.directory)),
        readFile(path.join(build, LINEAGE_RECORD_FILES.records)),
      ]);
    };
    const [incrementalFiles, fullFiles] = [await filesOf(outDir), await filesOf(fullDir)];
    expect(incrementalFiles[0].equals(fullFiles[0])).toBe(true);
    expect(incrementalFiles[1].equals(fullFiles[1])).toBe(true);
    // Some documents kept their content keys (their records were copied), the changed and added ones did not.
    const first = JSON.parse(initialLineageDirectory);
    const now = JSON.parse(incrementalFiles[0].toString('utf8'));
    const unchanged = Object.keys(first.units).filter(
      (docId) => now.units[docId]?.[3] === first.units[docId][3],
    );
    expect(unchanged.length).toBeGreaterThan(0);
    expect(unchanged.length).toBeLessThan(Object.keys(now.units).length);
  });

  it('keeps the ids of unchanged paragraphs', async () => {
    const after = idsByDocument((await openIndex(outDir)).corpus.paragraphs);
    const unchanged = [...initialIds.keys()].find(
      (docId) => after.has(docId) && after.get(docId)?.length === initialIds.get(docId)?.length,
    );
    expect(unchanged).toBeDefined();
    expect(after.get(unchanged as string)).toEqual(initialIds.get(unchanged as string));
  });

  it('finds the new paragraphs by meaning and keeps the vectors of the old ones', async () => {
    const searcher = createSearcher(await openIndex(outDir));
    const added = searcher.documents().find((document) => document.source === 'pages/gov.html');
    const paragraph = searcher.document(added?.id ?? '')?.paragraphs.at(-1);
    const semantic = await searcher.search({
      query: paragraph?.text ?? '',
      mode: 'semantic',
      limit: 3,
      offset: 0,
      filters: {},
    });
    expect(semantic.hits[0]?.id).toBe(paragraph?.id);
    // An unchanged paragraph is still its own nearest neighbour: its vector sits under its new seq.
    const old = searcher.document(searcher.documents()[0]?.id ?? '')?.paragraphs[3];
    const same = await searcher.search({
      query: old?.text ?? '',
      mode: 'semantic',
      limit: 1,
      offset: 0,
      filters: {},
    });
    expect(same.hits[0]?.id).toBe(old?.id);
    expect(
      (await searcher.similar(old?.id ?? '', { limit: 5, sameDocument: false }))?.length,
    ).toBeGreaterThan(0);
  });

  it('keeps the previous graph file and corpus model whole, and writes only the graph’s edits', async () => {
    const checksums = JSON.parse(await readFile(path.join(incremental.buildDir, 'checksums.json'), 'utf8'));
    expect(checksums['vector/hnsw.bin']).toEqual(initialChecksums['vector/hnsw.bin']);
    expect(checksums['embedder/model.bin']).toEqual(initialChecksums['embedder/model.bin']);
    expect(checksums['vector/edits.bin']?.bytes).toBeGreaterThan(0);
    // The recorded checksums are the files' own: the whole build passes its check.
    await expect(verifyBuild(outDir, incremental.buildDir)).resolves.toBeUndefined();
  });

  it('writes the graph whole again once its edits add more vectors than INCREMENTAL.maxLoggedVectors', async () => {
    const other = path.join(root, 'compacted');
    await cp(outDir, other, { recursive: true });
    const previous = JSON.parse(await readFile(path.join(incremental.buildDir, 'checksums.json'), 'utf8'));
    const limits = INCREMENTAL as { maxLoggedVectors: number };
    const kept = limits.maxLoggedVectors;
    limits.maxLoggedVectors = 0;
    let summary: BuildSummary;
    try {
      await copyFile(path.join(SEEDS_DIR, '003_04412ee2bb764e95.txt'), path.join(inputDir, 'compact.txt'));
      summary = await buildIndex({
        inputDir,
        outDir: other,
        embedder: 'corpus',
        progress: quiet,
        only: { add: ['compact.txt'], remove: [] },
      });
    } finally {
      limits.maxLoggedVectors = kept;
      await unlink(path.join(inputDir, 'compact.txt'));
    }
    const checksums = JSON.parse(await readFile(path.join(summary.buildDir, 'checksums.json'), 'utf8'));
    expect(checksums['vector/edits.bin']).toBeUndefined();
    expect(checksums['vector/hnsw.bin'].crc32).not.toBe(previous['vector/hnsw.bin'].crc32);
    const searcher = createSearcher(await openIndex(other));
    const added = searcher.documents().find((document) => document.source === 'compact.txt');
    const paragraph = searcher.document(added?.id ?? '')?.paragraphs.at(-1);
    const found = await searcher.search({
      query: paragraph?.text ?? '',
      mode: 'semantic',
      limit: 1,
      offset: 0,
      filters: {},
    });
    expect(found.hits[0]?.id).toBe(paragraph?.id);
  });

  it('writes nothing when nothing changed', async () => {
    const again = await buildIndex({ inputDir, outDir, embedder: 'corpus', progress: quiet });
    expect(again.wrote).toBe(false);
    expect(again.buildDir).toBe(incremental.buildDir);
  });

  it('builds in full when the embedder asked for differs from the previous build’s', async () => {
    const other = path.join(root, 'other');
    await cp(outDir, other, { recursive: true });
    const summary = await buildIndex({ inputDir, outDir: other, embedder: 'none', progress: quiet });
    expect(summary.incremental).toBeNull();
    expect(summary.fullReason).toMatch(/embeddings were switched off/u);
  });
});

function indexer(args: string[]): ReturnType<typeof spawn> {
  return spawn(
    process.execPath,
    ['--import', 'tsx', 'indexer/main.ts', '--input', inputDir, '--out', outDir, ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

function finish(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function live(): Promise<string> {
  return (await readFile(path.join(outDir, 'CURRENT'), 'utf8')).trim();
}

describe('npm run index -- --add / --remove', () => {
  it('adds a file from outside the folder, then removes it', async () => {
    const outside = path.join(root, 'outside.txt');
    await copyFile(path.join(SEEDS_DIR, '004_07740394ff6dd330.txt'), outside);
    const added = await finish(indexer(['--add', outside]));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(
      /incremental from build-\d+-\d+: 1 added, 0 changed, 0 removed, 3 unchanged/u,
    );
    const withIt = createSearcher(await openIndex(outDir));
    expect(withIt.documents().map((document) => document.source)).toContain('outside.txt');

    const removed = await finish(indexer(['--remove', 'outside.txt']));
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toMatch(/0 added, 0 changed, 1 removed, 3 unchanged/u);
    const without = createSearcher(await openIndex(outDir));
    expect(without.documents().map((document) => document.source)).not.toContain('outside.txt');
  });

  it('refuses --remove of a file the index does not hold, and keeps the build', async () => {
    const before = await live();
    const refused = await finish(indexer(['--remove', 'no-such.txt']));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--remove no-such\.txt: the index holds no file no-such\.txt/u);
    expect(await live()).toBe(before);
  });
});

describe('an incremental build killed half-way', () => {
  it.each(['Loading the previous build', 'Building the keyword index', 'Writing the index'])(
    'leaves the previous build serving when killed at "%s"',
    async (phase) => {
      const before = await live();
      const total = (
        await createSearcher(await openIndex(outDir)).search({
          query: '知识产权',
          mode: 'hybrid',
          limit: 5,
          offset: 0,
          filters: {},
        })
      ).total;
      await appendFile(path.join(inputDir, '000_2b34ef53993d7fe3.txt'), `\n追加：${phase}。\n`);
      const child = indexer([]);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes(phase)) child.kill('SIGKILL');
      });
      await new Promise((resolve) => child.on('exit', resolve));
      const after = await live();
      const index = await openIndex(outDir);
      const response = await createSearcher(index).search({
        query: '知识产权',
        mode: 'hybrid',
        limit: 5,
        offset: 0,
        filters: {},
      });
      if (after === before) expect(response.total).toBe(total);
      // The next build picks the change up.
      const next = await finish(indexer([]));
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toMatch(/1 changed/u);
    },
  );
});
