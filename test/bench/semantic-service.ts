/**
 * What one semantic task costs, and how fast the semantic worker gets through a queue of them: the
 * users workload's queries (`USERS_POOL_SIZE`, as mix-query-costs.ts draws them), each
 *
 * - in this thread (`semanticIn: 'thread'`): the query embedding and the graph walk timed apart,
 *   the service time a task costs the worker's CPU;
 * - in the semantic worker, one at a time: the round trip on an idle main thread;
 * - in the semantic worker, all asked at once: the wall time per task when they queue, i.e. the
 *   worker's throughput, and the same while this thread is busy between events (`--busy MS` of
 *   synchronous work per event loop turn), as a loaded server's is.
 *
 *   node --import tsx test/bench/semantic-service.ts INDEX_DIR [--busy 20] [--limit 3000]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SEARCH } from '../../src/config.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { searchVectors } from '../../src/vector/vector-index.ts';
import { USERS_POOL_SIZE } from './load-server.ts';
import { poolSample } from './queries.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { busy: { type: 'string', default: '20' }, limit: { type: 'string', default: '3000' } },
});
const indexDir = resolve(positionals[0] ?? 'index-data');
const busyMs = Number(values.busy);
const k = SEARCH.semanticResults;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const describe = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return `n ${sorted.length}, mean ${(sum / Math.max(1, sorted.length)).toFixed(2)}, p50 ${quantile(sorted, 0.5).toFixed(2)}, p90 ${quantile(sorted, 0.9).toFixed(2)}, p99 ${quantile(sorted, 0.99).toFixed(2)}, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms`;
};

// In this thread: the service time, embedding and graph walk apart.
const local = await openIndex(indexDir, {}, { semanticIn: 'thread' });
const searcher = createSearcher(local, { resultCache: false });
const queries = poolSample(searcher, USERS_POOL_SIZE).queries.slice(0, Number(values.limit));
const semantic = local.semantic?.local;
if (!semantic) throw new Error('the index has no semantic half');
const embed: number[] = [];
const walk: number[] = [];
for (let pass = 0; pass < 2; pass++) {
  embed.length = 0;
  walk.length = 0;
  for (const query of queries) {
    const started = performance.now();
    const vector = await semantic.embedder.embedQuery(query);
    const embedded = performance.now();
    searchVectors(semantic.vectors, vector, k);
    walk.push(performance.now() - embedded);
    embed.push(embedded - started);
  }
}
console.log(`in this thread, ${queries.length} queries, k ${k}:`);
console.log(`  embedding:  ${describe(embed)}`);
console.log(`  graph walk: ${describe(walk)}`);
console.log(`  both:       ${describe(embed.map((ms, i) => ms + (walk[i] as number)))}`);
await local.close();

// In the worker.
const opened = await openIndex(indexDir);
const neighbours = opened.semantic?.neighbours;
if (!neighbours) throw new Error('the index has no semantic half');
for (const query of queries.slice(0, 200)) await neighbours.nearestToText(query, k);
const roundTrips: number[] = [];
for (const query of queries) {
  const started = performance.now();
  await neighbours.nearestToText(query, k);
  roundTrips.push(performance.now() - started);
}
console.log(`in the worker, one at a time: ${describe(roundTrips)}`);

const burst = async (busy: number) => {
  const started = performance.now();
  let stop = false;
  // Synchronous work of `busy` ms per event loop turn, as a loaded server's main thread does.
  const spin = () => {
    if (stop || busy <= 0) return;
    const until = performance.now() + busy;
    while (performance.now() < until) {}
    setImmediate(spin);
  };
  setImmediate(spin);
  await Promise.all(queries.map((query) => neighbours.nearestToText(query, k)));
  stop = true;
  return (performance.now() - started) / queries.length;
};
console.log(`in the worker, all ${queries.length} asked at once: ${(await burst(0)).toFixed(2)} ms per task`);
console.log(
  `  the same while this thread is busy ${busyMs} ms per event loop turn: ${(await burst(busyMs)).toFixed(2)} ms per task`,
);
await opened.close();
process.exit(0);
