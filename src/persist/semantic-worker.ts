/**
 * The semantic worker thread: holds one build's HNSW graph and the query embedder, and answers
 * nearest-neighbour requests from the main thread (see semantic-thread.ts). It loads while the main
 * thread loads the keyword side, so opening an index costs the longer of the two rather than their
 * sum, and every embedding and graph walk runs off the event loop.
 *
 * Start-up: read the label map, the edit log and the corpus model once each, checked against
 * `checksums.json` (CRC-32) as they are read; check the graph file by streaming it, then let hnswlib
 * read it (`readIndex`, then the incremental builds' edit log replayed on it); restore the embedder
 * (the corpus model, or the transformer itself — in this thread, not a second worker), then post
 * `ready` or `failed` with a reason in the loader's words.
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
import { localNeighbourSearch, type NeighbourSearch } from '../vector/neighbour-search.ts';
import { type SeqScope, scopePredicate } from '../vector/seq-scope.ts';
import {
  loadVectorIndex,
  searchVectors,
  type VectorIndex,
  type VectorMatch,
} from '../vector/vector-index.ts';
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

/** The answer to `describe`: what was loaded, or why the build's semantic half cannot be used. */
export type DescribeReply =
  | { loaded: true; info: EmbedderInfo; size: number; calibration: SimilarityCalibration | null }
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

/** Loads the graph and the embedder; throws with the reason the index cannot be used. */
async function load(): Promise<{ search: NeighbourSearch; vectors: VectorIndex; embedder: Embedder }> {
  const { buildDir, embedder: info } = data;
  const files = await semanticFiles(buildDir, data.verify);
  const labelBytes = await files.read(SEMANTIC_FILES.labels);
  if (labelBytes && labelBytes.byteLength % 4 !== 0) throw new Error(`${SEMANTIC_FILES.labels} is truncated`);
  // Its own buffer, aligned: viewed in place.
  const labelOfSeq = labelBytes
    ? new Uint32Array(labelBytes.buffer, labelBytes.byteOffset, labelBytes.byteLength / 4)
    : undefined;
  const editBytes = await files.read(SEMANTIC_FILES.edits);
  const edits = editBytes ? decodeGraphEdits(editBytes, info.dimensions) : undefined;
  // hnswlib reads the graph file itself: checked first, by streaming it through one reused buffer.
  await files.verify(SEMANTIC_FILES.vectors);
  const vectors = loadVectorIndex(path.join(buildDir, SEMANTIC_FILES.vectors), {
    dimensions: info.dimensions,
    ...(labelOfSeq ? { labelOfSeq } : {}),
    ...(edits ? { edits } : {}),
  });
  if (vectors.size !== data.paragraphs) throw new Error('the vector index does not cover every paragraph');
  const embedder = await restoreEmbedder(info, files);
  if (embedder.info.model !== info.model || embedder.info.dimensions !== info.dimensions) {
    throw new Error(`its embedder ${info.kind}:${info.model} does not match the one restored for queries`);
  }
  return { search: localNeighbourSearch(embedder, vectors), vectors, embedder };
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
  loaded: { search: NeighbourSearch; vectors: VectorIndex; embedder: Embedder },
  calibration: SimilarityCalibration | null,
): TaskHandler {
  const { search, vectors, embedder } = loaded;
  const nearestToTokens = (tokens: string[], k: number, scope?: SeqScope) => {
    const [query] = (embedder as CorpusEmbedder).embedTokenLists([tokens]);
    return searchVectors(vectors, query ?? new Float32Array(vectors.dimensions), k, scopePredicate(scope));
  };
  return async (task) => {
    switch (task.kind) {
      case 'describe':
        return { loaded: true, info: search.info, size: search.size, calibration } satisfies DescribeReply;
      case 'text':
        return move(
          packMatches(
            task.tokens && embedder.info.kind === 'corpus'
              ? nearestToTokens(task.tokens, task.k, task.scope)
              : await search.nearestToText(task.text, task.k, task.scope),
          ),
        );
      case 'seq':
        return move(packMatches(await search.nearestToSeq(task.seq, task.k, task.scope)));
      case 'vector':
        return move(await search.vectorOf(task.seq));
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
  const labelOf = (seq: number) => (vectors.labels ? (vectors.labels.labelOfSeq[seq] as number) : seq);
  const calibration = data.calibrate
    ? calibrateSimilarity(vectors.size, (seq) => vectors.hnsw.getPoint(labelOf(seq)))
    : null;
  return oneAtATime(serve(loaded, calibration));
}

// piscina awaits this handler before the worker takes its first task, so loading starts at once.
export default start().then((handler) => handler, refuse);
