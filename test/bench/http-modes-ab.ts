/**
 * A search as a user of the API waits for it, per mode, on two servers side by side: each checkout's
 * server over its own index (so a baseline can read its older format), result caches off, one
 * keep-alive connection each; for every query of QUERIES.json and every mode, the same request
 * (`/api/search?q=…&mode=…&limit=20`) to both servers, in turns that alternate which goes first,
 * timed by the client from the request to the end of the body. A warm-up pass first; then `--passes`.
 * The servers idle between requests (one at a time): this is latency, not throughput.
 *
 *   node --import tsx test/bench/http-modes-ab.ts --before CHECKOUT[:INDEX_DIR] --after CHECKOUT[:INDEX_DIR] \
 *     --queries QUERIES.json [--modes keyword,semantic,hybrid] [--passes 2] [--before-launch tsx|npm-run-serve]
 *
 * `--after` starts as `npm run serve` does (compiled, its script's V8 flags); `--before` the same way
 * unless `--before-launch tsx` (a checkout that predates `scripts/run.mjs`).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../helpers/server-process.ts';
import { type ServerLaunch, startServer } from './load-server.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    queries: { type: 'string' },
    modes: { type: 'string', default: 'keyword,semantic,hybrid' },
    passes: { type: 'string', default: '2' },
    'before-launch': { type: 'string', default: 'npm-run-serve' },
  },
});
if (!values.before || !values.after || !values.queries) {
  throw new Error(
    'usage: http-modes-ab.ts --before CHECKOUT[:INDEX] --after CHECKOUT[:INDEX] --queries FILE',
  );
}
const queries: string[] = JSON.parse(readFileSync(values.queries, 'utf8'));
const modes = (values.modes ?? '').split(',');
const passes = Number(values.passes);

interface Side {
  name: string;
  port: number;
  agent: Agent;
  times: Map<string, number[]>;
  failures: Map<string, number>;
}

async function start(name: string, spec: string, launch: ServerLaunch) {
  const [root = '.', indexDir = 'index-data'] = spec.split(':');
  const port = await freePort();
  const server = await startServer(port, {
    root: resolve(root),
    indexDir: resolve(indexDir),
    env: { RESULT_CACHE: '0' },
    launch,
  });
  const side: Side = {
    name,
    port,
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    times: new Map(),
    failures: new Map(),
  };
  return { side, server };
}

/** One search over HTTP: the milliseconds to the end of the body, or null when it was not a 200. */
function timedSearch(side: Side, query: string, mode: string): Promise<number | null> {
  const path = `/api/search?${new URLSearchParams({ q: query, mode, limit: '20' })}`;
  const started = performance.now();
  return new Promise((done, fail) => {
    const sent = request({ host: '127.0.0.1', port: side.port, path, agent: side.agent }, (response) => {
      response.on('data', () => {});
      response.on('end', () => done(response.statusCode === 200 ? performance.now() - started : null));
    });
    sent.on('error', fail);
    sent.end();
  });
}

const triple = (times: number[]) => [50, 95, 99].map((p) => percentile(times, p).toFixed(2)).join(' / ');

const before = await start('before', values.before, values['before-launch'] as ServerLaunch);
const after = await start('after', values.after, 'npm-run-serve');
try {
  for (let pass = 0; pass <= passes; pass++) {
    for (const [q, query] of queries.entries()) {
      for (const mode of modes) {
        const order = (q + pass) % 2 === 0 ? [before.side, after.side] : [after.side, before.side];
        for (const side of order) {
          const ms = await timedSearch(side, query, mode);
          // Pass 0 warms both servers up and is not kept.
          if (pass === 0) continue;
          if (ms === null) side.failures.set(mode, (side.failures.get(mode) ?? 0) + 1);
          else side.times.set(mode, [...(side.times.get(mode) ?? []), ms]);
        }
      }
    }
  }
  console.log(
    `${queries.length} queries × ${passes} passes; client wall ms p50 / p95 / p99 (not-200 answers)`,
  );
  for (const mode of modes) {
    for (const { side } of [before, after]) {
      console.log(
        `${mode.padEnd(8)} ${side.name.padEnd(6)} ${triple(side.times.get(mode) ?? [])}  (${side.failures.get(mode) ?? 0})`,
      );
    }
  }
} finally {
  for (const { server } of [before, after]) {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
}
