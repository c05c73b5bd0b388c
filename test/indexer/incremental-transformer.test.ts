/**
 * With a transformer embedder a paragraph's vector depends on its text alone, so an incremental
 * build must equal a full build in every mode: the same hits and scores for keyword, semantic and
 * hybrid queries (the tiny generated model; HNSW at efSearch 400 over a few hundred vectors is exact).
 */
import { appendFile, copyFile, mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../indexer/build-index.ts';
import type { BuildSummary } from '../../indexer/build-types.ts';
import { createProgress } from '../../indexer/progress.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';
import { type TinyModel, tinyModelLocation, writeTinyOnnxModel } from '../helpers/tiny-onnx-model.ts';

const QUERIES = ['知识产权质押融资', '专利审查', '商标注册便利化', '数据知识产权保护'];
const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];

let root = '';
let tiny: TinyModel;
let incremental: BuildSummary;
const opened: OpenedIndex[] = [];

async function results(indexDir: string) {
  const location = tinyModelLocation(tiny);
  const index = await openIndex(indexDir, {
    localModelPath: location.localModelPath,
    cacheDir: location.cacheDir,
  });
  opened.push(index);
  const searcher = createSearcher(index);
  const out = [];
  for (const mode of MODES) {
    for (const query of QUERIES) {
      const response = await searcher.search({ query, mode, limit: 20, offset: 0, filters: {} });
      out.push({ mode, query, total: response.total, hits: response.hits.map((hit) => [hit.id, hit.score]) });
    }
  }
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'incremental-transformer-'));
  tiny = writeTinyOnnxModel();
  const inputDir = path.join(root, 'input');
  await mkdir(inputDir);
  for (const name of ['001_f2b5bd6f9b254a2f.txt', '002_ca027c0f700d14af.txt']) {
    await copyFile(path.join(SEEDS_DIR, name), path.join(inputDir, name));
  }
  const options = (outDir: string) => ({
    inputDir,
    outDir,
    embedder: 'transformer' as const,
    transformer: tinyModelLocation(tiny),
    progress: createProgress(process.stderr, true),
  });
  await buildIndex(options(path.join(root, 'incremental')));
  await copyFile(
    path.join(SEEDS_DIR, '000_2b34ef53993d7fe3.txt'),
    path.join(inputDir, '000_2b34ef53993d7fe3.txt'),
  );
  await appendFile(path.join(inputDir, '001_f2b5bd6f9b254a2f.txt'), '\n新增：推动商标注册便利化改革。\n');
  await unlink(path.join(inputDir, '002_ca027c0f700d14af.txt'));
  incremental = await buildIndex(options(path.join(root, 'incremental')));
  await buildIndex({ ...options(path.join(root, 'full')), rebuild: 'full' });
}, 120_000);

afterAll(async () => {
  for (const index of opened) await index.close();
  await rm(root, { recursive: true, force: true });
  if (tiny) await rm(tiny.dir, { recursive: true, force: true });
});

describe('incremental build with a transformer embedder', () => {
  it('was incremental', () => {
    expect(incremental.incremental).toMatchObject({
      added: ['000_2b34ef53993d7fe3.txt'],
      changed: ['001_f2b5bd6f9b254a2f.txt'],
      removed: ['002_ca027c0f700d14af.txt'],
    });
  });

  it('gives the same hits and scores as a full build in keyword, semantic and hybrid modes', async () => {
    const fromIncremental = await results(path.join(root, 'incremental'));
    const fromFull = await results(path.join(root, 'full'));
    expect(fromIncremental.some((result) => result.mode === 'semantic' && result.hits.length > 0)).toBe(true);
    expect(fromIncremental).toEqual(fromFull);
  });

  it('calibrates the similarity cut-offs as the full build does (the same pairs of the same vectors)', async () => {
    const location = tinyModelLocation(tiny);
    const open = async (name: string) => {
      const index = await openIndex(path.join(root, name), location);
      opened.push(index);
      return index;
    };
    const fromIncremental = await open('incremental');
    const fromFull = await open('full');
    expect(fromIncremental.manifest.similarity).toBeDefined();
    expect(fromIncremental.manifest.similarity).toEqual(fromFull.manifest.similarity);
  });
});
