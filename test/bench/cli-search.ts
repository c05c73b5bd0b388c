/**
 * `npm run search` end to end (BENCHMARKS.md, "Opening the index"): spawns the CLI in each `--root`
 * (a checkout: this one, or a copy of an older commit for the before figure; roots and modes take
 * turns run by run, so a busy minute falls on all of them) over `--index` for one query in each
 * mode (`default` = no `--mode`: what a new user types), `--runs` times each, and
 * reports the wall-clock milliseconds from spawn to exit (medians), the CPU time the run took (user +
 * system of every process it started: a figure a busy machine disturbs less), and whether every run
 * printed the same hits as the first. `--index` once serves every root; given once per `--root`, in
 * the same order, each root opens its own (a checkout of another index format needs a build of its own).
 *
 *   npx tsx test/bench/cli-search.ts --index /work/idx/binary-laws [--root .] [--root /tmp/before] [--runs 5] [--query 知识产权质押融资]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { indexPerRoot } from './index-per-root.ts';

const { values } = parseArgs({
  options: {
    index: { type: 'string', multiple: true },
    root: { type: 'string', multiple: true, default: ['.'] },
    runs: { type: 'string', default: '5' },
    query: { type: 'string', default: '知识产权质押融资' },
    modes: { type: 'string', default: 'default,keyword,hybrid' },
  },
});
const roots = values.root as string[];
/** The index the checkout at `root` opens. */
const indexOf = indexPerRoot(values.index ?? [], roots);

/** CPU time (ms, user + system) of this process's waited-for children so far (Linux: 100 ticks a second). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** One CLI run: its wall time, its CPU time and the ids of the hits it printed. */
function runOnce(root: string, mode: string): Promise<{ ms: number; cpuMs: number; ids: string }> {
  const args = [
    'run',
    '--silent',
    'search',
    '--',
    values.query as string,
    '--json',
    '--index',
    indexOf(root),
  ];
  if (mode !== 'default') args.push('--mode', mode);
  const started = performance.now();
  const cpuBefore = childrenCpuMs();
  const child = spawn('npm', args, { cwd: path.resolve(root), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`the CLI exited ${code}: ${err}`));
      const response = JSON.parse(out) as { hits: { id: string }[] };
      resolve({ ms, cpuMs: childrenCpuMs() - cpuBefore, ids: response.hits.map((hit) => hit.id).join(',') });
    });
  });
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
const modes = (values.modes as string).split(',');
const runsOf = new Map<string, { ms: number; cpuMs: number; ids: string }[]>();
for (let i = 0; i < Number(values.runs); i++) {
  for (const mode of modes) {
    for (const root of roots) {
      const key = `${root}\t${mode}`;
      runsOf.set(key, [...(runsOf.get(key) ?? []), await runOnce(root, mode)]);
    }
  }
}
for (const root of roots) {
  const report: Record<string, unknown> = { index: indexOf(root), root: path.resolve(root) };
  for (const mode of modes) {
    const runs = runsOf.get(`${root}\t${mode}`) ?? [];
    report[mode] = {
      ms: runs.map((run) => Math.round(run.ms)),
      medianMs: Math.round(median(runs.map((run) => run.ms))),
      medianCpuMs: Math.round(median(runs.map((run) => run.cpuMs))),
      sameHitsEveryRun: runs.every((run) => run.ids === runs[0]?.ids),
      sameHitsAsFirstRoot: runs[0]?.ids === runsOf.get(`${roots[0]}\t${mode}`)?.[0]?.ids,
      hits: runs[0]?.ids.split(',').slice(0, 3),
    };
  }
  console.log(JSON.stringify(report));
}
