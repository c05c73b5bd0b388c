/**
 * The transformer embedder: a BERT-style sentence encoder run by transformers.js on onnxruntime-node.
 * Defaults to BGE small zh v1.5 (quantized): CLS pooling, unit vectors, and BGE's retrieval
 * instruction in front of queries only. Paragraphs longer than the model window are split into
 * overlapping token windows whose CLS vectors are averaged and renormalized — the mean keeps one
 * vector per paragraph (the vector index is keyed by paragraph) and weights every part of a long
 * paragraph equally, where max-similarity would need one index entry per chunk.
 */
import { TRANSFORMER_EMBEDDER } from '../config.ts';
import type { EmbedderInfo } from '../types.ts';
import { type Embedder, type EmbedProgress, normalizeInPlace } from './embedder.ts';

/** Where and how to load the model; defaults from `TRANSFORMER_EMBEDDER` in config. */
export interface TransformerEmbedderOptions {
  /** Hugging Face model id, e.g. `Xenova/bge-small-zh-v1.5`. */
  model?: string;
  /** Folder holding `<model id>/…` model files (transformers.js `env.localModelPath`). */
  localModelPath?: string;
  /** Download cache folder (transformers.js `env.cacheDir`). */
  cacheDir?: string;
  /** Whether missing files may be fetched from the model hub. Default false: load only what is on disk. */
  allowRemote?: boolean;
  /** Weight precision; `q8` loads `onnx/model_quantized.onnx`. */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Text put in front of every query (not passages). */
  queryPrefix?: string;
  batchSize?: number;
  /** Tokens shared by neighbouring chunks of a long paragraph. */
  chunkOverlap?: number;
}

/** A loaded transformer embedder; `close()` frees the onnxruntime session. */
export interface TransformerEmbedder extends Embedder {
  /** Longest token sequence the model takes in one pass, special tokens included. */
  readonly maxTokens: number;
  close(): Promise<void>;
}

/** The model's files are missing or unreadable (and could not be downloaded). */
export class ModelUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelUnavailableError';
  }
}

/** Window size when neither the tokenizer nor the config states one: BERT's position table. */
const DEFAULT_MAX_TOKENS = 512;

/** Start positions of overlapping windows of `window` tokens over `length` tokens, the last flush with the end. */
export function chunkStarts(length: number, window: number, overlap: number): number[] {
  if (length <= window) return [0];
  const stride = Math.max(1, window - overlap);
  const starts: number[] = [];
  for (let start = 0; start + window < length; start += stride) starts.push(start);
  starts.push(length - window);
  return starts;
}

interface Chunk {
  owner: number;
  ids: number[];
}

/**
 * Loads the tokenizer and model through transformers.js and wraps them as an {@link Embedder}.
 * transformers.js keeps its settings in one global `env`; this sets them from `options` on every load.
 */
export async function loadTransformerEmbedder(
  options: TransformerEmbedderOptions = {},
): Promise<TransformerEmbedder> {
  const transformers = await import('@huggingface/transformers');
  const { env, AutoTokenizer, AutoModel, Tensor } = transformers;
  const modelId = options.model ?? TRANSFORMER_EMBEDDER.model;
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemote ?? false;
  if (options.localModelPath !== undefined) env.localModelPath = options.localModelPath;
  if (options.cacheDir !== undefined) env.cacheDir = options.cacheDir;

  const dtype = options.dtype ?? TRANSFORMER_EMBEDDER.dtype;
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  let model: Awaited<ReturnType<typeof AutoModel.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(modelId);
    model = await AutoModel.from_pretrained(modelId, { dtype });
  } catch (cause) {
    const where = `${env.localModelPath} or the cache ${env.cacheDir}${env.allowRemoteModels ? ' or the model hub' : ''}`;
    throw new ModelUnavailableError(
      `transformer model ${modelId} (${dtype}) could not be loaded from ${where}: ${(cause as Error).message}`,
      { cause },
    );
  }
  const batchSize = options.batchSize ?? TRANSFORMER_EMBEDDER.batchSize;
  const overlap = options.chunkOverlap ?? TRANSFORMER_EMBEDDER.chunkOverlap;
  const queryPrefix = options.queryPrefix ?? TRANSFORMER_EMBEDDER.queryPrefix;

  const stated = Number(tokenizer.model_max_length);
  const positions = Number((model.config as { max_position_embeddings?: number }).max_position_embeddings);
  // Tokenizers without a limit report a huge sentinel (1e30); fall back to the position table.
  const maxTokens = Math.min(
    Number.isFinite(stated) && stated > 0 && stated < 100_000 ? stated : DEFAULT_MAX_TOKENS,
    Number.isFinite(positions) && positions > 0 ? positions : DEFAULT_MAX_TOKENS,
  );
  const encode = (text: string, special: boolean): number[] =>
    tokenizer.encode(text, { add_special_tokens: special }).map(Number);
  // The special tokens the model wraps a sequence in ([CLS] … [SEP] for BERT), read off the tokenizer.
  const probe = '一';
  const wrapped = encode(probe, true);
  const bare = encode(probe, false);
  const prefixIds = wrapped.slice(0, wrapped.indexOf(bare[0] as number));
  const suffixIds = wrapped.slice(prefixIds.length + bare.length);
  const padId = Number(tokenizer.pad_token_id ?? 0);
  const window = maxTokens - prefixIds.length - suffixIds.length;
  if (window < 2)
    throw new Error(`model ${modelId} has a window of ${maxTokens} tokens: too small to embed text`);

  const chunksOf = (text: string, owner: number): Chunk[] => {
    const ids = encode(text, false);
    return chunkStarts(ids.length, window, Math.min(overlap, window - 1)).map((start) => ({
      owner,
      ids: [...prefixIds, ...ids.slice(start, start + window), ...suffixIds],
    }));
  };

  /** CLS vectors of one batch of chunks, padded to the longest. */
  const runBatch = async (batch: Chunk[]): Promise<Float32Array[]> => {
    const length = Math.max(...batch.map((c) => c.ids.length));
    const ids = new BigInt64Array(batch.length * length);
    const mask = new BigInt64Array(batch.length * length);
    batch.forEach((chunk, row) => {
      for (let i = 0; i < length; i++) {
        const present = i < chunk.ids.length;
        ids[row * length + i] = BigInt(present ? (chunk.ids[i] as number) : padId);
        mask[row * length + i] = present ? 1n : 0n;
      }
    });
    const output = await model({
      input_ids: new Tensor('int64', ids, [batch.length, length]),
      attention_mask: new Tensor('int64', mask, [batch.length, length]),
    });
    const hidden = output.last_hidden_state as { data: Float32Array; dims: number[] };
    const dims = hidden.dims[2] as number;
    return batch.map((_, row) => hidden.data.slice(row * length * dims, row * length * dims + dims));
  };

  const embedTexts = async (texts: string[], onProgress?: EmbedProgress): Promise<Float32Array[]> => {
    // Longest first, so each batch pads little; progress counts texts whose every chunk is done.
    const chunks = texts
      .flatMap((text, owner) => chunksOf(text, owner))
      .sort((a, b) => b.ids.length - a.ids.length);
    const remaining = new Int32Array(texts.length);
    for (const chunk of chunks) remaining[chunk.owner] = (remaining[chunk.owner] as number) + 1;
    const sums: (Float32Array | undefined)[] = new Array(texts.length);
    let done = 0;
    for (let start = 0; start < chunks.length; start += batchSize) {
      const batch = chunks.slice(start, start + batchSize);
      const vectors = await runBatch(batch);
      batch.forEach((chunk, i) => {
        const vector = normalizeInPlace(vectors[i] as Float32Array);
        const sum = sums[chunk.owner];
        if (sum) for (let d = 0; d < sum.length; d++) sum[d] = (sum[d] as number) + (vector[d] as number);
        else sums[chunk.owner] = vector;
        remaining[chunk.owner] = (remaining[chunk.owner] as number) - 1;
        if (remaining[chunk.owner] === 0) done++;
      });
      onProgress?.(done, texts.length);
    }
    return sums.map((sum) => normalizeInPlace(sum ?? new Float32Array(dimensions)));
  };

  let dimensions = 0;
  dimensions = (await embedTexts([probe]))[0]?.length ?? 0;
  const info: EmbedderInfo = { kind: 'transformer', model: modelId, dimensions };
  return {
    info,
    maxTokens,
    embedPassages: (texts, onProgress) => embedTexts(texts, onProgress),
    embedQuery: async (text) => (await embedTexts([queryPrefix + text]))[0] as Float32Array,
    close: async () => {
      await model.dispose();
    },
  };
}
