/**
 * The semantic worker thread: loads one build's HNSW graph and the query embedder, and answers
 * nearest-neighbour requests from the main thread (see semantic-thread.ts). It loads while the main
 * thread loads the keyword side, so opening an index costs the longer of the two rather than their
 * sum, and the embeddings and graph walks of a busy server run off the event loop.
 *
 * Start-up: read the label map, the edit log and the corpus model once each, checked against
 * `checksums.json` (CRC-32) as they are read; check the graph file by streaming it, then read it into
 * shared WebAssembly memory (src/vector/shared-graph.ts), which `describe` hands to the main thread
 * so it can walk the same graph when this thread would only add a hop — or, for an incremental build
 * whose edit log is replayed by hnswlib's own insertion, let hnswlib read it (`readIndex`, then the
 * log) and keep it here; restore the embedder (the corpus model, or the transformer itself — in this
 * thread, not a second worker), then post `ready` or `failed` with a reason in the loader's words.
 * A failure is posted as data: an error object loses its class on its way across threads.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import {
  type CorpusEmbedder,
  corpusEmbedderFromModel,
  corpusModelId,
  deserializeCorpusModel,
} from '../embedding/corpus-embedder.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { calibrateSimilarity } from '../embedding/similarity-calibration.ts';
import {
  loadTransformerEmbedder,
  ModelUnavailableError,
  type TransformerEmbedderOptions,
} from '../embedding/transformer-embedder.ts';
import type { EmbedderInfo, SimilarityCalibration } from '../types.ts';
import { decodeGraphEdits } from '../vector/graph-edits.ts';
import { type SeqScope, scopePredicate } from '../vector/seq-scope.ts';
import { readSharedGraph } from '../vector/shared-graph.ts';
import { type SharedVectors, sharedVectorSearch, sharedVectors } from '../vector/shared-vectors.ts';
import { loadVectorIndex, searchVectors, type VectorMatch, vectorOfSeq } from '../vector/vector-index.ts';
import { SEMANTIC_FILES } from './build-folder.ts';
import { corpusModelFromDescriptor } from './corpus-model-file.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { readVerifiedFiles } from './verified-files.ts';

/** What the worker is started with (`workerData`). */
export interface SemanticWorkerData {
  /** The build folder whose semantic files to load. */
  buildDir: string;
  /** The embedder the manifest names: the restored one must match it. */
  embedder: EmbedderInfo;
  /** Paragraphs in the build: the graph must cover each. */
  paragraphs: number;
  /** Check the files against `checksums.json` first (the main thread's loader skips them). */
  verify: boolean;
  /** Compute the similarity cut-offs from the graph (an index built before the manifest recorded them). */
  calibrate: boolean;
  /** Where a transformer's model files are. */
  models: Pick<TransformerEmbedderOptions, 'localModelPath' | 'cacheDir' | 'allowRemote'>;
  /**
   * The corpus model's file, opened by the thread's owner (which closes it when the thread stops):
   * its projection is then read a row at a time rather than held whole. Absent: the file is read whole.
   */
  modelFd?: number;
  /**
   * The graph the first worker read into shared memory, set by the thread's owner once it has it:
   * a worker started after a crash walks the same memory rather than reading a second copy.
   */
  shared?: SharedVectors;
}

/** A task the main thread posts to the worker. */
export type SemanticTask =
  | { kind: 'describe' }
  | {
      kind: 'text';
      text: string;
      /** The query's corpus-embedder tokens, made by the main thread (jieba stays out of this thread). */
      tokens?: string[];
      k: number;
      scope?: SeqScope;
    }
  | { kind: 'seq'; seq: number; k: number; scope?: SeqScope }
  | { kind: 'vector'; seq: number };

/**
 * The answer to `describe`: what was loaded — with the graph in shared memory, which the main thread
 * may walk itself, unless the build replays an edit log on hnswlib's graph — or why the build's
 * semantic half cannot be used.
 */
export type DescribeReply =
  | {
      loaded: true;
      info: EmbedderInfo;
      size: number;
      calibration: SimilarityCalibration | null;
      shared: SharedVectors | null;
    }
  | { loaded: false; reason: string; modelUnavailable: boolean };

/**
 * The answer to `text` and `seq`: the matches nearest first, packed as seq, similarity, seq, … in
 * one transferred array; to `vector`: the stored vector.
 */
export type MatchesReply = Float64Array;

const data = workerData as SemanticWorkerData;

/** Reads the semantic files of a build: each once, checked as it is read (or, without `verify`, not checked). */
interface SemanticFiles {
  /** The whole file in a buffer of its own (8-byte aligned), or null when the build has none. */
  read(name: string): Promise<Uint8Array | null>;
  /** Checks the file hnswlib will read itself. */
  verify(name: string): Promise<void>;
}

async function semanticFiles(buildDir: string, verify: boolean): Promise<SemanticFiles> {
  if (!verify) {
    return {
      async read(name) {
        const bytes = await readFile(path.join(buildDir, name)).catch(() => null);
        // A copy into memory of its own: a Buffer's pool may not be aligned for typed views.
        return bytes ? new Uint8Array(bytes) : null;
      },
      verify: async () => {},
    };
  }
  const verified = await readVerifiedFiles(buildDir, (reason) => new Error(reason));
  return {
    // A build without labels records no labels.bin: only the files it lists are read.
    read: async (name) => (verified.has(name) ? verified.read(name) : null),
    verify: (name) => verified.verify(name),
  };
}

/** The loaded vectors as the worker uses them, whichever holds the graph. */
interface LoadedVectors {
  size: number;
  dimensions: number;
  nearest(query: Float32Array, k: number, filter?: (seq: number) => boolean): VectorMatch[];
  vectorOf(seq: number): Float32Array;
  /** The graph in shared memory (posted to the main thread); null when hnswlib holds it. */
  shared: SharedVectors | null;
}

/** The walker slot of this thread (the main thread walks in slot 0). */
const WORKER_SLOT = 1;

/**
 * The graph, read into shared memory and walked by graph-walk.ts; or — for an incremental build,
 * whose edit log is replayed on the graph by hnswlib's own insertion — read by hnswlib.
 */
async function loadVectors(
  files: SemanticFiles,
  dimensions: number,
  labelOfSeq: Uint32Array | undefined,
): Promise<LoadedVectors> {
  if (data.shared) return sharedLoaded(data.shared, dimensions);
  const editBytes = await files.read(SEMANTIC_FILES.edits);
  const edits = editBytes ? decodeGraphEdits(editBytes, dimensions) : undefined;
  // The graph file is checked first, by streaming it through one reused buffer.
  await files.verify(SEMANTIC_FILES.vectors);
  const file = path.join(data.buildDir, SEMANTIC_FILES.vectors);
  if (!edits?.length)
    return sharedLoaded(sharedVectors(readSharedGraph(file, dimensions), labelOfSeq), dimensions);
  const vectors = loadVectorIndex(file, { dimensions, ...(labelOfSeq ? { labelOfSeq } : {}), edits });
  return {
    size: vectors.size,
    dimensions,
    nearest: (query, k, filter) => searchVectors(vectors, query, k, filter),
    vectorOf: (seq) => vectorOfSeq(vectors, seq),
    shared: null,
  };
}

/** The shared graph, walked from this thread's slot. */
function sharedLoaded(shared: SharedVectors, dimensions: number): LoadedVectors {
  return { ...sharedVectorSearch(shared, WORKER_SLOT), size: shared.size, dimensions, shared };
}

/** Loads the graph and the embedder; throws with the reason the index cannot be used. */
async function load(): Promise<{ vectors: LoadedVectors; embedder: Embedder }> {
  const { buildDir, embedder: info } = data;
  const files = await semanticFiles(buildDir, data.verify);
  const labelBytes = await files.read(SEMANTIC_FILES.labels);
  if (labelBytes && labelBytes.byteLength % 4 !== 0) throw new Error(`${SEMANTIC_FILES.labels} is truncated`);
  // Its own buffer, aligned: viewed in place.
  const labelOfSeq = labelBytes
    ? new Uint32Array(labelBytes.buffer, labelBytes.byteOffset, labelBytes.byteLength / 4)
    : undefined;
  const vectors = await loadVectors(files, info.dimensions, labelOfSeq);
  if (vectors.size !== data.paragraphs) throw new Error('the vector index does not cover every paragraph');
  const embedder = await restoreEmbedder(info, files);
  if (embedder.info.model !== info.model || embedder.info.dimensions !== info.dimensions) {
    throw new Error(`its embedder ${info.kind}:${info.model} does not match the one restored for queries`);
  }
  return { vectors, embedder };
}

async function restoreEmbedder(info: EmbedderInfo, files: SemanticFiles): Promise<Embedder> {
  if (info.kind === 'corpus' && data.modelFd !== undefined) {
    await files.verify(SEMANTIC_FILES.embedder);
    try {
      const { model, modelId } = corpusModelFromDescriptor(data.modelFd);
      return corpusEmbedderFromModel(
        model,
        () => {
          throw new Error('corpus-embedder queries reach the semantic worker as tokens');
        },
        modelId,
      );
    } catch (error) {
      throw new Error(`the corpus embedder model cannot be read (${(error as Error).message})`);
    }
  }
  if (info.kind === 'corpus') {
    // Read once into a buffer of its own: its floats are viewed in place, not copied.
    const model = await files.read(SEMANTIC_FILES.embedder);
    if (!model) throw new Error('the corpus embedder model is missing');
    try {
      // Queries arrive tokenized (`SemanticTask.tokens`): this thread never loads jieba's dictionary.
      // Named by the bytes read (as the main thread's loader does), not by serializing the model again.
      return corpusEmbedderFromModel(
        deserializeCorpusModel(model),
        () => {
          throw new Error('corpus-embedder queries reach the semantic worker as tokens');
        },
        corpusModelId(model),
      );
    } catch (error) {
      throw new Error(`the corpus embedder model cannot be read (${(error as Error).message})`);
    }
  }
  try {
    return await loadTransformerEmbedder({ ...data.models, model: info.model });
  } catch (error) {
    const reason = `its vectors come from the transformer model ${info.model}, which cannot be loaded here`;
    throw Object.assign(new Error(reason), { modelUnavailable: error instanceof ModelUnavailableError });
  }
}

/** Nearest-first matches as one transferable array: seq, similarity, seq, similarity… */
function packMatches(matches: VectorMatch[]): Float64Array {
  const packed = new Float64Array(matches.length * 2);
  matches.forEach(({ seq, similarity }, i) => {
    packed[2 * i] = seq;
    packed[2 * i + 1] = similarity;
  });
  return packed;
}

type TaskHandler = (task: SemanticTask) => Promise<unknown>;

/** Answers tasks with the loaded graph and embedder. */
function serve(
  loaded: { vectors: LoadedVectors; embedder: Embedder },
  calibration: SimilarityCalibration | null,
): TaskHandler {
  const { vectors, embedder } = loaded;
  const queryVector = async (task: SemanticTask & { kind: 'text' }) => {
    if (task.tokens && embedder.info.kind === 'corpus') {
      const [query] = (embedder as CorpusEmbedder).embedTokenLists([task.tokens]);
      return query ?? new Float32Array(vectors.dimensions);
    }
    return embedder.embedQuery(task.text);
  };
  return async (task) => {
    switch (task.kind) {
      case 'describe':
        return {
          loaded: true,
          info: embedder.info,
          size: vectors.size,
          calibration,
          shared: vectors.shared,
        } satisfies DescribeReply;
      case 'text':
        return move(
          packMatches(vectors.nearest(await queryVector(task), task.k, scopePredicate(task.scope))),
        );
      case 'seq':
        return move(
          packMatches(vectors.nearest(vectors.vectorOf(task.seq), task.k, scopePredicate(task.scope))),
        );
      case 'vector':
        return move(vectors.vectorOf(task.seq));
    }
  };
}

/** Answers `describe` with the load failure; any other task is refused with it. */
function refuse(error: unknown): TaskHandler {
  const reason =
    error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/\.$/, '') : String(error);
  const reply: DescribeReply = {
    loaded: false,
    reason,
    modelUnavailable: Boolean((error as { modelUnavailable?: boolean }).modelUnavailable),
  };
  return async (task) => {
    if (task.kind === 'describe') return reply;
    throw new Error(`the semantic half was not loaded in this worker: ${reason}`);
  };
}

/** Loads, then serves; the cut-offs are computed from the graph only when the manifest lacks them. */
async function start(): Promise<TaskHandler> {
  const loaded = await load();
  const { vectors } = loaded;
  const calibration = data.calibrate
    ? calibrateSimilarity(vectors.size, (seq) => vectors.vectorOf(seq))
    : null;
  return oneAtATime(serve(loaded, calibration));
}

// piscina awaits this handler before the worker takes its first task, so loading starts at once.
export default start().then((handler) => handler, refuse);
