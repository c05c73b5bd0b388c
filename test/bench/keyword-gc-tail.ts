/**
 * Which keyword searches garbage collection lands in: every query of a list searched `passes` times
 * in keyword mode (after one warm-up pass), each search timed and matched against the GC pauses
 * `PerformanceObserver` reports, then p50/p95/p99 with and without the searches a pause overlapped,
 * the pauses by kind, and the slowest searches with the pause time inside each.
 *
 *   node --max-semi-space-size=32 --import tsx test/bench/keyword-gc-tail.ts INDEX_DIR [passes] [QUERIES.json]
 *
 * QUERIES.json is an array of query strings; without it, the bench's seeded sample of the corpus.
 *
 * Run it under different V8 heap flags to see what the young generation's size does to the tail.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { sampleQueries } from './queries.ts';
import { summarizeLatency } from './stats.ts';

const [indexDir = 'index-data', passes = '3', queriesFile] = process.argv.slice(2);
const index = await openIndex(indexDir);
const queries: string[] = queriesFile
  ? JSON.parse(readFileSync(queriesFile, 'utf8'))
  : sampleQueries(index.corpus).map((q) => q.query);
const searcher = createSearcher(index, { resultCache: false });
const search = (query: string) =>
  searcher.search({ query, mode: 'keyword', limit: 20, offset: 0, filters: {} });

/** GC kinds as perf_hooks numbers them. */
const KIND: Record<number, string> = {
  1: 'scavenge',
  2: 'minor mark-sweep',
  4: 'mark-sweep-compact',
  8: 'incremental marking',
  16: 'weak callbacks',
};
const pauses: { start: number; end: number; kind: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
    pauses.push({ start: entry.startTime, end: entry.startTime + entry.duration, kind });
  }
}).observe({ entryTypes: ['gc'] });

for (const query of queries) await search(query);
pauses.length = 0;
const searches: { query: string; start: number; end: number; gcMs: number }[] = [];
for (let pass = 0; pass < Number(passes); pass++) {
  for (const query of queries) {
    const start = performance.now();
    await search(query);
    searches.push({ query, start, end: performance.now(), gcMs: 0 });
  }
}
await new Promise((resolve) => setTimeout(resolve, 100)); // the observer reports after the fact
for (const s of searches) {
  for (const p of pauses)
    if (p.end > s.start && p.start < s.end) s.gcMs += Math.min(p.end, s.end) - Math.max(p.start, s.start);
}

const percentiles = (times: number[]) => {
  const { p50, p95, p99 } = summarizeLatency(times);
  return [p50, p95, p99].map((value) => value.toFixed(2)).join(' / ');
};
const ms = (s: { start: number; end: number }) => s.end - s.start;
const clean = searches.filter((s) => s.gcMs === 0);
const byKind = new Map<string, number>();
for (const p of pauses)
  byKind.set(KIND[p.kind] ?? String(p.kind), (byKind.get(KIND[p.kind] ?? String(p.kind)) ?? 0) + 1);
console.log(`${searches.length} searches, p50 / p95 / p99 ${percentiles(searches.map(ms))} ms`);
console.log(`${clean.length} with no GC pause inside: ${percentiles(clean.map(ms))} ms`);
console.log(
  `pauses: ${[...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ')}; ${pauses.reduce((t, p) => t + p.end - p.start, 0).toFixed(0)} ms in all`,
);
for (const s of [...searches].sort((a, b) => ms(b) - ms(a)).slice(0, 15))
  console.log(`${ms(s).toFixed(2)} ms (GC ${s.gcMs.toFixed(2)} ms) ${s.query}`);
process.exit(0);
