/**
 * Live reload on a large index: `npx tsx test/bench/live-reload-swap.ts INDEX_DIR INPUT_DIR FILE`
 * starts the server on INDEX_DIR, keeps 4 clients searching (keyword, one screen), adds FILE with
 * `npm run index -- --add`, and reports how long after the switch the server served the new build,
 * and the requests answered, failed and their latency before and during the swap. It then removes
 * FILE again (`--remove`) so the index is left as it was.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const [indexDir, inputDir, file] = process.argv.slice(2).map((arg) => path.resolve(arg));
if (!indexDir || !inputDir || !file) {
  console.error('Usage: npx tsx test/bench/live-reload-swap.ts INDEX_DIR INPUT_DIR FILE');
  process.exit(2);
}
const PORT = 3977;
const CLIENTS = 4;
const QUERIES = ['知识产权', '质押融资', '行政处罚', '国务院', '著作权', '环境保护'].map(encodeURIComponent);
const base = `http://127.0.0.1:${PORT}`;

function node(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function buildId(): Promise<string> {
  return ((await (await fetch(`${base}/api/health`)).json()) as { buildId: string }).buildId;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const serverStarted = performance.now();
const server = node(['src/server/main.ts'], {
  INDEX_DIR: indexDir,
  PORT: String(PORT),
  HOST: '127.0.0.1',
  RATE_LIMIT: '0',
});
let serverLog = '';
server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
  serverLog += chunk;
});
while (!serverLog.includes('Serving')) {
  if (server.exitCode !== null) throw new Error(serverLog);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const readyS = (performance.now() - serverStarted) / 1000;
const before = await buildId();

type Window = 'before' | 'during' | 'after';
let phase = 'before' as Window;
let stop = false;
const samples: Record<Window, number[]> = { before: [], during: [], after: [] };
let failures = 0;
const client = async (id: number) => {
  for (let i = 0; !stop; i++) {
    const started = performance.now();
    try {
      const response = await fetch(
        `${base}/api/search?q=${QUERIES[(id + i) % QUERIES.length]}&mode=keyword&limit=10`,
      );
      await response.arrayBuffer();
      if (response.status !== 200) failures++;
    } catch {
      failures++;
    }
    samples[phase].push(performance.now() - started);
  }
};
const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
await new Promise((resolve) => setTimeout(resolve, 5_000));

phase = 'during';
const indexer = node(['indexer/main.ts', '--input', inputDir, '--out', indexDir, '--add', file]);
indexer.stderr?.resume();
const addStarted = performance.now();
if ((await exited(indexer)) !== 0) throw new Error('--add failed');
const switchedAt = performance.now();
while ((await buildId()) === before) await new Promise((resolve) => setTimeout(resolve, 50));
const servedAt = performance.now();
phase = 'after';
await new Promise((resolve) => setTimeout(resolve, 5_000));
stop = true;
await Promise.all(clients);
server.kill('SIGTERM');
await exited(server);

const source = path.basename(file);
const remover = node(['indexer/main.ts', '--input', inputDir, '--out', indexDir, '--remove', source]);
remover.stderr?.resume();
await exited(remover);
await rm(path.join(inputDir, source), { force: true });

console.log(
  `server ready after ${readyS.toFixed(1)} s; --add took ${((switchedAt - addStarted) / 1000).toFixed(1)} s;`,
);
console.log(
  `the new build was served ${((servedAt - switchedAt) / 1000).toFixed(1)} s after the switch; failed requests: ${failures}`,
);
console.log('\n| window | requests | p50 ms | p99 ms | max ms |');
console.log('|---|---|---|---|---|');
for (const [name, values] of Object.entries(samples)) {
  console.log(
    `| ${name} | ${values.length} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 99).toFixed(1)} | ${Math.max(...values).toFixed(1)} |`,
  );
}
