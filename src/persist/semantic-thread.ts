/**
 * The main thread's side of the semantic worker (semantic-worker.ts): one piscina thread holding the
 * build's HNSW graph and query embedder. Starts it, waits for the graph and embedder to load, and
 * answers {@link NeighbourSearch} calls as tasks. Every request gets an answer or an error: when the
 * worker dies, piscina fails its task at once (turned into a clear `INTERNAL` error here) and starts
 * a replacement that loads the build again for the requests after it.
 */
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { siblingModule } from '../checkout-paths.ts';
import { workerExecArgv } from '../embedding/threaded-embedder.ts';
import { SearchError } from '../errors.ts';
import { queryTokens } from '../text/analyze.ts';
import type { SimilarityCalibration } from '../types.ts';
import type { NeighbourSearch } from '../vector/neighbour-search.ts';
import type { VectorMatch } from '../vector/vector-index.ts';
import { SEMANTIC_FILES } from './build-folder.ts';
import type { DescribeReply, MatchesReply, SemanticTask, SemanticWorkerData } from './semantic-worker.ts';

const WORKER_MODULE = siblingModule('./semantic-worker', import.meta.url);

/**
 * Tasks posted to the worker before their turn: more than a server has searches in flight (one per
 * connection), so none waits in piscina's queue for the main thread to post it.
 */
export const SEMANTIC_TASKS_IN_FLIGHT = 1_024;

/**
 * The corpus model's file opened for the worker to read its rows from (a descriptor is the process's,
 * so a worker piscina restarts reads the same one); undefined for a transformer, or when the file
 * cannot be opened — the worker then reports it missing in its own words.
 */
function openCorpusModel(data: SemanticWorkerData): number | undefined {
  if (data.modelFd !== undefined || data.embedder.kind !== 'corpus') return data.modelFd;
  try {
    return openSync(path.join(data.buildDir, SEMANTIC_FILES.embedder), 'r');
  } catch {
    return undefined;
  }
}

/** Neighbour search served by the semantic worker thread. */
export interface SemanticThread extends NeighbourSearch {
  /** Cut-offs the worker computed from the graph when asked to (`calibrate`), else null. */
  readonly calibration: SimilarityCalibration | null;
  /** The pool's running threads (diagnostics and tests: at most one). */
  readonly threads: readonly import('node:worker_threads').Worker[];
  /** Stops the worker; pending and later requests are refused. */
  close(): Promise<void>;
}

/** Why the worker could not load the build's semantic half (in the loader's words). */
export class SemanticLoadError extends Error {
  /** The transformer model was not found (rather than a damaged file). */
  readonly modelUnavailable: boolean;

  constructor(reason: string, modelUnavailable: boolean) {
    super(reason);
    this.name = 'SemanticLoadError';
    this.modelUnavailable = modelUnavailable;
  }
}

/**
 * Starts the semantic worker over `data.buildDir` and resolves once it has loaded and verified the
 * graph and embedder; rejects with a {@link SemanticLoadError} (and no thread left behind) when it cannot.
 */
export async function startSemanticThread(options: SemanticWorkerData): Promise<SemanticThread> {
  const modelFd = openCorpusModel(options);
  const data: SemanticWorkerData = modelFd === undefined ? options : { ...options, modelFd };
  const closeModel = () => {
    if (modelFd !== undefined && modelFd !== options.modelFd) closeSync(modelFd);
  };
  const pool = new Piscina<SemanticTask, unknown>({
    filename: WORKER_MODULE.href,
    workerData: data,
    minThreads: 1,
    maxThreads: 1,
    // Every task is posted to the thread as soon as it is asked for, and the thread runs them one at
    // a time in order (semantic-worker.ts). With one task at a time in flight, piscina posted the
    // next only when this thread had handled the last answer: one graph walk (≈ 1 ms) per turn of
    // a busy event loop (20 ms turns: one task per 20 ms), and a loaded server's hybrid searches
    // queued for it (BENCHMARKS.md, "Both cores, fourth pass").
    concurrentTasksPerWorker: SEMANTIC_TASKS_IN_FLIGHT,
    // Never retire the thread for idleness: a replacement would read the whole graph again.
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: workerExecArgv(WORKER_MODULE),
  });
  // A worker that dies between tasks has no task to fail; piscina replaces it and reports it here
  // (an 'error' event without a listener would end the process).
  pool.on('error', (error: unknown) => {
    console.error(`The semantic worker thread failed: ${error instanceof Error ? error.message : error}`);
  });
  let described: DescribeReply;
  try {
    described = (await pool.run({ kind: 'describe' })) as DescribeReply;
  } catch (error) {
    await pool.destroy();
    closeModel();
    throw new SemanticLoadError(
      `the semantic worker stopped while loading (${(error as Error).message})`,
      false,
    );
  }
  if (!described.loaded) {
    await pool.destroy();
    closeModel();
    throw new SemanticLoadError(described.reason, described.modelUnavailable);
  }

  let closed = false;
  const run = async (task: SemanticTask): Promise<unknown> => {
    // After destroy() piscina would start a fresh worker (and load the graph again) for the next task.
    if (closed) throw new SearchError('INTERNAL', 'The semantic search thread is closed.');
    try {
      return await pool.run(task);
    } catch (error) {
      if (closed) throw new SearchError('INTERNAL', 'The semantic search thread is closed.');
      throw new SearchError(
        'INTERNAL',
        `The semantic search failed in its worker thread (${(error as Error).message}); it is restarted for the next request.`,
      );
    }
  };
  const matchesOf = async (task: SemanticTask): Promise<VectorMatch[]> => {
    const packed = (await run(task)) as MatchesReply;
    const matches: VectorMatch[] = [];
    for (let i = 0; i < packed.length; i += 2) {
      matches.push({ seq: packed[i] as number, similarity: packed[i + 1] as number });
    }
    return matches;
  };
  return {
    info: described.info,
    size: described.size,
    calibration: described.calibration,
    get threads() {
      return pool.threads;
    },
    // The corpus embedder's tokens are made here, where jieba is loaded anyway (the keyword side).
    nearestToText: (text, k, scope) =>
      matchesOf({
        kind: 'text',
        text,
        ...(described.info.kind === 'corpus' ? { tokens: queryTokens(text) } : {}),
        k,
        ...(scope ? { scope } : {}),
      }),
    nearestToSeq: (seq, k, scope) => matchesOf({ kind: 'seq', seq, k, ...(scope ? { scope } : {}) }),
    vectorOf: async (seq) => (await run({ kind: 'vector', seq })) as Float32Array,
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
      closeModel();
    },
  };
}
