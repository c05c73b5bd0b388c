/**
 * `openIndex` on an index built with the transformer embedder (the tiny generated model): its query
 * embedder is restored in a worker thread, answers semantic searches, and is let go by `close()`.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../indexer/build-index.ts';
import { createProgress } from '../../indexer/progress.ts';
import { calibrateSimilarity } from '../../src/embedding/similarity-calibration.ts';
import { IndexLoadError } from '../../src/errors.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { modelLocationFromEnv, openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { SEEDS_DIR } from '../helpers/seed-index.ts';
import { type TinyModel, writeTinyOnnxModel } from '../helpers/tiny-onnx-model.ts';

let root: string;
let outDir: string;
let tiny: TinyModel;
let index: OpenedIndex;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'open-index-'));
  const inputDir = path.join(root, 'input');
  outDir = path.join(root, 'index-data');
  await mkdir(inputDir);
  await copyFile(path.join(SEEDS_DIR, '003_04412ee2bb764e95.txt'), path.join(inputDir, '003.txt'));
  tiny = writeTinyOnnxModel();
  const models = { localModelPath: tiny.dir, cacheDir: tiny.dir };
  await buildIndex({
    inputDir,
    outDir,
    embedder: 'transformer',
    transformer: { ...models, model: tiny.modelId },
    progress: createProgress(process.stderr, true),
  });
  // Opened the way the server and the CLI open it: the model location from the environment.
  index = await openIndex(outDir, modelLocationFromEnv({ MODEL_DIR: tiny.dir, MODEL_CACHE_DIR: tiny.dir }));
});

afterAll(async () => {
  await index?.close();
  await rm(root, { recursive: true, force: true });
  if (tiny) await rm(tiny.dir, { recursive: true, force: true });
});

describe('openIndex on a transformer-built index', () => {
  it('restores the transformer that built the vectors as the query embedder', () => {
    expect(index.manifest.embedder).toEqual({ kind: 'transformer', model: tiny.modelId, dimensions: 16 });
    expect(index.semantic?.neighbours.info).toEqual(index.manifest.embedder);
  });

  it('calibrates its similarity cut-offs from its own vectors at build time, none hard-coded for the model', async () => {
    const { similarity } = index.manifest;
    expect(similarity).toBeDefined();
    const semantic = index.semantic;
    if (!semantic || !similarity) throw new Error('the index has no calibrated semantic half');
    // The same quantiles of the same seeded pairs, read again from the vectors the graph holds.
    const points = await Promise.all(
      Array.from({ length: semantic.neighbours.size }, (_, seq) => semantic.neighbours.vectorOf(seq)),
    );
    const again = calibrateSimilarity(points.length, (seq) => points[seq] as Float32Array);
    expect(again.searchFloor).toBeCloseTo(similarity.searchFloor, 3);
    expect(again.timelineFloor).toBeCloseTo(similarity.timelineFloor, 3);
    expect(similarity.timelineFloor).toBeGreaterThanOrEqual(similarity.searchFloor);
    expect(semantic.calibration).toEqual(similarity);
  });

  it('drops semantic results below the calibrated floor', async () => {
    const response = await createSearcher(index).search({
      query: '知识产权',
      mode: 'semantic',
      limit: 100,
      offset: 0,
      filters: {},
    });
    for (const hit of response.hits)
      expect(hit.score).toBeGreaterThanOrEqual(index.semantic?.calibration.searchFloor ?? 1);
  });

  it('answers a semantic search, the paragraph quoted in full among the first hits', async () => {
    const paragraph = index.corpus.paragraphs.find((p) => [...p.text].length > 60);
    expect(paragraph).toBeDefined();
    const response = await createSearcher(index).search({
      query: paragraph?.text ?? '',
      mode: 'semantic',
      limit: 3,
      offset: 0,
      filters: {},
    });
    expect(response.hits.length).toBeGreaterThan(0);
    expect(response.hits.every((hit) => hit.matchedBy.includes('semantic'))).toBe(true);
    expect(response.hits.map((hit) => hit.id)).toContain(paragraph?.id);
  });

  it('refuses the index with the model and the rebuild command when the model is not found', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-models-'));
    try {
      const opening = openIndex(outDir, { localModelPath: empty, cacheDir: empty });
      await expect(opening).rejects.toThrow(IndexLoadError);
      await expect(opening).rejects.toThrow(new RegExp(`${tiny.modelId}.*npm run index`, 'su'));
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('lets the semantic worker go on close(): semantic queries are refused afterwards', async () => {
    const opened = await openIndex(outDir, { localModelPath: tiny.dir, cacheDir: tiny.dir });
    const neighbours = opened.semantic?.neighbours;
    expect(await neighbours?.vectorOf(0)).toHaveLength(16);
    expect((await neighbours?.nearestToText('知识产权', 3))?.length).toBe(3);
    await opened.close();
    await expect(neighbours?.nearestToText('知识产权', 3)).rejects.toThrow(/closed/);
  });

  it('restores the transformer in this thread’s own worker when asked to hold the semantic half here', async () => {
    const opened = await openIndex(
      outDir,
      { localModelPath: tiny.dir, cacheDir: tiny.dir },
      { semanticIn: 'thread' },
    );
    const embedder = opened.semantic?.local?.embedder;
    expect(await embedder?.embedQuery('知识产权')).toHaveLength(16);
    await opened.close();
    await expect(embedder?.embedQuery('知识产权')).rejects.toThrow(/closed/);
  });
});

describe('modelLocationFromEnv', () => {
  it.each([
    [{}, {}],
    [{ MODEL_DIR: '/models' }, { localModelPath: '/models' }],
    [{ MODEL_CACHE_DIR: '/cache' }, { cacheDir: '/cache' }],
    [{ MODEL_DIR: '', MODEL_CACHE_DIR: '/cache' }, { cacheDir: '/cache' }],
  ])('reads %j as %j', (env, location) => {
    expect(modelLocationFromEnv(env)).toEqual(location);
  });
});
