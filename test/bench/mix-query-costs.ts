/**
 * What each request of the one-screen mix costs in process, alone: the load test's own query pool
 * (`requestPools`' sample over the same 80 documents), each search timed phase by phase (keyword and
 * hybrid, no result cache) and each document answer made and serialized; then the distribution and
 * the slowest. Tells which requests can hold the event loop long enough to set the load test's p99.
 *
 *   [KEYWORD_THREADS=1] node --import tsx test/bench/mix-query-costs.ts INDEX_DIR [--top 15] [--users]
 *
 * `--users`: the users workload's larger pool (`USERS_POOL_SIZE`: 400 documents, ≈ 3,000 queries).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearchTiming } from '../../src/search/search-timing.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';
import { USERS_POOL_SIZE } from './load-server.ts';
import { poolSample } from './queries.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '15' }, users: { type: 'boolean', default: false } },
});
// KEYWORD_THREADS=N: keyword halves in N search threads (their time then is the wait for them).
const index = await openIndex(
  resolve(positionals[0] ?? 'index-data'),
  {},
  {
    keywordThreads: Number(process.env.KEYWORD_THREADS ?? 0),
  },
);
await index.keywordThreads?.started;
const searcher = createSearcher(index, { resultCache: false });
const top = Number(values.top);

// The same documents and queries as test/bench/load-server.ts's requestPools.
const size = values.users ? USERS_POOL_SIZE : { documents: 80 };
const { documents: picked, queries } = poolSample(searcher, size);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const describe = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return `n ${sorted.length}, p50 ${quantile(sorted, 0.5).toFixed(2)}, p90 ${quantile(sorted, 0.9).toFixed(2)}, p99 ${quantile(sorted, 0.99).toFixed(2)}, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms; sum ${sum.toFixed(0)} ms`;
};

for (const mode of ['keyword', 'hybrid'] as SearchMode[]) {
  // Once to warm, once measured.
  for (const query of queries) await searcher.search({ query, mode, limit: 20, offset: 0, filters: {} });
  const rows: { query: string; ms: number; phases: string; total: number }[] = [];
  const phaseSums = new Map<string, number>();
  for (const query of queries) {
    const timing = createSearchTiming();
    const started = performance.now();
    const answer = await searcher.search({ query, mode, limit: 20, offset: 0, filters: {} }, timing);
    const ms = performance.now() - started;
    const phases = [...timing.phases].map(([phase, t]) => `${phase} ${t.toFixed(1)}`).join(', ');
    for (const [phase, t] of timing.phases) phaseSums.set(phase, (phaseSums.get(phase) ?? 0) + t);
    rows.push({ query, ms, phases, total: answer.total });
  }
  console.log(`\n${mode}: ${describe(rows.map((r) => r.ms))}`);
  // Where the time goes, summed over the pool (a hybrid's `semantic` is the wait for the worker).
  console.log(
    `  phases summed: ${[...phaseSums].map(([phase, t]) => `${phase} ${t.toFixed(0)}`).join(', ')} ms`,
  );
  for (const row of rows.sort((a, b) => b.ms - a.ms).slice(0, top))
    console.log(`  ${row.ms.toFixed(1)} ms  ${row.query} (total ${row.total}): ${row.phases}`);
}

const docRows: { title: string; ms: number; paragraphs: number; kB: number }[] = [];
for (let pass = 0; pass < 2; pass++) {
  docRows.length = 0;
  for (const doc of picked) {
    const started = performance.now();
    const body = JSON.stringify(searcher.document(doc.id));
    docRows.push({
      title: doc.title,
      ms: performance.now() - started,
      paragraphs: doc.paragraphCount,
      kB: Buffer.byteLength(body) / 1024,
    });
  }
}
console.log(`\ndocument (answer made + JSON.stringify): ${describe(docRows.map((r) => r.ms))}`);
for (const row of docRows.sort((a, b) => b.ms - a.ms).slice(0, 5))
  console.log(
    `  ${row.ms.toFixed(1)} ms  ${row.title} (${row.paragraphs} paragraphs, ${row.kB.toFixed(0)} kB)`,
  );
await index.close?.();
process.exit(0);
