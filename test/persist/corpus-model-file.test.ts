/**
 * The corpus model read from its file a projection row at a time (src/persist/corpus-model-file.ts):
 * it embeds every query exactly as the model held whole does, has the same id, and a foreign or
 * truncated file is refused as `deserializeCorpusModel` refuses it.
 */
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corpusEmbedderFromModel,
  corpusModelId,
  deserializeCorpusModel,
  serializeCorpusModel,
  trainCorpusEmbedder,
} from '../../src/embedding/corpus-embedder.ts';
import { corpusModelFromDescriptor } from '../../src/persist/corpus-model-file.ts';

const tokenize = (text: string) => text.split(' ').filter(Boolean);
const paragraphs = [
  '专利 质押 融资 银行',
  '专利 质押 贷款 银行',
  '知识产权 质押 融资 银行',
  '专利 贷款 银行 企业',
  '知识产权 融资 企业 银行',
  '商标 注册 审查 周期',
  '商标 审查 质量 周期',
  '注册 审查 周期 压缩',
  '商标 注册 质量 效率',
];
const bytes = serializeCorpusModel(
  trainCorpusEmbedder(paragraphs.map(tokenize), {
    tokenize,
    dimensions: 3,
    minDocumentFrequency: 2,
    maxDocumentShare: 0.6,
    paragraphsPerDimension: 1,
  }).model,
);

let workDir = '';
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'corpus-model-file-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Writes `content` as a model file and reads it back through a descriptor, closed afterwards. */
async function fromFile<T>(name: string, content: Uint8Array, use: (fd: number) => T): Promise<T> {
  const file = path.join(workDir, name);
  await writeFile(file, content);
  const fd = openSync(file, 'r');
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

describe('corpusModelFromDescriptor', () => {
  it.each([
    ['one term', '专利'],
    ['terms of both topics', '专利 贷款 商标'],
    ['a term twice', '质押 质押 融资'],
    ['no vocabulary term', '未知 词语'],
    ['every term', paragraphs.join(' ')],
  ])('embeds %s exactly as the whole model does', async (_name, query) => {
    const whole = corpusEmbedderFromModel(deserializeCorpusModel(bytes), tokenize);
    const expected = await whole.embedQuery(query);
    const actual = await fromFile('model.bin', bytes, (fd) => {
      const { model, modelId } = corpusModelFromDescriptor(fd);
      expect(model.projection).toHaveLength(0);
      // Twice: the second time every row comes from the cache.
      const embedder = corpusEmbedderFromModel(model, tokenize, modelId);
      return [embedder.embedTokenLists([tokenize(query)])[0], embedder.embedTokenLists([tokenize(query)])[0]];
    });
    expect(actual).toEqual([expected, expected]);
  });

  it('names the model as corpusModelId of its bytes does, and keeps its vocabulary and idf', async () => {
    const whole = deserializeCorpusModel(bytes);
    const { model, modelId } = await fromFile('model.bin', bytes, corpusModelFromDescriptor);
    expect(modelId).toBe(corpusModelId(bytes));
    expect(model.vocabulary).toEqual(whole.vocabulary);
    expect(model.idf).toEqual(whole.idf);
    expect(model.singularValues).toEqual(whole.singularValues);
    expect(() => serializeCorpusModel(model)).toThrow(/cannot be serialized/);
  });

  it.each([
    ['a truncated file', bytes.subarray(0, bytes.length - 4), /truncated or damaged/],
    ['a file cut inside its header', bytes.subarray(0, 10), /truncated or damaged/],
    ['a foreign file', new TextEncoder().encode('not a model at all, just text'), /bad magic bytes/],
  ])('refuses %s', async (_name, content, message) => {
    await expect(fromFile('damaged.bin', content, corpusModelFromDescriptor)).rejects.toThrow(message);
  });
});
