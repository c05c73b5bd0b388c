/**
 * BENCHMARKS.md is written by two tools (`npm run bench`, `npm run loadtest`); each owns the block
 * between its own markers and leaves the rest of the file alone.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';

/** The repository's BENCHMARKS.md. */
export const BENCHMARKS_PATH = resolve(import.meta.dirname, '../../BENCHMARKS.md');

const HEADER = `# Benchmarks

Figures below are written by the tools named in each section, from one run each. Reproduce them with
the command shown; the laws corpus is read from \`../shared/corpus/laws\` (override with \`LAWS_DIR\`).
`;

/**
 * One line naming the date, the machine and how busy it was (the 1-minute load average: on a shared
 * machine a load above the core count means every figure is inflated).
 */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} cores (${cpu}) · ${Math.round(totalmem() / 1024 ** 3)} GB RAM · Node ${process.version} · load average ${load} at the end`;
}

/** Replaces (or appends) the block between `<!-- name:start -->` and `<!-- name:end -->`. */
export async function writeSection(name: string, body: string): Promise<void> {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const current = existsSync(BENCHMARKS_PATH) ? await readFile(BENCHMARKS_PATH, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(BENCHMARKS_PATH, next);
}

/** Samples the 1-minute load average every few seconds; the returned function stops and gives the mean. */
export function sampleLoadAverage(everyMs = 5_000): () => number {
  const samples: number[] = [loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    return samples.reduce((a, b) => a + b, 0) / samples.length;
  };
}
