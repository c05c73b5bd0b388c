/**
 * The first `/api/compare` after a server starts, at laws scale, for one or more checkouts side by
 * side: for each pair (the 2021↔2023 guidelines and the largest law series, as
 * `lineage-latency.ts` picks them) and each `--root`, a fresh server (`src/server/main.ts` of that
 * checkout) is started over `--index`, asked `/api/health` until its semantic half is loaded (so
 * the client's own first request is not timed, nor the start-up), then the pair's comparison (cold: no lineage code has run, no unit cut) and the same
 * comparison `--rounds` times more (warm). Roots alternate inside each start, so a busy moment of
 * the shared machine falls on both. Beside each wall time, the CPU time the server's main thread
 * spent on the request (from /proc/<pid>/task/<pid>/schedstat, Linux): on a loaded machine the wall
 * time also counts waiting for a core, the CPU time does not; and the answer's own `tookMs` (the
 * comparison inside the handler, without the HTTP and JSON around it).
 *   npx tsx test/bench/lineage-cold-start.ts --index /work/idx/binary-laws \
 *     --root before=/path/to/old/checkout --root after=. [--starts 3] [--rounds 30] [--laws 3]
 * `--cross from:to` (repeatable) adds a pair of two documents by id — two of different series, which
 * the build does not align, are compared on request; `--laws 0 --no-seeds` leaves only those.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { groupSeries } from '../../src/lineage/series.ts';
import type { DocumentMeta } from '../../src/types.ts';
import { freePort } from '../helpers/server-process.ts';
import { getJson, startServer } from './load-server.ts';
import { summarizeLatency } from './stats.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string', default: '/work/idx/binary-laws' },
    root: { type: 'string', multiple: true, default: ['current=.'] },
    starts: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '30' },
    laws: { type: 'string', default: '3' },
    cross: { type: 'string', multiple: true, default: [] },
    'no-seeds': { type: 'boolean', default: false },
    /** Quiet time after the server says it is serving, before the first request (ms). */
    settle: { type: 'string', default: '1000' },
  },
});
const roots = (values.root ?? []).map((spec) => {
  const [name, dir] = spec.includes('=') ? spec.split('=', 2) : [spec, spec];
  return { name: name as string, dir: path.resolve(dir as string) };
});
const rounds = Number(values.rounds);
const indexDir = path.resolve(values.index);

async function serve(root: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = await startServer(port, { root, indexDir });
  await new Promise((settled) => setTimeout(settled, Number(values.settle)));
  const base = `http://127.0.0.1:${port}`;
  // A server that listens before its semantic half is loaded says so in health: the comparison (which
  // reads paragraph similarities) is timed once the server is whole, as one that listens only then is.
  while ((await getJson<{ semantic?: string }>(base, '/api/health')).semantic === 'loading') {
    await new Promise((settled) => setTimeout(settled, 50));
  }
  return { child, base };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** CPU time of a process's main thread so far, ms. */
function mainThreadCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

async function timed(
  base: string,
  path: string,
  pid: number,
): Promise<{ ms: number; cpuMs: number; tookMs: number; links: number }> {
  const cpu = mainThreadCpuMs(pid);
  const started = performance.now();
  const body = await getJson<{ links: unknown[]; tookMs: number }>(base, path);
  return {
    ms: performance.now() - started,
    cpuMs: mainThreadCpuMs(pid) - cpu,
    tookMs: body.tookMs,
    links: body.links.length,
  };
}

/** The pairs, from the documents the first root's server lists. */
async function pickPairs(): Promise<{ label: string; path: string; paragraphs: number }[]> {
  const { child, base } = await serve((roots[0] as { dir: string }).dir);
  const { documents } = await getJson<{ documents: DocumentMeta[] }>(base, '/api/documents');
  await stop(child);
  const pairs: { label: string; path: string; paragraphs: number }[] = [];
  const bySource = (source: string) => documents.find((doc) => doc.source.endsWith(source));
  const guideline2021 = bySource('000_2b34ef53993d7fe3.txt');
  const guideline2023 = bySource('002_ca027c0f700d14af.txt');
  if (guideline2021 && guideline2023 && !values['no-seeds'])
    pairs.push({
      label: 'seeds: guideline 2021 → 2023',
      path: `/api/compare?from=${guideline2021.id}&to=${guideline2023.id}`,
      paragraphs: guideline2021.paragraphCount + guideline2023.paragraphCount,
    });
  const lawPairs = [...groupSeries(documents).values()]
    .filter((group) => group.length >= 2)
    .map((group) => [...group].sort((x, y) => y.paragraphCount - x.paragraphCount))
    .map(([a, b]) => ({ a: a as DocumentMeta, b: b as DocumentMeta }))
    .sort((x, y) => y.a.paragraphCount + y.b.paragraphCount - x.a.paragraphCount - x.b.paragraphCount)
    .slice(0, Number(values.laws));
  for (const { a, b } of lawPairs)
    pairs.push({
      label: `laws: ${a.title}`,
      path: `/api/compare?from=${b.id}&to=${a.id}`,
      paragraphs: a.paragraphCount + b.paragraphCount,
    });
  const byId = new Map(documents.map((document) => [document.id, document]));
  for (const spec of values.cross ?? []) {
    const [from, to] = spec.split(':').map((id) => byId.get(id));
    if (!from || !to) throw new Error(`--cross ${spec}: no such documents`);
    pairs.push({
      label: `cross: ${from.title.slice(0, 12)} → ${to.title.slice(0, 12)}`,
      path: `/api/compare?from=${from.id}&to=${to.id}`,
      paragraphs: from.paragraphCount + to.paragraphCount,
    });
  }
  return pairs;
}

const pairs = await pickPairs();
const cold = new Map<string, number[]>();
const coldCpu = new Map<string, number[]>();
const coldTook = new Map<string, number[]>();
const warm = new Map<string, number[]>();
const links = new Map<string, number>();
const keyOf = (pair: string, root: string) => `${pair}\u0000${root}`;
for (let start = 0; start < Number(values.starts); start++) {
  for (const pair of pairs) {
    const order = start % 2 === 0 ? roots : [...roots].reverse();
    for (const root of order) {
      const { child, base } = await serve(root.dir);
      try {
        const pid = child.pid as number;
        const first = await timed(base, pair.path, pid);
        const key = keyOf(pair.label, root.name);
        cold.set(key, [...(cold.get(key) ?? []), first.ms]);
        coldCpu.set(key, [...(coldCpu.get(key) ?? []), first.cpuMs]);
        coldTook.set(key, [...(coldTook.get(key) ?? []), first.tookMs]);
        links.set(key, first.links);
        const sample = warm.get(key) ?? [];
        for (let round = 0; round < rounds; round++) sample.push((await timed(base, pair.path, pid)).ms);
        warm.set(key, sample);
        console.error(
          `start ${start + 1}, ${root.name}, ${pair.label}: cold ${first.ms.toFixed(1)} ms (main thread CPU ${first.cpuMs.toFixed(1)} ms, tookMs ${first.tookMs})`,
        );
      } finally {
        await stop(child);
      }
    }
  }
}

const fmt = (ms: number) => ms.toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
console.log(
  `| pair | paragraphs | checkout | links | first request after start: each start | median | max | its server CPU, median | its tookMs, median | warm p50 | warm p99 |`,
);
console.log('|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|');
for (const pair of pairs)
  for (const root of roots) {
    const key = keyOf(pair.label, root.name);
    const colds = cold.get(key) ?? [];
    const cpus = coldCpu.get(key) ?? [];
    const tooks = coldTook.get(key) ?? [];
    const summary = summarizeLatency(warm.get(key) ?? []);
    console.log(
      `| ${pair.label} | ${pair.paragraphs} | ${root.name} | ${links.get(key)} | ${colds.map(fmt).join(' / ')} ms | ${fmt(median(colds))} ms | ${fmt(Math.max(...colds))} ms | ${fmt(median(cpus))} ms | ${fmt(median(tooks))} ms | ${fmt(summary.p50)} ms | ${fmt(summary.p99)} ms |`,
    );
  }
