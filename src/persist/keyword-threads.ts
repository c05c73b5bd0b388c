/**
 * The main thread's side of the keyword search threads (keyword-worker.ts): a small piscina pool
 * whose threads share one copy of the build's keyword side (shared-keyword.ts) and answer keyword
 * searches off the event loop, so uncached searches use both cores. Until the threads have started,
 * and after the pool is closed (a replaced build still finishing its requests), searches run in this
 * thread over the same index, as without threads; so do searches that arrive while every thread is
 * busy (they would only queue: this thread is the other one with a core). A thread that dies fails its task with a clear
 * `INTERNAL` error (HTTP 500, never a hang); piscina starts a replacement for the requests after it.
 */
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { siblingModule } from '../checkout-paths.ts';
import { KEYWORD_POSTINGS, SERVER } from '../config.ts';
import { workerExecArgv } from '../embedding/threaded-embedder.ts';
import { SearchError } from '../errors.ts';
import type { KeywordIndex } from '../keyword/keyword-index.ts';
import type { KeywordResult } from '../keyword/keyword-result.ts';
import { searchKeyword } from '../keyword/keyword-search.ts';
import { limitDecodedSeqs } from '../keyword/postings.ts';
import {
  type KeywordSearchAnswer,
  type KeywordSearchReply,
  type KeywordSearchTask,
  keywordResultOf,
  PING,
} from './keyword-task.ts';
import type { SharedKeywordData } from './shared-keyword.ts';

const WORKER_MODULE = siblingModule('./keyword-worker', import.meta.url);

/** Keyword search served by a pool of threads over the shared index. */
export interface KeywordThreads {
  /** How many threads the pool keeps. */
  readonly size: number;
  /** The pool's running threads (diagnostics and tests). */
  readonly threads: readonly Worker[];
  /** Searches answered by the threads so far (the others ran in this thread: before start, after close, every thread busy). */
  readonly answered: number;
  /** Resolves once a thread has answered (searches before then run in this thread). */
  readonly started: Promise<void>;
  /** `searchKeyword(index, task.tree, task.filters)`, in a thread when one is up. */
  search(task: KeywordSearchTask): Promise<KeywordResult>;
  /** Stops the threads; later searches run in this thread. */
  close(): Promise<void>;
}

/** How {@link startKeywordThreads} starts the pool. */
export interface KeywordThreadsOptions {
  /** The keyword side in shared memory, handed to every thread without a copy. */
  shared: SharedKeywordData;
  /** This thread's index over the same data: searches before start and after close run on it. */
  index: KeywordIndex;
  /** How many threads (at least 1). */
  threads: number;
}

/** Starts the pool; returns at once (the threads start in the background, see {@link KeywordThreads.started}). */
export function startKeywordThreads(options: KeywordThreadsOptions): KeywordThreads {
  const { index, shared } = options;
  const size = Math.max(1, Math.floor(options.threads));
  // One cache's worth of decoded postings for the whole process, as without threads: each thread gets
  // a share, and this thread (which now decodes only for concept coverage and timelines) one too.
  const share = Math.floor(KEYWORD_POSTINGS.decodedSeqsCache / (size + 1));
  limitDecodedSeqs(index.postings, share);
  const pool = new Piscina<KeywordSearchTask | typeof PING, KeywordSearchReply | null>({
    filename: WORKER_MODULE.href,
    workerData: { ...shared, decodedSeqsCache: share } satisfies SharedKeywordData,
    minThreads: size,
    maxThreads: size,
    // A search is synchronous in its thread: one at a time each (more run on the main thread).
    concurrentTasksPerWorker: 1,
    // Never retire a thread for idleness: the next search would wait for a new one to start.
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: workerExecArgv(WORKER_MODULE),
    // A search's garbage is small and short-lived (its lists live outside the heap): a young
    // generation of the main thread's size (the server's 16 MB semi-spaces) only holds memory.
    resourceLimits: { maxYoungGenerationSizeMb: SERVER.keywordThreadYoungMb },
  });
  // A thread that dies between tasks has no task to fail; piscina replaces it and reports it here
  // (an 'error' event without a listener would end the process).
  pool.on('error', (error: unknown) => {
    console.error(`A keyword search thread failed: ${error instanceof Error ? error.message : error}`);
  });
  let ready = false;
  let closed = false;
  let answered = 0;
  /** Searches handed to the threads and not yet answered. */
  let running = 0;
  const started = pool.run(PING).then(
    () => {
      ready = true;
    },
    (error: unknown) => {
      if (!closed) console.error(`The keyword search threads did not start: ${(error as Error).message}`);
    },
  );
  return {
    size,
    get threads() {
      return pool.threads;
    },
    get answered() {
      return answered;
    },
    started,
    async search(task) {
      // Every thread busy: this thread searches itself rather than queue behind them (on two cores a
      // queue in front of one thread made keyword searches wait 50 ms at p50; BENCHMARKS.md).
      if (!ready || closed || running >= size) return searchKeyword(index, task.tree, task.filters);
      let answer: KeywordSearchAnswer;
      running++;
      try {
        answer = (await pool.run(task)) as KeywordSearchAnswer;
      } catch (error) {
        if (closed) return searchKeyword(index, task.tree, task.filters);
        throw new SearchError(
          'INTERNAL',
          `The keyword search failed in its thread (${(error as Error).message}); the thread is restarted for the next request.`,
        );
      } finally {
        running--;
      }
      answered++;
      return keywordResultOf(answer, task, index);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  };
}
