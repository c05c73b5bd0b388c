/**
 * The transformer embedder run in a worker thread (a piscina pool over transformer-worker.ts).
 * onnxruntime-node runs a forward pass synchronously on the thread that asks for it, so in process
 * every semantic or hybrid query would stall each other request the event loop is serving for the
 * whole pass (BENCHMARKS.md, `query-embedding-thread`). Here the main thread only posts the text and
 * awaits the vector: same model, same vectors, same `info` as the in-process `loadTransformerEmbedder`.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { siblingModule } from '../checkout-paths.ts';
import { TRANSFORMER_EMBEDDER } from '../config.ts';
import type { Embedder, EmbedProgress } from './embedder.ts';
import { ModelUnavailableError, type TransformerEmbedderOptions } from './transformer-embedder.ts';
import type { DescribeReply, EmbedTask, VectorsReply } from './transformer-worker.ts';

/** Options of {@link loadThreadedEmbedder}: the transformer's own, and how many threads run it. */
export interface ThreadedEmbedderOptions extends TransformerEmbedderOptions {
  /** Worker threads, each holding its own copy of the model. Default `TRANSFORMER_EMBEDDER.queryThreads`. */
  threads?: number;
}

/** An embedder whose forward passes run in worker threads; `close()` stops them. */
export interface ThreadedEmbedder extends Embedder {
  /** Stops the worker threads and frees their models; tasks still pending are rejected. */
  close(): Promise<void>;
}

const WORKER_MODULE = siblingModule('./transformer-worker', import.meta.url);
/** Matches a command-line argument that names the tsx package: `tsx`, `tsx/esm`, `…/node_modules/tsx/dist/loader.mjs`. */
const TSX_ARGUMENT = /(^|[=/\\])tsx([/\\]|$)/u;

/**
 * The `execArgv` for a worker thread over `workerModule`: inherited (undefined) for a compiled `.js`
 * module (what the npm scripts run: no loader needed) and for a `.ts` one when tsx is already
 * registered in this process — as under `node --import tsx src/server/main.ts`, whose flags workers
 * inherit — and otherwise this process's flags plus `--import <tsx>` (as in vitest's workers, which
 * transform modules themselves and pass no loader on). tsx is resolved from here, so the worker
 * finds it whatever the current directory.
 */
export function workerExecArgv(
  workerModule: URL,
  execArgv: readonly string[] = process.execArgv,
): string[] | undefined {
  if (!workerModule.pathname.endsWith('.ts')) return undefined;
  if (execArgv.some((argument) => TSX_ARGUMENT.test(argument))) return undefined;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...execArgv, '--import', tsx];
}

/**
 * Starts the worker threads, each loading the transformer with `options`, and resolves once the model
 * is loaded. A model that cannot be loaded rejects with the same {@link ModelUnavailableError} the
 * in-process loader throws, and leaves no thread behind.
 */
export async function loadThreadedEmbedder(options: ThreadedEmbedderOptions = {}): Promise<ThreadedEmbedder> {
  const { threads = TRANSFORMER_EMBEDDER.queryThreads, ...transformer } = options;
  const pool = new Piscina<EmbedTask, unknown>({
    filename: WORKER_MODULE.href,
    workerData: transformer,
    minThreads: threads,
    maxThreads: threads,
    execArgv: workerExecArgv(WORKER_MODULE),
  });
  // A worker that dies between tasks has no task to fail; piscina replaces it and reports it here
  // (an 'error' event without a listener would end the process).
  pool.on('error', (error: unknown) => {
    console.error(`A transformer worker thread failed: ${error instanceof Error ? error.message : error}`);
  });

  let described: DescribeReply;
  try {
    described = (await pool.run({ kind: 'describe' })) as DescribeReply;
  } catch (error) {
    await pool.destroy();
    throw error;
  }
  if (!described.loaded) {
    await pool.destroy();
    throw described.modelUnavailable
      ? new ModelUnavailableError(described.message)
      : new Error(described.message);
  }
  const { info } = described;
  // Texts per passages task: one batch of the worker's, so progress moves batch by batch and a query
  // posted meanwhile waits behind at most one batch rather than behind the whole corpus.
  const textsPerTask = options.batchSize ?? TRANSFORMER_EMBEDDER.batchSize;

  let closed = false;
  // After destroy() piscina would start a fresh worker (and load the model again) for the next task.
  const run = (task: EmbedTask): Promise<unknown> =>
    closed ? Promise.reject(new Error('the threaded embedder is closed')) : pool.run(task);

  const embedPassages = async (texts: string[], onProgress?: EmbedProgress): Promise<Float32Array[]> => {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += textsPerTask) {
      const batch = texts.slice(start, start + textsPerTask);
      const flat = (await run({ kind: 'passages', texts: batch })) as VectorsReply;
      for (let i = 0; i < batch.length; i++) {
        vectors.push(flat.subarray(i * info.dimensions, (i + 1) * info.dimensions));
      }
      onProgress?.(vectors.length, texts.length);
    }
    return vectors;
  };

  return {
    info,
    embedPassages,
    embedQuery: async (text) => (await run({ kind: 'query', text })) as VectorsReply,
    close: async () => {
      closed = true;
      await pool.destroy();
    },
  };
}
