/**
 * Whether the server is serving one client alone: the signal for walking the shared semantic graph in
 * the main thread (src/persist/semantic-thread.ts). One connection's requests wait for each other,
 * so a walk here delays nobody and saves the hop to the worker and back; when another connection has
 * sent a request lately, a walk here would hold its requests back while the worker sat idle. (The
 * event loop's idleness was not the signal: at 32 connections a loop half busy idles between most
 * requests — BENCHMARKS.md, "No hop for a lone search".)
 */
import { performance } from 'node:perf_hooks';
import { SERVER } from '../config.ts';

/** Notes which connection each request comes on, and answers whether one connection has been alone. */
export interface LoneClient {
  /** Called for every request with the connection (socket) it came on. */
  noteRequest(connection: object): void;
  /** True when no connection but the last one has sent a request within the window. */
  isAlone(): boolean;
}

/** A {@link LoneClient} over a window of `windowMs`; `now` is injectable for tests. */
export function loneClient(
  windowMs: number = SERVER.loneClientWindowMs,
  now = () => performance.now(),
): LoneClient {
  let last: object | null = null;
  // When a request last came on another connection than the one before it.
  let otherSince = Number.NEGATIVE_INFINITY;
  return {
    noteRequest(connection) {
      if (connection === last) return;
      if (last !== null) otherSince = now();
      last = connection;
    },
    isAlone: () => now() - otherSince > windowMs,
  };
}
