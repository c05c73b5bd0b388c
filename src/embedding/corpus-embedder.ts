/**
 * The corpus-trained embedder: latent semantic analysis (Deerwester et al. 1990) learned from the
 * indexed paragraphs themselves, so semantic search works with no model download. Paragraphs become
 * TF-IDF vectors over the analyzer's tokens; a truncated SVD of the paragraph × term matrix finds the
 * few hundred directions along which words co-occur, and a text's embedding is its TF-IDF vector
 * projected onto them. Words that never meet a query word can still land close to it, because they
 * share contexts with it (专利 and 知识产权, 贷款 and 融资).
 */
import { createHash } from 'node:crypto';
import { CORPUS_EMBEDDER } from '../config.ts';
import type { EmbedderInfo } from '../types.ts';
import { type Embedder, type EmbedProgress, normalizeInPlace } from './embedder.ts';
import { randomizedSvd } from './randomized-svd.ts';
import { axpy, csrFromRows } from './sparse-matrix.ts';

/** The trained model: everything needed to embed new text the same way. */
export interface CorpusModel {
  /** Terms kept, in column order. */
  vocabulary: string[];
  /** Inverse document frequency of each vocabulary term. */
  idf: Float32Array;
  /** Term → latent projection, vocabulary × dimensions, row-major (empty when `projectionRow` gives the rows). */
  projection: Float32Array;
  /**
   * Row `column` of the projection (`dimensions` floats), for a model whose matrix stays in its file
   * and is read a row at a time (the semantic worker: a query needs a few dozen of its 40,000 rows).
   */
  projectionRow?: (column: number) => Float32Array;
  dimensions: number;
  /** Singular value of each latent dimension, largest first (for diagnostics). */
  singularValues: Float32Array;
}

/** An {@link Embedder} backed by a {@link CorpusModel}, plus a token-level entry point for the indexer. */
export interface CorpusEmbedder extends Embedder {
  model: CorpusModel;
  /** Embeds already-tokenized texts (the indexer has the tokens; re-segmenting 360k paragraphs costs time). */
  embedTokenLists(tokenLists: string[][], onProgress?: EmbedProgress): Float32Array[];
}

/** Training options; every number defaults to `CORPUS_EMBEDDER` in config. */
export interface CorpusEmbedderOptions {
  /** Turns raw text into the same tokens the training lists were made of (for queries and new passages). */
  tokenize: (text: string) => string[];
  dimensions?: number;
  paragraphsPerDimension?: number;
  minDocumentFrequency?: number;
  maxDocumentShare?: number;
  maxVocabulary?: number;
  trainingSample?: number;
  oversampling?: number;
  powerIterations?: number;
  seed?: number;
  /** Progress messages for a person ("vocabulary: 40000 terms", "SVD: power iteration 1/2"). */
  log?: (message: string) => void;
}

const PROGRESS_EVERY = 2_000;

const HAN = /\p{Script=Han}/u;

/**
 * The features of one token list: its tokens plus the Han characters inside multi-character
 * tokens. Related Chinese words often share a character (冒牌/假冒, 盗播/盗版, 机密/秘密), which
 * gives the SVD links that a small corpus' word co-occurrences lack; on the seed paraphrase set the
 * characters raised Success@10 from 0.50 to 0.79. The scheme is part of the model format.
 */
export function corpusFeatures(tokens: string[]): string[] {
  const features = [...tokens];
  for (const token of tokens) {
    if (token.length < 2) continue;
    for (const char of token) if (HAN.test(char)) features.push(char);
  }
  return features;
}

/** Feature counts of one token list. */
function termCounts(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const feature of corpusFeatures(tokens)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return counts;
}

/** The vocabulary: terms in enough paragraphs but not in too many, most widespread first, capped. */
function chooseVocabulary(
  tokenLists: string[][],
  options: { minDocumentFrequency: number; maxDocumentShare: number; maxVocabulary: number },
) {
  const documentFrequency = new Map<string, number>();
  for (const tokens of tokenLists) {
    for (const term of termCounts(tokens).keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const maxDf = Math.max(
    options.minDocumentFrequency,
    Math.floor(options.maxDocumentShare * tokenLists.length),
  );
  const kept = [...documentFrequency]
    .filter(([, df]) => df >= options.minDocumentFrequency && df <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, options.maxVocabulary);
  const n = tokenLists.length;
  return {
    vocabulary: kept.map(([term]) => term),
    // Smoothed idf (as in scikit-learn): never zero, so a kept term always counts.
    idf: Float32Array.from(kept, ([, df]) => Math.log((1 + n) / (1 + df)) + 1),
  };
}

/** Sublinear TF-IDF entries of one token list over the vocabulary, L2-normalized. */
function tfidfRow(tokens: string[], termIndex: Map<string, number>, idf: Float32Array) {
  const columns: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (const [term, count] of termCounts(tokens)) {
    const column = termIndex.get(term);
    if (column === undefined) continue;
    const weight = (1 + Math.log(count)) * (idf[column] as number);
    columns.push(column);
    values.push(weight);
    norm += weight * weight;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { columns, values: values.map((v) => v * scale) };
}

/** A deterministic sample of `size` positions out of `total` (partial Fisher–Yates with a seeded generator). */
function samplePositions(total: number, size: number, seed: number): number[] {
  const positions = Array.from({ length: total }, (_, i) => i);
  if (size >= total) return positions;
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = i + (state % (total - i));
    [positions[i], positions[j]] = [positions[j] as number, positions[i] as number];
  }
  return positions.slice(0, size).sort((a, b) => a - b);
}

/** How many latent dimensions a training set of `rows` paragraphs supports. */
export function latentDimensions(
  rows: number,
  vocabulary: number,
  options: { dimensions: number; paragraphsPerDimension: number },
): number {
  return Math.max(
    1,
    Math.min(options.dimensions, Math.floor(rows / options.paragraphsPerDimension), vocabulary),
  );
}

/** Trains the latent semantic model on the corpus' token lists (one list per paragraph). */
export function trainCorpusEmbedder(tokenLists: string[][], options: CorpusEmbedderOptions): CorpusEmbedder {
  const settings = { ...CORPUS_EMBEDDER, ...withoutUndefined(options) };
  const log = options.log ?? (() => {});
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  // Vocabulary and idf come from the training sample too: a random sample estimates document
  // frequencies well, and counting features over every paragraph of a large corpus costs a minute.
  const sample = samplePositions(tokenLists.length, settings.trainingSample, settings.seed).map(
    (i) => tokenLists[i] as string[],
  );
  const { vocabulary, idf } = chooseVocabulary(sample, settings);
  log(`vocabulary: ${vocabulary.length} terms (${elapsed()})`);
  if (vocabulary.length === 0) {
    throw new Error('cannot train the corpus embedder: no term occurs in enough paragraphs');
  }
  const termIndex = new Map(vocabulary.map((term, i) => [term, i]));
  const matrix = csrFromRows(
    sample.map((tokens) => tfidfRow(tokens, termIndex, idf)),
    vocabulary.length,
  );
  const dimensions = latentDimensions(sample.length, vocabulary.length, settings);
  log(
    `TF-IDF matrix: ${matrix.rows} paragraphs × ${matrix.columns} terms, ${matrix.values.length} non-zeros (${elapsed()})`,
  );
  const svd = randomizedSvd(matrix, {
    rank: dimensions,
    oversampling: settings.oversampling,
    powerIterations: settings.powerIterations,
    seed: settings.seed,
    onStep: (step) => log(`SVD to ${dimensions} dimensions: ${step} (${elapsed()})`),
  });
  const model: CorpusModel = {
    vocabulary,
    idf,
    projection: Float32Array.from(svd.rightVectors.data),
    dimensions,
    singularValues: Float32Array.from(svd.singularValues),
  };
  return corpusEmbedderFromModel(model, options.tokenize);
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The unit-length latent vector of one token list (zero when it has no vocabulary term). */
export function embedTokens(
  model: CorpusModel,
  tokens: string[],
  termIndex: Map<string, number>,
): Float32Array {
  const { columns, values } = tfidfRow(tokens, termIndex, model.idf);
  const k = model.dimensions;
  // Accumulate in float64 (cheaper for V8 than rounding to float32 on every add), store as float32.
  const sum = new Float64Array(k);
  const { projectionRow } = model;
  columns.forEach((column, i) => {
    // The same additions in the same order either way: a row read from the file embeds identically.
    if (projectionRow) axpy(sum, 0, values[i] as number, projectionRow(column), 0, k);
    else axpy(sum, 0, values[i] as number, model.projection, column * k, k);
  });
  return normalizeInPlace(Float32Array.from(sum));
}

/** Wraps a trained or loaded model as an {@link Embedder}; `tokenize` must be the analyzer it was trained with. */
export function corpusEmbedderFromModel(
  model: CorpusModel,
  tokenize: (text: string) => string[],
  /** The model's {@link corpusModelId} when the caller has its bytes (a loaded index): spares serializing it again to hash it. */
  modelId: string = corpusModelHash(model),
): CorpusEmbedder {
  const termIndex = new Map(model.vocabulary.map((term, i) => [term, i]));
  const info: EmbedderInfo = { kind: 'corpus', model: modelId, dimensions: model.dimensions };
  const embedTokenLists = (tokenLists: string[][], onProgress?: EmbedProgress) => {
    const vectors = tokenLists.map((tokens, i) => {
      if ((i + 1) % PROGRESS_EVERY === 0) onProgress?.(i + 1, tokenLists.length);
      return embedTokens(model, tokens, termIndex);
    });
    onProgress?.(tokenLists.length, tokenLists.length);
    return vectors;
  };
  return {
    info,
    model,
    embedTokenLists,
    embedPassages: async (texts, onProgress) => embedTokenLists(texts.map(tokenize), onProgress),
    embedQuery: async (text) => embedTokens(model, tokenize(text), termIndex),
  };
}

const MAGIC = 'PSLM';
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Layout version of the serialized model; bump when the byte layout changes. */
export const CORPUS_MODEL_FORMAT_VERSION = 1;
const HEADER_BYTES = 20;

/**
 * The model as bytes: `PSLM`, then uint32 LE format version, vocabulary size, dimensions and the byte
 * length of the vocabulary (UTF-8, terms joined by NUL), the vocabulary padded to 4 bytes, then float32 LE
 * idf[vocabulary], singular values[dimensions] and projection[vocabulary × dimensions].
 */
export function serializeCorpusModel(model: CorpusModel): Uint8Array {
  if (model.projection.length !== model.vocabulary.length * model.dimensions)
    throw new Error('a corpus model read a row at a time cannot be serialized');
  const vocabBytes = new TextEncoder().encode(model.vocabulary.join('\0'));
  const padded = Math.ceil(vocabBytes.length / 4) * 4;
  const floats = model.idf.length + model.singularValues.length + model.projection.length;
  const out = new Uint8Array(HEADER_BYTES + padded + floats * 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, CORPUS_MODEL_FORMAT_VERSION, true);
  view.setUint32(8, model.vocabulary.length, true);
  view.setUint32(12, model.dimensions, true);
  view.setUint32(16, vocabBytes.length, true);
  out.set(vocabBytes, HEADER_BYTES);
  let offset = HEADER_BYTES + padded;
  for (const array of [model.idf, model.singularValues, model.projection]) {
    for (const x of array) {
      view.setFloat32(offset, x, true);
      offset += 4;
    }
  }
  return out;
}

/** What the start of a serialized model says: its vocabulary and where its floats begin. */
export interface CorpusModelHead {
  vocabulary: string[];
  dimensions: number;
  /** Byte offset of the floats (idf, singular values, then the projection). */
  floatsStart: number;
  /** Byte offset of the projection: row `column` is `dimensions` floats from `projectionStart + column × dimensions × 4`. */
  projectionStart: number;
}

/** The size of a model's fixed header: read it first to learn {@link corpusModelHeadBytes}. */
export const CORPUS_MODEL_HEADER_BYTES = HEADER_BYTES;

/** How many bytes from the start of a model file hold its head, idf and singular values (read from its fixed header). */
export function corpusModelHeadBytes(header: Uint8Array): number {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (new TextDecoder().decode(header.subarray(0, 4)) !== MAGIC) {
    throw new Error('not a corpus embedder model (bad magic bytes)');
  }
  if (header.length < HEADER_BYTES)
    throw new Error('corpus embedder model is truncated or damaged (size mismatch)');
  const vocabularySize = view.getUint32(8, true);
  const dimensions = view.getUint32(12, true);
  return HEADER_BYTES + Math.ceil(view.getUint32(16, true) / 4) * 4 + (vocabularySize + dimensions) * 4;
}

/**
 * Reads the head of a model written by {@link serializeCorpusModel} from `bytes` (the whole file, or
 * its first {@link corpusModelHeadBytes}) of a file of `fileBytes` bytes; throws on a foreign, newer
 * or damaged file.
 */
export function readCorpusModelHead(bytes: Uint8Array, fileBytes: number): CorpusModelHead {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new Error('not a corpus embedder model (bad magic bytes)');
  }
  const version = view.getUint32(4, true);
  if (version !== CORPUS_MODEL_FORMAT_VERSION) {
    throw new Error(
      `corpus model format ${version} is not supported (expected ${CORPUS_MODEL_FORMAT_VERSION}); rebuild the index`,
    );
  }
  const vocabularySize = view.getUint32(8, true);
  const dimensions = view.getUint32(12, true);
  const vocabLength = view.getUint32(16, true);
  const floatsStart = HEADER_BYTES + Math.ceil(vocabLength / 4) * 4;
  const floatCount = vocabularySize + dimensions + vocabularySize * dimensions;
  if (fileBytes !== floatsStart + floatCount * 4 || bytes.length < floatsStart) {
    throw new Error('corpus embedder model is truncated or damaged (size mismatch)');
  }
  const vocabulary =
    vocabularySize === 0
      ? []
      : new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + vocabLength)).split('\0');
  if (vocabulary.length !== vocabularySize) throw new Error('corpus embedder model vocabulary is damaged');
  return {
    vocabulary,
    dimensions,
    floatsStart,
    projectionStart: floatsStart + (vocabularySize + dimensions) * 4,
  };
}

/** `count` little-endian floats of `bytes` from byte `start`: viewed in place when aligned, else copied. */
export function floatsAt(bytes: Uint8Array, start: number, count: number): Float32Array {
  if (LITTLE_ENDIAN) {
    // The file's floats are little-endian too: viewed in place when aligned (a loaded index's
    // buffer is), else one block copy — reading 10M floats one by one costs ~100 ms.
    const begin = bytes.byteOffset + start;
    if (begin % 4 === 0) return new Float32Array(bytes.buffer, begin, count);
    return new Float32Array(bytes.buffer.slice(begin, begin + count * 4));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const array = new Float32Array(count);
  for (let i = 0; i < count; i++) array[i] = view.getFloat32(start + i * 4, true);
  return array;
}

/** Reads a model written by {@link serializeCorpusModel}; throws on a foreign, newer or damaged file. */
export function deserializeCorpusModel(bytes: Uint8Array): CorpusModel {
  const { vocabulary, dimensions, floatsStart, projectionStart } = readCorpusModelHead(bytes, bytes.length);
  return {
    vocabulary,
    idf: floatsAt(bytes, floatsStart, vocabulary.length),
    singularValues: floatsAt(bytes, floatsStart + vocabulary.length * 4, dimensions),
    projection: floatsAt(bytes, projectionStart, vocabulary.length * dimensions),
    dimensions,
  };
}

/**
 * The model of a file of `fileBytes` bytes whose first {@link corpusModelHeadBytes} are `head`, its
 * projection left in the file and read a row at a time by `projectionRow`; throws like
 * {@link deserializeCorpusModel}.
 */
export function corpusModelWithRows(
  head: Uint8Array,
  fileBytes: number,
  projectionRow: (column: number) => Float32Array,
): CorpusModel {
  const { vocabulary, dimensions, floatsStart } = readCorpusModelHead(head, fileBytes);
  if (head.length < floatsStart + (vocabulary.length + dimensions) * 4)
    throw new Error('corpus embedder model is truncated or damaged (size mismatch)');
  return {
    vocabulary,
    idf: floatsAt(head, floatsStart, vocabulary.length).slice(),
    singularValues: floatsAt(head, floatsStart + vocabulary.length * 4, dimensions).slice(),
    projection: new Float32Array(0),
    projectionRow,
    dimensions,
  };
}

/** A content hash of the model (`lsa-` + 16 hex of sha1 over its bytes): equal hashes embed queries identically. */
export function corpusModelHash(model: CorpusModel): string {
  return corpusModelId(serializeCorpusModel(model));
}

/** {@link corpusModelHash} of the model serialized as `bytes`, without deserializing it. */
export function corpusModelId(bytes: Uint8Array): string {
  return corpusModelIdOfChunks([bytes]);
}

/** {@link corpusModelId} of a model whose bytes are `chunks` one after another (a file read a chunk at a time). */
export function corpusModelIdOfChunks(chunks: Iterable<Uint8Array>): string {
  const hash = createHash('sha1');
  for (const chunk of chunks) hash.update(chunk);
  return `lsa-${hash.digest('hex').slice(0, 16)}`;
}
