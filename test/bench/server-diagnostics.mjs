/**
 * Preloaded into a server under load (`NODE_OPTIONS=--import=…/server-diagnostics.mjs`,
 * `SERVER_DIAGNOSTICS=FILE`) to say where its tail latency comes from, without touching the server's
 * code: the time each request spends in the server by kind (from Node's `request` event to the
 * response's `finish`), the event loop's delay (`monitorEventLoopDelay`), every GC pause by kind
 * (PerformanceObserver 'gc'), and memory at the end. Written as JSON to FILE when the process exits.
 * Plain JavaScript so that it loads before any TypeScript loader.
 *
 * Where a computed search's time went, also without touching the server: each answer's own
 * `Server-Timing` header (parse, keyword, semantic, fuse, snippets, facets, serialize, total) is read
 * as it is written, and a search that ran its phases (not answered from the cache or by joining) is
 * summed by kind and phase. The worker pools' tasks (the semantic worker is a piscina pool): piscina's
 * `run` is wrapped to count the tasks already queued or running when one is asked for and the time
 * until its answer, and each pool's own histograms (the wait in its queue, the time from posting a
 * task to the worker until its answer is handled here) are read over the measured run. (A piscina
 * worker's event loop utilization says nothing: it waits for tasks in `Atomics.wait`, which counts
 * as busy. test/bench/semantic-service.ts times a task's service alone.)
 *
 * With `SERVER_CPU_PROFILE=FILE` it also records a CPU profile of the main thread over the measured
 * run only (started at SIGUSR2, stopped and written as a `.cpuprofile` at exit), through the inspector
 * in this process; `SERVER_CPU_PROFILE_US` sets the sampling interval (default 500 µs).
 * test/bench/cpu-profile-kinds.ts reads it into a table of self time by part of the request path.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector';
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';

const out = process.env.SERVER_DIAGNOSTICS;

/** This isolate's V8 heap: committed and used by space, plus what V8 counts outside it (MB-able bytes). */
const heapNow = () => {
  const stats = v8.getHeapStatistics();
  return {
    committed: stats.total_heap_size,
    used: stats.used_heap_size,
    mallocedByV8: stats.malloced_memory,
    external: stats.external_memory,
    spaces: Object.fromEntries(
      v8
        .getHeapSpaceStatistics()
        .map((space) => [space.space_name, { size: space.space_size, used: space.space_used_size }]),
    ),
  };
};

// Other threads (the semantic worker, keyword threads) cannot be asked from the main thread on Node 20
// (no Worker#getHeapStatistics), so each writes its own heap every 250 ms beside the report. A piscina
// worker blocked in Atomics.wait skips ticks; the file holds its last reading.
if (out && !isMainThread) {
  setInterval(() => {
    try {
      writeFileSync(
        `${out}.thread-${threadId}`,
        JSON.stringify({ threadId, at: Date.now(), heap: heapNow() }),
      );
    } catch {}
  }, 250).unref();
}

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
      /** @type {string | undefined} */
      let serverTiming;
      const writeHead = response.writeHead;
      /** @param {any[]} rest */
      response.writeHead = (...rest) => {
        serverTiming = serverTimingIn(rest.find((arg) => typeof arg === 'object' && arg !== null));
        return writeHead.apply(response, rest);
      };
      const setHeader = response.setHeader;
      /**
       * @param {string} name
       * @param {any} value
       */
      response.setHeader = (name, value) => {
        if (name.toLowerCase() === 'server-timing') serverTiming = String(value);
        return setHeader.call(response, name, value);
      };
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
        if (serverTiming !== undefined) notePhases(kind, ms, serverTiming, url);
      });
    }
    return emit.apply(this, /** @type {any} */ ([event, ...args]));
  };
  /**
   * The Server-Timing value among a `writeHead`'s headers: an object, or the flat list the lean path passes.
   * @param {any} headers
   * @returns {string | undefined}
   */
  function serverTimingIn(headers) {
    if (!headers) return undefined;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (String(headers[i]).toLowerCase() === 'server-timing') return String(headers[i + 1]);
      }
      return undefined;
    }
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() === 'server-timing') return String(value);
    }
    return undefined;
  }
  /** @type {Map<string, Map<string, number[]>>} By kind (`search hybrid, computed`…): ms per phase, `in server` and `unaccounted` too. */
  const phasesByKind = new Map();
  /** @type {{ ms: number, kind: string, url: string, phases: Record<string, number> }[]} The slowest computed searches. */
  const slowestComputed = [];
  /**
   * Notes a timed answer's phases: a search whose header has a `keyword` or `semantic` phase was
   * computed; one without was answered from the cache or by joining one in flight.
   * @param {string} kind
   * @param {number} ms
   * @param {string} header
   * @param {string} url
   */
  function notePhases(kind, ms, header, url) {
    /** @type {Record<string, number>} */
    const phases = {};
    for (const entry of header.split(',')) {
      const name = entry.trim().split(';')[0] ?? '';
      const dur = /dur=([\d.]+)/u.exec(entry)?.[1];
      if (name && dur !== undefined) phases[name] = Number(dur);
    }
    const computed = 'keyword' in phases || 'semantic' in phases;
    const key = `${kind}, ${computed ? 'computed' : 'not computed'}`;
    const table = phasesByKind.get(key) ?? new Map();
    phasesByKind.set(key, table);
    const add = (/** @type {string} */ name, /** @type {number} */ value) => {
      const list = table.get(name) ?? [];
      table.set(name, list);
      list.push(value);
    };
    add('in server', ms);
    let parts = 0;
    for (const [name, value] of Object.entries(phases)) {
      add(name, value);
      if (name !== 'total') parts += value;
    }
    // Inside `total` but in no phase (microtask turns), and in the server but outside `total`.
    add('unaccounted', Math.max(0, ms - parts));
    if (computed && (slowestComputed.length < 20 || ms > (slowestComputed.at(-1)?.ms ?? 0))) {
      slowestComputed.push({ ms, kind, url, phases });
      slowestComputed.sort((a, b) => b.ms - a.ms);
      slowestComputed.length = Math.min(slowestComputed.length, 20);
    }
  }

  /** @type {Set<any>} The piscina pools this process made (the semantic worker's; keyword threads' if any). */
  const pools = new Set();
  /** @type {WeakMap<any, { ahead: number[], answer: number[] }>} Per pool: tasks asked for and not answered yet when one was asked for; ms until its answer. */
  const tasksOf = new WeakMap();
  /** @type {WeakMap<any, number>} Per pool: tasks asked for and not answered yet. */
  const inFlight = new WeakMap();
  const run = Piscina.prototype.run;
  /**
   * @param {any} task
   * @param {any} [options]
   */
  Piscina.prototype.run = function runTimed(task, options) {
    pools.add(this);
    const tasks = tasksOf.get(this) ?? { ahead: [], answer: [] };
    tasksOf.set(this, tasks);
    const ahead = inFlight.get(this) ?? 0;
    inFlight.set(this, ahead + 1);
    const started = performance.now();
    const answer = run.call(this, task, options);
    const settled = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    answer.then(() => {
      settled();
      tasks.ahead.push(ahead);
      tasks.answer.push(performance.now() - started);
    }, settled);
    return answer;
  };
  const poolName = (/** @type {any} */ pool) =>
    String(pool.options?.filename ?? 'pool').replace(/^.*\//u, '');
  let mainEluStart = performance.eventLoopUtilization();

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
  /** @type {unknown[]} Memory readings asked for by the bench (SIGWINCH: serving, warm, right after the load). */
  const memoryReadings = [];
  process.on('SIGWINCH', () => {
    memoryReadings.push({
      usage: process.memoryUsage(),
      heap: heapNow(),
      smapsRollup: readFileSync('/proc/self/smaps_rollup', 'utf8'),
    });
  });
  /** Reset when the measured run starts (SIGUSR2 from the bench), so the warm-up does not count. */
  process.on('SIGUSR2', () => {
    byKind.clear();
    slowest.length = 0;
    sizes.clear();
    gcs.clear();
    loop.reset();
    phasesByKind.clear();
    slowestComputed.length = 0;
    for (const pool of pools) {
      pool.histogram?.resetRunTime?.();
      pool.histogram?.resetWaitTime?.();
      tasksOf.set(pool, { ahead: [], answer: [] });
    }
    mainEluStart = performance.eventLoopUtilization();
    startProfile();
  });
  const profileOut = process.env.SERVER_CPU_PROFILE;
  /** @type {Session | undefined} */
  let profiler;
  function startProfile() {
    if (!profileOut || profiler) return;
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable');
    profiler.post('Profiler.setSamplingInterval', {
      interval: Number(process.env.SERVER_CPU_PROFILE_US ?? 500),
    });
    profiler.post('Profiler.start');
  }
  /** Stops the profile and writes it; a same-thread inspector session answers synchronously, so this works in an `exit` handler. */
  function writeProfile() {
    if (!profileOut || !profiler) return;
    profiler.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(profileOut, JSON.stringify(result.profile));
    });
  }
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
    writeProfile();
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
      memoryReadings,
      phases: Object.fromEntries(
        [...phasesByKind].map(([kind, table]) => [
          kind,
          Object.fromEntries([...table].map(([phase, list]) => [phase, summary(list)])),
        ]),
      ),
      slowestComputed,
      mainThreadUtilization: performance.eventLoopUtilization(mainEluStart).utilization,
      pools: [...pools].map((pool) => {
        const tasks = tasksOf.get(pool) ?? { ahead: [], answer: [] };
        const histogram = pool.histogram;
        const pick = (/** @type {any} */ h) => h && { p50: h.p50, p99: h.p99, max: h.max, mean: h.mean };
        return {
          name: poolName(pool),
          tasks: tasks.answer.length,
          ahead: summary(tasks.ahead),
          answerMs: summary(tasks.answer),
          waitMs: pick(histogram?.waitTime),
          runMs: pick(histogram?.runTime),
        };
      }),
    };
    writeFileSync(out, JSON.stringify(report, null, 1));
  });
}
