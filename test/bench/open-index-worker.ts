/**
 * How long `openIndex` takes with the semantic half in the worker (loaded beside the keyword half)
 * and in this thread (loaded after it), each in a fresh child process, alternating:
 *   npx tsx test/bench/open-index-worker.ts INDEX_DIR [--rounds 3]
 * Prints one JSON line per open and the medians.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { openIndex } from '../../src/persist/open-index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' }, child: { type: 'string' } },
});
const indexDir = positionals[0] ?? 'index-data';

if (values.child) {
  const semanticIn = values.child as 'worker' | 'thread';
  const started = performance.now();
  const index = await openIndex(indexDir, {}, { semanticIn });
  const openMs = performance.now() - started;
  const asked = performance.now();
  await index.semantic?.neighbours.nearestToText('知识产权质押融资', 10);
  const firstQueryMs = performance.now() - asked;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  console.log(
    JSON.stringify({
      semanticIn,
      openMs: Math.round(openMs),
      firstQueryMs: Math.round(firstQueryMs * 10) / 10,
      rssMb: Math.round(rssMb),
    }),
  );
  await index.close();
} else {
  const runs: Record<string, number[]> = { worker: [], thread: [] };
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const mode of ['thread', 'worker']) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', import.meta.filename, indexDir, '--child', mode],
        {
          encoding: 'utf8',
        },
      );
      const line = child.stdout.trim().split('\n').pop() ?? '';
      console.log(line || child.stderr);
      const parsed = JSON.parse(line) as { openMs: number };
      runs[mode]?.push(parsed.openMs);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    JSON.stringify({
      medianOpenMs: { thread: median(runs.thread ?? []), worker: median(runs.worker ?? []) },
    }),
  );
}
