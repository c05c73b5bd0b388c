/**
 * Time to add one document to a built index, and to take it out again, through the real CLI:
 * `npx tsx test/bench/incremental-add.ts INDEX_DIR INPUT_DIR FILE`. Runs, one after the other, a
 * plain rebuild with nothing changed (the stat-only check), `--add FILE`, `--remove` of it, and the
 * plain rebuild again; prints each run's wall time, peak RSS (GNU time) and the indexer's own phase
 * clock, as a Markdown table for BENCHMARKS.md. FILE must lie outside INPUT_DIR (it is copied in by
 * `--add` and deleted again at the end).
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const [indexDir, inputDir, file] = process.argv.slice(2).map((arg) => path.resolve(arg));
if (!indexDir || !inputDir || !file) {
  console.error('Usage: npx tsx test/bench/incremental-add.ts INDEX_DIR INPUT_DIR FILE');
  process.exit(2);
}

interface Run {
  label: string;
  seconds: number;
  peakRssMb: number;
  phases: string[];
  summary: string;
}

function runIndexer(label: string, args: string[]): Promise<Run> {
  const started = performance.now();
  const child = spawn(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      '--import',
      'tsx',
      'indexer/main.ts',
      '--input',
      inputDir as string,
      '--out',
      indexDir as string,
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${label} failed:\n${stderr}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/u.exec(stderr)?.[1];
      resolve({
        label,
        seconds: (performance.now() - started) / 1000,
        peakRssMb: rss ? Number(rss) / 1024 : Number.NaN,
        phases: stderr
          .split('\n')
          .filter((line) => /^• \[\s*\d+\.\d s\]/u.test(line))
          .map((line) => line.trim()),
        summary: stderr
          .split('\n')
          .filter((line) => /^(Index built| {2}incremental|Nothing changed)/u.test(line))
          .join(' / '),
      });
    });
    child.on('error', reject);
  });
}

const source = path.basename(file);
const runs = [
  await runIndexer('nothing changed (plain `npm run index`)', []),
  await runIndexer(`\`--add\` one document`, ['--add', file]),
  await runIndexer(`\`--remove\` it`, ['--remove', source]),
];
await rm(path.join(inputDir, source), { force: true });
runs.push(await runIndexer('plain rebuild after the file is deleted', []));

console.log('| run | wall s | peak RSS MB | phases (indexer clock) |');
console.log('|---|---|---|---|');
for (const run of runs) {
  console.log(
    `| ${run.label} | ${run.seconds.toFixed(1)} | ${run.peakRssMb.toFixed(0)} | ${run.phases.join('; ')} |`,
  );
}
for (const run of runs) console.log(`\n${run.label}: ${run.summary}`);
