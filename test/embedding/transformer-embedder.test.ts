import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dot } from '../../src/embedding/embedder.ts';
import {
  chunkStarts,
  loadTransformerEmbedder,
  ModelUnavailableError,
  type TransformerEmbedder,
} from '../../src/embedding/transformer-embedder.ts';
import { type TinyModel, tinyModelLocation, writeTinyOnnxModel } from '../helpers/tiny-onnx-model.ts';

describe('chunkStarts', () => {
  it.each([
    [5, 10, 2, [0]],
    [10, 10, 2, [0]],
    [11, 10, 2, [0, 1]],
    [25, 10, 2, [0, 8, 15]],
    [30, 10, 0, [0, 10, 20]],
  ])('covers %i tokens with windows of %i overlapping by %i', (length, window, overlap, expected) => {
    expect(chunkStarts(length, window, overlap)).toEqual(expected);
  });
});

describe('loadTransformerEmbedder', () => {
  let tiny: TinyModel;
  let embedder: TransformerEmbedder;
  const prefix = '为这个句子生成表示以用于检索相关文章：';

  beforeAll(async () => {
    // A 16-token window (14 text tokens + [CLS] + [SEP]) so that a 40-character paragraph is chunked.
    tiny = writeTinyOnnxModel({ maxLength: 16 });
    embedder = await loadTransformerEmbedder({ ...tinyModelLocation(tiny), chunkOverlap: 4, batchSize: 3 });
  });

  afterAll(async () => {
    await embedder?.close();
    if (tiny) rmSync(tiny.dir, { recursive: true, force: true });
  });

  it('describes itself by the model id and the width of its vectors', () => {
    expect(embedder.info).toEqual({ kind: 'transformer', model: tiny.modelId, dimensions: 16 });
    expect(embedder.maxTokens).toBe(16);
  });

  it('returns one unit vector per passage, in input order', async () => {
    const texts = ['知识产权质押融资', '一窗通办', '数据知识产权', '商标审查周期', '专利'];
    const vectors = await embedder.embedPassages(texts);
    expect(vectors).toHaveLength(5);
    for (const v of vectors) {
      expect(v).toHaveLength(16);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    // Embedding one text alone gives the same vector as in a padded batch: the mask is honoured.
    const [alone] = await embedder.embedPassages(['一窗通办']);
    expect(dot(alone as Float32Array, vectors[1] as Float32Array)).toBeCloseTo(1, 5);
    expect(dot(vectors[0] as Float32Array, vectors[1] as Float32Array)).toBeLessThan(0.99);
  });

  it('puts the retrieval instruction in front of queries only', async () => {
    const query = await embedder.embedQuery('知识产权');
    const [withPrefix, without] = await embedder.embedPassages([`${prefix}知识产权`, '知识产权']);
    expect(dot(query, withPrefix as Float32Array)).toBeCloseTo(1, 5);
    expect(dot(query, without as Float32Array)).toBeLessThan(0.999);
  });

  it('embeds a paragraph longer than the window as the renormalized mean of its chunks', async () => {
    const long = '深入开展知识产权质押融资入园惠企工作完善专利开放许可运行机制促进专利以许可的方式转化实施';
    expect([...long].length).toBeGreaterThan(14);
    const [whole] = await embedder.embedPassages([long]);
    const chunkTexts = chunkStarts([...long].length, 14, 4).map((s) => [...long].slice(s, s + 14).join(''));
    expect(chunkTexts.length).toBeGreaterThan(1);
    const parts = await embedder.embedPassages(chunkTexts);
    const mean = new Float32Array(16);
    for (const part of parts) {
      part.forEach((x, d) => {
        mean[d] = (mean[d] as number) + x;
      });
    }
    const norm = Math.sqrt(dot(mean, mean));
    expect(dot(whole as Float32Array, mean) / norm).toBeCloseTo(1, 5);
  });

  it('reports progress up to the number of passages', async () => {
    const calls: number[] = [];
    await embedder.embedPassages(['一', '二', '三', '四', '五', '六', '七'], (done, total) => {
      expect(total).toBe(7);
      calls.push(done);
    });
    expect(calls.at(-1)).toBe(7);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
  });

  it('fails with the model id when the model is not on disk and downloads are off', async () => {
    await expect(
      loadTransformerEmbedder({
        model: 'nobody/no-such-model',
        localModelPath: tiny.dir,
        cacheDir: tiny.dir,
      }),
    ).rejects.toThrow(ModelUnavailableError);
    await expect(
      loadTransformerEmbedder({
        model: 'nobody/no-such-model',
        localModelPath: tiny.dir,
        cacheDir: tiny.dir,
      }),
    ).rejects.toThrow(/nobody\/no-such-model/);
  });
});
