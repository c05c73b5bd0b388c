/**
 * The lane for request work that grows with the result set rather than the page: timelines, exports,
 * pages of more than one screen. Everything runs on one event loop, so ten such requests arriving
 * together used to run back to back while a one-paragraph lookup waited behind all of them (p99
 * 47 → 513 ms). In the lane they run one at a time, each from a fresh turn of the event loop: between
 * two bulk jobs Node reads the sockets and serves every request that does not use the lane, which
 * therefore waits for at most the one bulk job running. A job whose client has gone (it closed the
 * connection, or the request timed out) before its turn is dropped unrun.
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PQueue from 'p-queue';
import { ClientGoneError, SearchError } from '../errors.ts';

/** Runs bulk jobs one at a time; see the module comment. */
export interface BulkLane {
  /** Runs `job` in its turn, or throws a 503 BUSY when `maxWaiting` jobs already wait. */
  run<T>(job: () => Promise<T>, res: ServerResponse): Promise<T>;
  /** Jobs waiting and running (the tests read it to know the lane is full). */
  load(): { waiting: number; running: number };
}

/**
 * A lane that lets at most `maxWaiting` jobs queue before refusing more. Jobs run back to back until
 * `sliceMs` of work has passed since the lane last yielded, then it yields: other requests wait for at
 * most one slice plus one job, and bulk work still gets a share of a loop crowded with small requests.
 */
export function createBulkLane(options: { maxWaiting: number; sliceMs: number }): BulkLane {
  const queue = new PQueue({ concurrency: 1 });
  let sliceStarted = Number.NEGATIVE_INFINITY;
  return {
    async run(job, res) {
      if (queue.size >= options.maxWaiting) {
        throw new SearchError('BUSY', 'The server is busy with large requests; try again in a moment.');
      }
      let gone = false;
      res.once('close', () => {
        gone = true;
      });
      // Not p-queue's `signal`: it would free the slot of a running job whose client left, letting
      // the next one start beside it. A job is checked once, when its turn comes.
      return queue.add(
        async () => {
          if (performance.now() - sliceStarted >= options.sliceMs) {
            await nextTurn();
            sliceStarted = performance.now();
          }
          if (gone) throw new ClientGoneError();
          return job();
        },
        // No timeout is set (the request has its own); the flag only types the result as T, not T | void.
        { throwOnTimeout: true },
      );
    },
    load: () => ({ waiting: queue.size, running: queue.pending }),
  };
}
