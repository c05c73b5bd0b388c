/**
 * Preloaded into a server under load (`NODE_OPTIONS=--import=…/server-diagnostics.mjs`,
 * `SERVER_DIAGNOSTICS=FILE`) to say where its tail latency comes from, without touching the server's
 * code: the time each request spends in the server by kind (from Node's `request` event to the
 * response's `finish`), the event loop's delay (`monitorEventLoopDelay`), every GC pause by kind
 * (PerformanceObserver 'gc'), and memory at the end. Written as JSON to FILE when the process exits.
 * Plain JavaScript so that it loads before any TypeScript loader.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const out = process.env.SERVER_DIAGNOSTICS;

if (out && isMainThread) {
  /** @type {Map<string, number[]>} Milliseconds per request, by kind. */
  const byKind = new Map();
  /** @type {Map<string, number>} Bytes sent, by kind. */
  const sizes = new Map();
  /** @type {[number, string, string, number][]} The slowest requests: ms, kind, path, bytes. */
  const slowest = [];
  /** @param {string} url */
  const kindOf = (url) => {
    if (url.startsWith('/api/search')) return /mode=hybrid/u.test(url) ? 'search hybrid' : 'search keyword';
    if (url.startsWith('/api/documents/')) return 'document';
    if (url.startsWith('/api/paragraphs/')) return 'paragraph';
    return 'other';
  };
  /** @param {unknown} chunk */
  const sizeOf = (chunk) =>
    typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
  const emit = http.Server.prototype.emit;
  /**
   * @param {string | symbol} event
   * @param {any[]} args
   */
  http.Server.prototype.emit = function emitTimed(event, ...args) {
    if (event === 'request') {
      /** @type {[http.IncomingMessage, any]} */
      const [request, response] = /** @type {any} */ (args);
      const started = performance.now();
      const url = request.url ?? '';
      let bytes = 0;
      const write = response.write;
      const end = response.end;
      /** @param {any[]} rest */
      response.write = (...rest) => {
        bytes += sizeOf(rest[0]);
        return write.apply(response, rest);
      };
      /** @param {any[]} rest */
      response.end = (...rest) => {
        bytes += sizeOf(rest[0]);
        return end.apply(response, rest);
      };
      response.once('finish', () => {
        const ms = performance.now() - started;
        const kind = kindOf(url);
        const list = byKind.get(kind) ?? [];
        byKind.set(kind, list);
        list.push(ms);
        if (slowest.length < 40 || ms > (slowest.at(-1)?.[0] ?? 0)) {
          slowest.push([ms, kind, url, bytes]);
          slowest.sort((a, b) => b[0] - a[0]);
          slowest.length = Math.min(slowest.length, 40);
        }
        sizes.set(kind, (sizes.get(kind) ?? 0) + bytes);
      });
    }
    return emit.apply(this, /** @type {any} */ ([event, ...args]));
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  /** @type {Map<string, number[]>} GC pauses in ms by kind name. */
  const gcs = new Map();
  /** @type {Record<number, string>} */
  const kindNames = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
  };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = /** @type {{ detail?: { kind?: number } }} */ (entry).detail?.kind ?? 0;
      const name = kindNames[kind] ?? `kind ${kind}`;
      const pauses = gcs.get(name) ?? [];
      gcs.set(name, pauses);
      pauses.push(entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  /** Reset when the measured run starts (SIGUSR2 from the bench), so the warm-up does not count. */
  process.on('SIGUSR2', () => {
    byKind.clear();
    slowest.length = 0;
    sizes.clear();
    gcs.clear();
    loop.reset();
  });
  /**
   * @param {number[]} sorted
   * @param {number} q
   */
  const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  /** @param {number[]} values */
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      n: sorted.length,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      max: sorted.at(-1) ?? 0,
      sum: sorted.reduce((a, b) => a + b, 0),
    };
  };
  process.once('exit', () => {
    const memory = process.memoryUsage();
    const report = {
      requests: Object.fromEntries(
        [...byKind].map(([kind, list]) => [kind, { ...summary(list), bytes: sizes.get(kind) ?? 0 }]),
      ),
      slowest: slowest.map(([ms, kind, url, bytes]) => ({ ms, kind, url, bytes })),
      eventLoopDelay: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
        mean: loop.mean / 1e6,
      },
      gc: Object.fromEntries([...gcs].map(([kind, list]) => [kind, summary(list)])),
      memory,
    };
    writeFileSync(out, JSON.stringify(report, null, 1));
  });
}
