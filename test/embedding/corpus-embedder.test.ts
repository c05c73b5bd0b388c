import { describe, expect, it } from 'vitest';
import {
  corpusEmbedderFromModel,
  corpusFeatures,
  deserializeCorpusModel,
  latentDimensions,
  serializeCorpusModel,
  trainCorpusEmbedder,
} from '../../src/embedding/corpus-embedder.ts';
import { dot } from '../../src/embedding/embedder.ts';

/** Space-separated words stand in for analyzer tokens in these mechanism tests. */
const tokenize = (text: string) => text.split(' ').filter(Boolean);

/**
 * Two topics. 专利 and 知识产权 appear in the same contexts (质押, 融资, 银行), and so do 贷款 and
 * 融资, but the last finance paragraph never says 专利 or 贷款.
 */
const paragraphs = [
  '专利 质押 融资 银行',
  '专利 质押 贷款 银行',
  '知识产权 质押 融资 银行',
  '专利 贷款 银行 企业',
  '知识产权 融资 企业 银行',
  '知识产权 质押 融资 企业',
  '商标 注册 审查 周期',
  '商标 审查 质量 周期',
  '注册 审查 周期 压缩',
  '商标 注册 质量 效率',
  '审查 质量 效率 周期',
  '商标 审查 效率 注册',
];

const options = {
  tokenize,
  dimensions: 2,
  minDocumentFrequency: 2,
  maxDocumentShare: 0.6,
  paragraphsPerDimension: 1,
};

describe('trainCorpusEmbedder', () => {
  const embedder = trainCorpusEmbedder(paragraphs.map(tokenize), options);

  it('embeds passages as unit vectors of the model dimensions', async () => {
    const vectors = await embedder.embedPassages(paragraphs.slice(0, 3));
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toHaveLength(2);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    expect(embedder.info).toMatchObject({ kind: 'corpus', dimensions: 2 });
    expect(embedder.info.model).toMatch(/^lsa-[0-9a-f]{16}$/);
  });

  it('puts a query closer to a paragraph that shares none of its words but shares their contexts', async () => {
    const query = await embedder.embedQuery('专利 贷款');
    const [finance, review] = await embedder.embedPassages(['知识产权 融资 企业', '商标 审查 周期']);
    expect(dot(query, finance as Float32Array)).toBeGreaterThan(0.9);
    expect(dot(query, finance as Float32Array)).toBeGreaterThan(dot(query, review as Float32Array) + 0.5);
  });

  it('gives a zero vector to text with no vocabulary word', async () => {
    expect([...(await embedder.embedQuery('完全 无关'))]).toEqual([0, 0]);
  });

  it('reports progress up to the total', () => {
    const calls: [number, number][] = [];
    embedder.embedTokenLists(paragraphs.map(tokenize), (done, total) => calls.push([done, total]));
    expect(calls.at(-1)).toEqual([12, 12]);
  });

  it('trains the same model (same hash) from the same corpus', () => {
    expect(trainCorpusEmbedder(paragraphs.map(tokenize), options).info.model).toBe(embedder.info.model);
  });

  it('drops words below the minimum document frequency and above the maximum share', () => {
    const vocabulary = trainCorpusEmbedder([...paragraphs, '孤词 专利'].map(tokenize), options).model
      .vocabulary;
    expect(vocabulary).not.toContain('孤词');
    const strict = trainCorpusEmbedder(paragraphs.map(tokenize), { ...options, maxDocumentShare: 0.4 });
    expect(strict.model.vocabulary).not.toContain('审查');
  });

  it('refuses a corpus in which no word repeats', () => {
    expect(() => trainCorpusEmbedder([['一'], ['二']], options)).toThrow(/no term/);
  });
});

describe('latentDimensions', () => {
  it.each([
    [100_000, 40_000, 256],
    [400, 5_000, 100],
    [400, 50, 50],
    [2, 10, 1],
  ])('gives %i paragraphs and %i terms %i dimensions', (rows, vocabulary, expected) => {
    expect(latentDimensions(rows, vocabulary, { dimensions: 256, paragraphsPerDimension: 4 })).toBe(expected);
  });
});

describe('serializeCorpusModel / deserializeCorpusModel', () => {
  const embedder = trainCorpusEmbedder(paragraphs.map(tokenize), options);
  const bytes = serializeCorpusModel(embedder.model);

  it('round-trips a model that embeds exactly as before and keeps its hash', async () => {
    const loaded = corpusEmbedderFromModel(deserializeCorpusModel(bytes), tokenize);
    expect(loaded.info).toEqual(embedder.info);
    expect(await loaded.embedQuery('专利 贷款')).toEqual(await embedder.embedQuery('专利 贷款'));
  });

  it.each([
    ['foreign bytes', new TextEncoder().encode('definitely not a model file'), /magic/],
    ['a truncated file', bytes.subarray(0, bytes.length - 4), /truncated/],
    [
      'a newer format',
      (() => {
        const copy = bytes.slice();
        new DataView(copy.buffer).setUint32(4, 99, true);
        return copy;
      })(),
      /format 99/,
    ],
  ])('refuses %s', (_case, input, message) => {
    expect(() => deserializeCorpusModel(input)).toThrow(message);
  });
});

describe('corpusFeatures', () => {
  it.each([
    [
      ['知识产权', '质押'],
      ['知识产权', '质押', '知', '识', '产', '权', '质', '押'],
    ],
    [
      ['专', 'ai'],
      ['专', 'ai'],
    ],
    [['ai技术'], ['ai技术', '技', '术']],
  ])('adds the Han characters of multi-character tokens to %j', (tokens, expected) => {
    expect(corpusFeatures(tokens)).toEqual(expected);
  });
});
