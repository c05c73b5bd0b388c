/**
 * The worker-thread side of the threaded transformer embedder (see threaded-embedder.ts): loads the
 * model once, from the options in `workerData`, and answers embedding tasks posted by the pool.
 *
 * The default export is a Promise of the task handler, which piscina awaits before the worker takes
 * its first task — so the model is loaded while the worker starts. A load failure still resolves to
 * a handler, one that reports the failure as data: a rejected handler would crash the worker at
 * start-up, reach the main thread as a bare `Error` (structured cloning drops the error class), and
 * make piscina start a replacement that fails the same way.
 */
import { workerData } from 'node:worker_threads';
import { move } from 'piscina';
import type { EmbedderInfo } from '../types.ts';
import {
  loadTransformerEmbedder,
  ModelUnavailableError,
  type TransformerEmbedder,
  type TransformerEmbedderOptions,
} from './transformer-embedder.ts';

/** A task the main thread posts to the worker. */
export type EmbedTask =
  | { kind: 'describe' }
  | { kind: 'query'; text: string }
  | { kind: 'passages'; texts: string[] };

/** The answer to `describe`: the loaded model's info, or why it could not be loaded. */
export type DescribeReply =
  | { loaded: true; info: EmbedderInfo }
  | { loaded: false; modelUnavailable: boolean; message: string };

/**
 * The answer to `query` (one vector) and to `passages` (all vectors end to end, `info.dimensions`
 * floats each): one transferred buffer, so no vector is copied on its way back.
 */
export type VectorsReply = Float32Array;

type TaskHandler = (task: EmbedTask) => Promise<unknown>;

/** Answers tasks with a loaded embedder. */
function serve(embedder: TransformerEmbedder): TaskHandler {
  return async (task) => {
    switch (task.kind) {
      case 'describe':
        return { loaded: true, info: embedder.info } satisfies DescribeReply;
      case 'query':
        return move(await embedder.embedQuery(task.text));
      case 'passages':
        return move(flatten(await embedder.embedPassages(task.texts), embedder.info.dimensions));
    }
  };
}

/** Answers `describe` with the load failure; any other task is a caller's mistake and is refused. */
function refuse(error: unknown): TaskHandler {
  const message = error instanceof Error ? error.message : String(error);
  const reply: DescribeReply = {
    loaded: false,
    modelUnavailable: error instanceof ModelUnavailableError,
    message,
  };
  return async (task) => {
    if (task.kind === 'describe') return reply;
    throw new Error(`the transformer model was not loaded in this worker: ${message}`);
  };
}

/** Copies vectors of `dimensions` floats into one array, in order. */
function flatten(vectors: Float32Array[], dimensions: number): Float32Array {
  const flat = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, i) => {
    flat.set(vector, i * dimensions);
  });
  return flat;
}

export default loadTransformerEmbedder(workerData as TransformerEmbedderOptions).then(serve, refuse);
