/**
 * Whether the server's event loop has had nothing to do lately: the signal for walking the shared
 * graph in the main thread (src/persist/semantic-thread.ts). A loop that waited for events since the
 * last ask had no request queued then; one that never waited is serving a backlog, and a walk here
 * would hold every queued request back while the worker thread sat idle.
 */
import { performance } from 'node:perf_hooks';

/** A predicate true when this thread's event loop has waited for events since it was last asked. */
export function eventLoopIdledSinceLastAsk(): () => boolean {
  let idleBefore = performance.eventLoopUtilization().idle;
  return () => {
    const { idle } = performance.eventLoopUtilization();
    const idled = idle > idleBefore;
    idleBefore = idle;
    return idled;
  };
}
