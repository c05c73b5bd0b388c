/**
 * Where the one-screen mix's tail comes from: each server variant is started with
 * `server-diagnostics.mjs` preloaded, warmed up, then loaded with the one-screen mix at 32
 * connections; the table gives, beside autocannon's req/s and p50/p99, the time requests spent in
 * the server by kind, the event loop's delay, GC pauses, and memory. Variants run in turn, in the
 * order given, `--rounds` times interleaved.
 *
 *   flock /work/coord/heavy.lock node --import tsx test/bench/loadtest-tail.ts --index DIR \
 *     --variant 'before=/work/main' --variant 'after=.' --variant 'after, 16 MB semi=.:NODE_FLAGS=--max-semi-space-size=16' [--seconds 20] [--rounds 1]
 *
 * A variant is `name=ROOT[:VAR=VALUE[:VAR=VALUE…]]`; NODE_FLAGS is added to NODE_OPTIONS;
 * NODE_ARGS (space-separated) go on the command line after the launch's own flags;
 * a piece not starting with an upper-case `NAME=` continues the previous value
 * (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2` is one variable);
 * LAUNCH=npm-run-serve starts the server as `npm run serve` does (see load-server.ts).
 * `--workload users` loads it with the users workload instead of the one-screen mix (load-server.ts).
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../helpers/server-process.ts';
import { machineLine, sampleLoadAverage } from './benchmarks-file.ts';
import { cannon, getJson, mb, rssOf, startServer, workloadNamed } from './load-server.ts';
import { classifySmaps, type SmapsClasses } from './smaps-classes.ts';
import { parseVariant, type Variant } from './tail-variant.ts';

const CONNECTIONS = 32;
/** How long the server idles after the load before its RSS is read again. */
const IDLE_MS = 10_000;
const DIAGNOSTICS = resolve(import.meta.dirname, 'server-diagnostics.mjs');
const { values } = parseArgs({
  options: {
    index: { type: 'string' },
    variant: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '1' },
    /** `lockstep` (the one-screen mix) or `users` (see load-server.ts). */
    workload: { type: 'string', default: 'lockstep' },
  },
});
const workload = workloadNamed(values.workload ?? 'lockstep');
if (!values.index || !values.variant?.length) {
  throw new Error('usage: loadtest-tail.ts --index DIR --variant NAME=ROOT[:VAR=VALUE…] … [--seconds 20]');
}
const indexDir = resolve(values.index);
const seconds = Number(values.seconds);
const log = (line: string) => process.stderr.write(`${line}\n`);

const variants: Variant[] = values.variant.map(parseVariant);

interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  sum: number;
  bytes?: number;
}
interface PoolFigures {
  name: string;
  tasks: number;
  /** Tasks queued or running when one was asked for. */
  ahead: Summary;
  /** From `run` to its answer, on the main thread. */
  answerMs: Summary;
  /** piscina's own: the wait in its queue, and from posting to the worker to the answer handled. */
  waitMs?: { p50: number; p99: number; max: number; mean: number };
  runMs?: { p50: number; p99: number; max: number; mean: number };
}
interface Diagnostics {
  requests: Record<string, Summary>;
  slowest: { ms: number; kind: string; url: string; bytes: number }[];
  eventLoopDelay: { p50: number; p99: number; max: number; mean: number };
  gc: Record<string, Summary>;
  memory: NodeJS.MemoryUsage;
  /** Read on each SIGWINCH: serving, warm, right after the load. */
  memoryReadings?: MemoryReading[];
  /** By kind and computed or not: each Server-Timing phase, `in server` and `unaccounted`. */
  phases: Record<string, Record<string, Summary>>;
  slowestComputed: { ms: number; kind: string; url: string; phases: Record<string, number> }[];
  mainThreadUtilization: number;
  pools: PoolFigures[];
}

/** CPU seconds a process has used, all its threads (Linux /proc; clock ticks of 10 ms). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(variant: Variant, round: number) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const file = join(tmpdir(), `tail-${process.pid}-${round}-${variants.indexOf(variant)}.json`);
  const { NODE_FLAGS, NODE_ARGS, LAUNCH, ...rest } = variant.env;
  const env = {
    ...rest,
    NODE_OPTIONS: [`--import=${DIAGNOSTICS}`, NODE_FLAGS ?? ''].join(' ').trim(),
    SERVER_DIAGNOSTICS: file,
  };
  const launch = LAUNCH === 'npm-run-serve' ? LAUNCH : 'tsx';
  const nodeArgs = NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await startServer(port, { root: variant.root, indexDir, env, launch, nodeArgs });
  const pid = server.pid ?? 0;
  try {
    const startMemory = await memoryNow(pid, file);
    const requests = workload.requests(await workload.pools(base));
    await cannon(base, requests, 8, 3);
    const rssWarm = await rssOf(pid);
    const warmMemory = await memoryNow(pid, file);
    process.kill(pid, 'SIGUSR2');
    const load = sampleLoadAverage();
    const [serverCpuStart, clientCpuStart] = [await cpuSecondsOf(pid), process.cpuUsage()];
    const figures = await cannon(base, requests, CONNECTIONS, seconds);
    const loadAverage = load();
    const clientCpu = process.cpuUsage(clientCpuStart);
    // Shares of one core over the run: the server's threads together, and autocannon (this process).
    const cpu = {
      server: ((await cpuSecondsOf(pid)) - serverCpuStart) / seconds,
      client: (clientCpu.user + clientCpu.system) / 1e6 / seconds,
    };
    const rssAfter = await rssOf(pid);
    const afterMemory = await memoryNow(pid, file);
    // Idle for a while: V8's memory reducer runs a full GC on an idle heap and gives pages back.
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const rssIdle = await rssOf(pid);
    const health = await getJson<{ cache?: unknown }>(base, '/api/health');
    return {
      figures,
      rssWarm,
      rssAfter,
      rssIdle,
      loadAverage,
      cpu,
      cache: health.cache,
      file,
      startMemory,
      warmMemory,
      afterMemory,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
}

interface MemoryReading {
  usage: NodeJS.MemoryUsage;
  heap: HeapReading;
  smapsRollup: string;
}
interface HeapReading {
  committed: number;
  used: number;
  mallocedByV8: number;
  external: number;
  spaces: Record<string, { size: number; used: number }>;
}

/**
 * What holds the server's memory now: its own reading (V8's heap by space, process.memoryUsage) asked
 * for by SIGWINCH (server-diagnostics.mjs), its mappings by kind read from outside, and the other
 * threads' last heap readings.
 */
async function memoryNow(pid: number, file: string) {
  const rss = await rssOf(pid);
  process.kill(pid, 'SIGWINCH');
  const smaps = classifySmaps(await readFile(`/proc/${pid}/smaps`, 'utf8'));
  await new Promise((done) => setTimeout(done, 200));
  return { rss, smaps, threads: await threadHeaps(file) };
}

/** The other threads' last heap readings (server-diagnostics.mjs writes FILE.thread-ID), files removed. */
async function threadHeaps(file: string): Promise<HeapReading[]> {
  const dir = tmpdir();
  const prefix = `${file.slice(dir.length + 1)}.thread-`;
  const readings: HeapReading[] = [];
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    try {
      readings.push((JSON.parse(await readFile(join(dir, name), 'utf8')) as { heap: HeapReading }).heap);
    } catch {}
  }
  return readings;
}

const f1 = (n: number) => n.toFixed(1);
const lines: string[] = [machineLine(), ''];
lines.push(
  '| variant | load avg | CPU: server, autocannon (cores) | req/s | p50 / p99 ms | in server p50 / p99 / max ms: keyword · hybrid · document · paragraph | event loop delay p50 / p99 / max ms | GC: scavenges n, sum, max · mark-compact n, sum, max ms | RSS warm → after → 10 s idle | heap used, external, array buffers at exit |',
  '|---|---:|---:|---:|---:|---|---|---|---:|---|',
);
const breakdown: string[] = [
  '| variant | main thread busy | computed hybrids: n, in server p50 / p99 | their semantic wait p50 / p99 | keyword p50 / p99 | fuse p50 / p99 | snippets + facets p99 | serialize p99 | outside the phases p99 | semantic worker: tasks, ahead p50 / p99 / max | its queue wait p50 / p99 | post → answer handled p50 / p99 |',
  '|---|---:|---|---|---|---|---|---|---|---|---|---|',
];
const memoryRows: string[] = [
  "| variant | RSS after | main V8 heap committed (used): new · old · code+other · large objects | other threads' V8 heaps committed (used) | array buffers · external | malloc: main arena · thread arenas (n) | other anonymous (V8 pages, large malloc blocks) | file pages | anon huge pages |",
  '|---|---:|---|---|---|---|---:|---:|---:|',
];
const details: string[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  for (const variant of variants) {
    log(`${variant.name}: round ${round + 1}…`);
    const run = await measure(variant, round);
    const d = JSON.parse(await readFile(run.file, 'utf8')) as Diagnostics;
    await rm(run.file, { force: true });
    const kind = (name: string) => {
      const s = d.requests[name];
      return s ? `${f1(s.p50)} / ${f1(s.p99)} / ${f1(s.max)}` : '–';
    };
    const gc = (name: string) => {
      const s = d.gc[name];
      return s ? `${s.n}, ${f1(s.sum)}, ${f1(s.max)}` : '0';
    };
    const { eventLoopDelay: loop, memory } = d;
    const line = `| ${variant.name} | ${run.loadAverage.toFixed(1)} | ${run.cpu.server.toFixed(2)}, ${run.cpu.client.toFixed(2)} | ${run.figures.requestsPerSecond.toFixed(0)} | ${run.figures.p50.toFixed(0)} / ${run.figures.p99.toFixed(0)} | ${kind('search keyword')} · ${kind('search hybrid')} · ${kind('document')} · ${kind('paragraph')} | ${f1(loop.p50)} / ${f1(loop.p99)} / ${f1(loop.max)} | ${gc('scavenge')} · ${gc('mark-compact')} | ${mb(run.rssWarm)} → ${mb(run.rssAfter)} → ${mb(run.rssIdle)} | ${mb(memory.heapUsed)}, ${mb(memory.external)}, ${mb(memory.arrayBuffers)} |`;
    lines.push(line);
    log(line);
    for (const [i, [when, m]] of (
      [
        ['serving', run.startMemory],
        ['warm', run.warmMemory],
        ['after', run.afterMemory],
      ] as const
    ).entries()) {
      memoryRows.push(
        memoryRow(`${variant.name}, ${when}`, m.rss, d.memoryReadings?.[i], m.smaps, m.threads),
      );
      log(memoryRows.at(-1) ?? '');
    }
    for (const name of await readdir(tmpdir())) {
      if (name.startsWith(`${run.file.slice(tmpdir().length + 1)}.thread-`))
        await rm(join(tmpdir(), name), { force: true });
    }
    const hybrid = d.phases?.['search hybrid, computed'] ?? {};
    const pq = (name: string, digits = 1) => {
      const q = hybrid[name];
      return q ? `${q.p50.toFixed(digits)} / ${q.p99.toFixed(digits)}` : '–';
    };
    const p99 = (name: string) => (hybrid[name] ? f1((hybrid[name] as Summary).p99) : '–');
    const semantic = d.pools?.find((pool) => pool.name.includes('semantic'));
    const poolCells = semantic
      ? [
          `${semantic.tasks}, ${semantic.ahead.p50} / ${semantic.ahead.p99} / ${semantic.ahead.max}`,
          semantic.waitMs ? `${f1(semantic.waitMs.p50)} / ${f1(semantic.waitMs.p99)}` : '–',
          semantic.runMs ? `${f1(semantic.runMs.p50)} / ${f1(semantic.runMs.p99)}` : '–',
        ]
      : ['–', '–', '–'];
    const snippetsFacets = (hybrid.snippets?.p99 ?? 0) + (hybrid.facets?.p99 ?? 0);
    const breakdownLine = `| ${variant.name} | ${((d.mainThreadUtilization ?? 0) * 100).toFixed(0)} % | ${hybrid['in server']?.n ?? 0}, ${pq('in server')} | ${pq('semantic')} | ${pq('keyword')} | ${pq('fuse')} | ${f1(snippetsFacets)} | ${p99('serialize')} | ${p99('unaccounted')} | ${poolCells.join(' | ')} |`;
    breakdown.push(breakdownLine);
    log(breakdownLine);
    details.push(
      `${variant.name}, round ${round + 1}: cache ${JSON.stringify(run.cache)}; bytes sent by kind ${JSON.stringify(Object.fromEntries(Object.entries(d.requests).map(([k, s]) => [k, `${s.n} requests, ${((s.bytes ?? 0) / (s.n || 1) / 1024).toFixed(1)} kB each`])))}; slowest: ${d.slowest
        .slice(0, 8)
        .map(
          (s) =>
            `${f1(s.ms)} ms ${s.kind} ${(s.bytes / 1024).toFixed(0)} kB ${decodeURIComponent(s.url).slice(0, 60)}`,
        )
        .join('; ')}`,
    );
    details.push(
      `${variant.name}, round ${round + 1}: slowest computed searches: ${(d.slowestComputed ?? [])
        .slice(0, 8)
        .map(
          (s) =>
            `${f1(s.ms)} ms ${s.kind} ${decodeURIComponent(s.url).slice(0, 50)} [${Object.entries(s.phases)
              .map(([phase, ms]) => `${phase} ${f1(ms)}`)
              .join(', ')}]`,
        )
        .join('; ')}`,
    );
  }
}
process.stdout.write(`${[...lines, '', ...breakdown, '', ...memoryRows, '', ...details].join('\n')}\n`);

/** One row of the memory table: where the RSS right after the load is, by owner and by mapping. */
function memoryRow(
  name: string,
  rss: number,
  after: MemoryReading | undefined,
  smaps: SmapsClasses,
  threads: HeapReading[],
): string {
  const space = (names: string[], what: 'size' | 'used') =>
    names.reduce((sum, n) => sum + (after?.heap.spaces[n]?.[what] ?? 0), 0);
  const pair = (names: string[]) => `${mb(space(names, 'size'))} (${mb(space(names, 'used'))})`;
  const spaces = Object.keys(after?.heap.spaces ?? {});
  const other = spaces.filter(
    (n) => !['new_space', 'old_space', 'large_object_space', 'new_large_object_space'].includes(n),
  );
  const heaps = after
    ? `${mb(after.heap.committed)} (${mb(after.heap.used)}): ${pair(['new_space'])} · ${pair(['old_space'])} · ${pair(other)} · ${pair(['large_object_space', 'new_large_object_space'])}`
    : '–';
  const others = threads.length ? threads.map((t) => `${mb(t.committed)} (${mb(t.used)})`).join(' + ') : '–';
  const buffers = after ? `${mb(after.usage.arrayBuffers)} · ${mb(after.usage.external)}` : '–';
  return `| ${name} | ${mb(rss)} | ${heaps} | ${others} | ${buffers} | ${mb(smaps.mainArena)} · ${mb(smaps.threadArenas)} (${smaps.threadArenaCount}) | ${mb(smaps.otherAnonymous + smaps.stacks)} | ${mb(smaps.file)} | ${mb(smaps.anonHugePages)} |`;
}
