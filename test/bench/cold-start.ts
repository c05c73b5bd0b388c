/**
 * Cold-start figures of one index (BENCHMARKS.md, "Opening the index"): starts `npm run serve` in
 * each `--root` (a checkout: this one, or a copy of an older commit for the before figure; several
 * roots are run in turn, run by run, so a busy minute falls on all of them) over `--index`, and
 * measures from the spawn:
 * - `keywordMs`: the first keyword search answered (200) — what "server ready" means here: the
 *   page and the API answer keyword searches, documents and paragraphs from then on;
 * - `hybridMs`: the first hybrid search answered (200) — the semantic half (graph + query model)
 *   is loaded by then. A server that listens only once everything is loaded has both equal.
 * - `cpuKeywordMs`: the CPU time (user + system, every process under the spawn) spent by then — a
 *   figure a busy machine disturbs less than the wall-clock ones — and where it went: the server
 *   process's main thread (`cpuMainThreadMs`), its other threads (`cpuOtherThreadsMs`: the semantic
 *   worker, libuv's file readers, V8's garbage-collection helpers) and the processes that launched
 *   it (`cpuLauncherMs`: npm and its shell);
 * - `serverProcessMs`: when the server's own process started (npm's share of the wall time; 10 ms
 *   resolution), and `listeningMs`: when it printed that it is serving.
 * Then the server's resident memory (the largest process under the spawn: the server process, below
 * npm and its shell) two seconds after the hybrid answer (`rssStartMb`) and after a load of every
 * labelled query in all three modes, 8 at a time, three rounds (`rssLoadMb`). Repeated `--runs`
 * times; medians reported. `--index` once serves every root; given once per `--root`, in the same
 * order, each root opens its own (a checkout of another index format needs a build of its own).
 *
 *   npx tsx test/bench/cold-start.ts --index /work/idx/binary-laws [--root .] [--root /tmp/before] [--runs 5] [--port 3999]
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { indexPerRoot } from './index-per-root.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string', multiple: true },
    root: { type: 'string', multiple: true, default: ['.'] },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '3999' },
    query: { type: 'string', default: '知识产权质押融资' },
  },
});
const roots = values.root as string[];
/** The index the checkout at `root` opens. */
const indexOf = indexPerRoot(values.index ?? [], roots);
const base = `http://127.0.0.1:${values.port}`;
const labelled = JSON.parse(
  readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/labeled-queries.json'),
    'utf8',
  ),
) as { query: string }[];

/** Every process at and below `pid`. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree: number[] = [];
  const visit = (id: number) => {
    tree.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}

/** Resident memory (MB) of every process below `pid`, the largest: the server process, below npm and its shell. */
function largestRssBelow(pid: number): number {
  let largest = 0;
  for (const id of processTree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
      largest = Math.max(largest, Number(match?.[1] ?? 0) / 1024);
    } catch {
      // Gone.
    }
  }
  return largest;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (ms, user + system) spent so far by every process at and below `pid`, waited-for children included. */
function cpuMsBelow(pid: number): number {
  let ticks = 0;
  for (const id of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      // Fields after the command: state is 3rd; utime, stime, cutime, cstime are the 14th–17th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      for (const at of [11, 12, 13, 14]) ticks += Number(fields[at] ?? 0);
    } catch {
      // Gone.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The fields after the command in /proc/<pid>[/task/<tid>]/stat (state is the first). */
function statFields(file: string): string[] {
  const stat = readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (ms, user + system) of one process or thread from its stat fields. */
const cpuMsOf = (fields: string[]) => ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;

/** The server process under `pid`: the node process (not npm's shell) whose command line names the server's entry point. */
function serverProcess(pid: number): number | null {
  for (const id of processTree(pid)) {
    try {
      const isNode = readFileSync(`/proc/${id}/comm`, 'utf8').trim() === 'node';
      if (isNode && readFileSync(`/proc/${id}/cmdline`, 'utf8').includes('server/main')) return id;
    } catch {
      // Gone.
    }
  }
  return null;
}

/** Where the CPU of the process tree under `pid` went: the server's main thread, its other threads, the launchers. */
function cpuSplit(pid: number): { main: number; others: number; launchers: number } {
  const server = serverProcess(pid);
  let main = 0;
  let others = 0;
  if (server !== null) {
    for (const tid of readdirSync(`/proc/${server}/task`)) {
      const ms = cpuMsOf(statFields(`/proc/${server}/task/${tid}/stat`));
      if (Number(tid) === server) main += ms;
      else others += ms;
    }
  }
  return { main, others, launchers: cpuMsBelow(pid) - main - others };
}

/** Milliseconds between the start of process `pid` and the start of process `child` (/proc start times). */
function startedAfterMs(pid: number, child: number): number {
  const startOf = (id: number) => Number(statFields(`/proc/${id}/stat`)[19]);
  return ((startOf(child) - startOf(pid)) * 1000) / TICKS_PER_SECOND;
}

const searchUrl = (query: string, mode: string) =>
  `${base}/api/search?${new URLSearchParams({ q: query, mode })}`;

/** Polls `url` every 5 ms until it answers 200; the milliseconds since `started`. */
async function firstOk(url: string, started: number): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > 120_000) throw new Error(`${url} did not answer in 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every labelled query in each mode, `concurrency` requests at a time, `rounds` times. */
async function load(concurrency: number, rounds: number): Promise<void> {
  const urls: string[] = [];
  for (let round = 0; round < rounds; round++)
    for (const { query } of labelled)
      for (const mode of ['keyword', 'semantic', 'hybrid']) urls.push(searchUrl(query, mode));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const response = await fetch(urls[next++] as string);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
      }
    }),
  );
}

interface Run {
  serverProcessMs: number;
  listeningMs: number;
  keywordMs: number;
  cpuKeywordMs: number;
  cpuMainThreadMs: number;
  cpuOtherThreadsMs: number;
  cpuLauncherMs: number;
  hybridMs: number;
  rssStartMb: number;
  rssLoadMb: number;
}

async function oneRun(root: string): Promise<Run> {
  const started = performance.now();
  const server = spawn('npm', ['run', 'serve'], {
    cwd: path.resolve(root),
    // RATE_LIMIT=0: the load below comes from loopback anyway, but an older checkout may not skip it.
    env: { ...process.env, INDEX_DIR: indexOf(root), PORT: values.port, HOST: '127.0.0.1', RATE_LIMIT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let listeningMs = Number.NaN;
  let stderr = '';
  server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (Number.isNaN(listeningMs) && stderr.includes('Serving ')) listeningMs = performance.now() - started;
  });
  try {
    const keywordMs = await firstOk(searchUrl(values.query as string, 'keyword'), started);
    const cpuKeywordMs = cpuMsBelow(server.pid as number);
    const split = cpuSplit(server.pid as number);
    const serverPid = serverProcess(server.pid as number);
    const serverProcessMs = serverPid === null ? Number.NaN : startedAfterMs(server.pid as number, serverPid);
    const hybridMs = await firstOk(searchUrl(values.query as string, 'hybrid'), started);
    // Let work deferred past the first answers settle before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rssStartMb = largestRssBelow(server.pid as number);
    await load(8, 3);
    const rssLoadMb = largestRssBelow(server.pid as number);
    return {
      serverProcessMs,
      listeningMs,
      keywordMs,
      cpuKeywordMs,
      cpuMainThreadMs: split.main,
      cpuOtherThreadsMs: split.others,
      cpuLauncherMs: split.launchers,
      hybridMs,
      rssStartMb,
      rssLoadMb,
    };
  } finally {
    process.kill(-(server.pid as number), 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const runsOf = new Map<string, Run[]>(roots.map((root) => [root, []]));
for (let i = 0; i < Number(values.runs); i++) {
  for (const root of roots) runsOf.get(root)?.push(await oneRun(root));
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
for (const [root, runs] of runsOf) {
  const column = (key: keyof Run) => runs.map((run) => Math.round(run[key]));
  console.log(
    JSON.stringify({
      index: indexOf(root),
      root: path.resolve(root),
      serverProcessMs: column('serverProcessMs'),
      medianServerProcessMs: median(column('serverProcessMs')),
      listeningMs: column('listeningMs'),
      medianListeningMs: median(column('listeningMs')),
      keywordMs: column('keywordMs'),
      medianKeywordMs: median(column('keywordMs')),
      cpuKeywordMs: column('cpuKeywordMs'),
      medianCpuKeywordMs: median(column('cpuKeywordMs')),
      medianCpuMainThreadMs: median(column('cpuMainThreadMs')),
      medianCpuOtherThreadsMs: median(column('cpuOtherThreadsMs')),
      medianCpuLauncherMs: median(column('cpuLauncherMs')),
      hybridMs: column('hybridMs'),
      medianHybridMs: median(column('hybridMs')),
      rssStartMb: column('rssStartMb'),
      medianRssStartMb: median(column('rssStartMb')),
      rssLoadMb: column('rssLoadMb'),
      medianRssLoadMb: median(column('rssLoadMb')),
    }),
  );
}
