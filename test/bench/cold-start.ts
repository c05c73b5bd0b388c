/**
 * Cold-start figures of one index (BENCHMARKS.md, "Opening the index"): starts `npm run serve` in
 * `--root` (a checkout: this one, or another branch's worktree for the before figure) over
 * `--index`, polls `/api/health` until it answers, and reports the milliseconds to the first
 * answer and the server's resident memory then; repeated `--runs` times (median reported).
 *
 *   npx tsx test/bench/cold-start.ts --index /work/idx/binary-laws [--root .] [--runs 3] [--port 3999]
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    index: { type: 'string' },
    root: { type: 'string', default: '.' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '3999' },
  },
});
if (!values.index) throw new Error('--index DIR is required');

/** Resident memory (MB) of every process below `pid`, the largest: tsx runs the server in a child node. */
function largestRssBelow(pid: number): number {
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
  let largest = 0;
  const visit = (id: number) => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
      largest = Math.max(largest, Number(match?.[1] ?? 0) / 1024);
    } catch {
      // Gone.
    }
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(pid);
  return largest;
}

async function oneRun(): Promise<{ readyMs: number; rssMb: number }> {
  const started = performance.now();
  const server = spawn('npm', ['run', 'serve'], {
    cwd: path.resolve(values.root as string),
    env: { ...process.env, INDEX_DIR: values.index, PORT: values.port, HOST: '127.0.0.1' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${values.port}/api/health`);
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      if (performance.now() - started > 120_000) throw new Error('the server did not answer in 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = performance.now() - started;
    // Let work deferred past the first answer settle before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return { readyMs, rssMb: largestRssBelow(server.pid as number) };
  } finally {
    process.kill(-(server.pid as number), 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const runs: { readyMs: number; rssMb: number }[] = [];
for (let i = 0; i < Number(values.runs); i++) runs.push(await oneRun());
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
console.log(
  JSON.stringify({
    index: values.index,
    root: path.resolve(values.root as string),
    readyMs: runs.map((run) => Math.round(run.readyMs)),
    medianReadyMs: Math.round(median(runs.map((run) => run.readyMs))),
    rssMb: runs.map((run) => Math.round(run.rssMb)),
    medianRssMb: Math.round(median(runs.map((run) => run.rssMb))),
  }),
);
