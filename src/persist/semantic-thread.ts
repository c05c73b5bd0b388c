/**
 * The main thread's side of the semantic worker (semantic-worker.ts): one piscina thread that loads
 * the build's graph and query embedder. Starts it, waits for the graph and embedder to load, and
 * answers {@link NeighbourSearch} calls — in this thread, over the graph the worker read into shared
 * memory, when the worker has no task and the owner says this thread has time (`walkHere`); else as
 * tasks for the worker. Every request gets an answer or an error: when the worker dies, piscina fails
 * its task at once (turned into a clear `INTERNAL` error here) and starts a replacement, which walks
 * the same shared graph (or, for hnswlib's, loads the build again) for the requests after it.
 */
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { siblingModule } from '../checkout-paths.ts';
import { type CorpusEmbedder, corpusEmbedderFromModel } from '../embedding/corpus-embedder.ts';
import { workerExecArgv } from '../embedding/threaded-embedder.ts';
import { SearchError } from '../errors.ts';
import { queryTokens } from '../text/analyze.ts';
import type { SimilarityCalibration } from '../types.ts';
import type { NeighbourSearch } from '../vector/neighbour-search.ts';
import { type SeqScope, scopePredicate } from '../vector/seq-scope.ts';
import { type SharedVectors, sharedVectorSearch } from '../vector/shared-vectors.ts';
import type { VectorMatch } from '../vector/vector-index.ts';
import { SEMANTIC_FILES } from './build-folder.ts';
import { corpusModelRowsFromDescriptor } from './corpus-model-file.ts';
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

/** How the thread's owner shares the walks with the worker. */
export interface SemanticThreadOptions {
  /**
   * Asked when the worker has no task and the graph is shared: whether this thread has time to walk
   * it itself (default: always).
   */
  walkHere?: () => boolean;
}

/** Neighbour search served by the semantic worker thread. */
export interface SemanticThread extends NeighbourSearch {
  /** Searches answered in this thread over the shared graph, and in the worker (diagnostics and tests). */
  readonly walks: { readonly here: number; readonly inWorker: number };
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
export async function startSemanticThread(
  options: SemanticWorkerData,
  sharing: SemanticThreadOptions = {},
): Promise<SemanticThread> {
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

  // A replacement worker (after a crash) walks the graph this thread already shares with it.
  if (described.shared) data.shared = described.shared;
  const here = walkerHere(
    described.shared,
    described.info.kind === 'corpus' ? modelFd : undefined,
    described.info.model,
  );

  let closed = false;
  let inFlight = 0;
  const run = async (task: SemanticTask): Promise<unknown> => {
    // After destroy() piscina would start a fresh worker (and load the graph again) for the next task.
    if (closed) throw new SearchError('INTERNAL', 'The semantic search thread is closed.');
    inFlight++;
    try {
      return await pool.run(task);
    } catch (error) {
      if (closed) throw new SearchError('INTERNAL', 'The semantic search thread is closed.');
      throw new SearchError(
        'INTERNAL',
        `The semantic search failed in its worker thread (${(error as Error).message}); it is restarted for the next request.`,
      );
    } finally {
      inFlight--;
    }
  };
  // Walked here when the worker has nothing to do: the hop to an idle thread and back cost more than
  // the walk (BENCHMARKS.md, "No hop for a lone search"). While the worker has tasks, the
  // main thread is serving other requests and the worker walks.
  const walks = { here: 0, inWorker: 0 };
  const mayWalkHere = sharing.walkHere ?? (() => true);
  const walkerForThisSearch = () => {
    const local = here && inFlight === 0 && !closed && mayWalkHere() ? here : null;
    if (local) walks.here++;
    else walks.inWorker++;
    return local;
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
    walks,
    get threads() {
      return pool.threads;
    },
    // The corpus embedder's tokens are made here, where jieba is loaded anyway (the keyword side).
    nearestToText: async (text, k, scope) => {
      const local = walkerForThisSearch();
      if (local) return local.nearestToText(text, k, scope);
      return matchesOf({
        kind: 'text',
        text,
        ...(described.info.kind === 'corpus' ? { tokens: queryTokens(text) } : {}),
        k,
        ...(scope ? { scope } : {}),
      });
    },
    nearestToSeq: async (seq, k, scope) => {
      const local = walkerForThisSearch();
      if (local) return local.nearestToSeq(seq, k, scope);
      return matchesOf({ kind: 'seq', seq, k, ...(scope ? { scope } : {}) });
    },
    vectorOf: async (seq) =>
      here && !closed ? here.vectorOf(seq) : ((await run({ kind: 'vector', seq })) as Float32Array),
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
      closeModel();
    },
  };
}

/** Nearest-neighbour answers computed in this thread, over the graph the worker shares. */
interface WalkerHere {
  nearestToText(text: string, k: number, scope?: SeqScope): VectorMatch[];
  nearestToSeq(seq: number, k: number, scope?: SeqScope): VectorMatch[];
  vectorOf(seq: number): Float32Array;
}

/**
 * This thread's walker over the shared graph, with the corpus model's rows read from the same file
 * as the worker's (a few dozen rows a query, its own small cache); null without a shared graph (an
 * incremental build's graph is hnswlib's) or for a transformer, whose model only the worker holds.
 */
function walkerHere(
  shared: SharedVectors | null,
  modelFd: number | undefined,
  modelId: string,
): WalkerHere | null {
  if (!shared || modelFd === undefined) return null;
  const search = sharedVectorSearch(shared, 0);
  const embedder: CorpusEmbedder = corpusEmbedderFromModel(
    corpusModelRowsFromDescriptor(modelFd),
    queryTokens,
    modelId,
  );
  return {
    nearestToText(text, k, scope) {
      const [query] = embedder.embedTokenLists([queryTokens(text)]);
      return search.nearest(query ?? new Float32Array(shared.graph.dimensions), k, scopePredicate(scope));
    },
    nearestToSeq: (seq, k, scope) => search.nearest(search.vectorOf(seq), k, scopePredicate(scope)),
    vectorOf: search.vectorOf,
  };
}
