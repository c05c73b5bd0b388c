/**
 * What waking a sleeping worker thread costs on this machine, and what spinning before sleeping
 * would save: a raw worker signalled through a SharedArrayBuffer (Atomics.notify), doing 1 ms of
 * work a task and answering by postMessage, 3,000 tasks per setting; the main thread busy for a
 * gap (0.3 or 1 ms) between tasks, as a server's main thread is between semantic requests. The
 * worker either waits at once (Atomics.wait) or first polls the signal for 2 ms.
 *
 *   node test/bench/worker-wake-cost.mjs
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const TASKS = 3_000;
const WORK_MS = 1;

/**
 * Keeps this thread busy for `ms` (a graph walk in the worker, other requests in the main thread).
 * @param {number} ms
 */
function busy(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * The worker: waits for the signal to move (polling it for `spinMs` first), works, answers with when it started.
 * @param {{ signal: SharedArrayBuffer, spinMs: number }} data
 */
function serveTasks({ signal, spinMs }) {
  const counter = new Int32Array(signal);
  let seen = 0;
  for (;;) {
    const pollUntil = performance.now() + spinMs;
    while (Atomics.load(counter, 0) === seen && performance.now() < pollUntil);
    if (Atomics.load(counter, 0) === seen) Atomics.wait(counter, 0, seen);
    seen = Atomics.load(counter, 0);
    const started = performance.timeOrigin + performance.now();
    busy(WORK_MS);
    parentPort?.postMessage(started);
  }
}

/** @type {(values: number[], share: number) => string} */
const quantile = (values, share) =>
  ([...values].sort((a, b) => a - b)[Math.floor(share * (values.length - 1))] ?? Number.NaN).toFixed(3);

/**
 * Runs TASKS tasks through a fresh worker; prints the wake-up and the round trip's overhead.
 * @param {number} spinMs
 * @param {number} gapMs
 */
async function measure(spinMs, gapMs) {
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const worker = new Worker(new URL(import.meta.url), { workerData: { signal, spinMs } });
  /** @type {(started: number) => void} */
  let answer = () => {};
  worker.on('message', (started) => answer(started));
  /** @type {number[]} */
  const wake = [];
  /** @type {number[]} */
  const overhead = [];
  for (let task = 0; task < TASKS; task++) {
    busy(gapMs);
    const posted = performance.timeOrigin + performance.now();
    /** @type {Promise<number>} */
    const answered = new Promise((resolve) => {
      answer = resolve;
    });
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
    const started = await answered;
    wake.push(started - posted);
    overhead.push(performance.timeOrigin + performance.now() - posted - WORK_MS);
  }
  await worker.terminate();
  console.log(
    `worker polls ${spinMs} ms, main busy ${gapMs} ms between tasks: post → start p50/p99 ` +
      `${quantile(wake, 0.5)}/${quantile(wake, 0.99)} ms, round trip − work p50/p99 ` +
      `${quantile(overhead, 0.5)}/${quantile(overhead, 0.99)} ms`,
  );
}

if (isMainThread) {
  for (const spinMs of [0, 2]) {
    for (const gapMs of [0.3, 1]) await measure(spinMs, gapMs);
  }
} else {
  serveTasks(workerData);
}
