/**
 * Before/after latency in one process: two source trees searched alternately, query by query, over
 * one index (the same load for both), wall and CPU p50/p95/p99 per mode and the slowest queries;
 * and whether both answered every query with the same hits and scores (`answers identical`).
 *
 *   BEFORE=/tmp/base AFTER=. npx tsx test/bench/latency-ab.ts INDEX_DIR QUERIES.json [rounds] [modes]
 *
 * BEFORE and AFTER are source trees (a checkout of the old code, with node_modules, and this one).
 * BEFORE_INDEX / AFTER_INDEX give each side an index of its own (the same corpus built in another
 * index format); both default to INDEX_DIR.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Searcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';

const [indexDir = 'index-data', queriesFile = '', rounds = '3', modes = 'keyword,semantic,hybrid'] =
  process.argv.slice(2);
const queries: string[] = JSON.parse(readFileSync(queriesFile, 'utf8'));
const TOP = Number(process.env.TOP ?? 12);

interface Side {
  name: string;
  searcher: Searcher;
  wall: number[];
  cpu: number[];
  perQuery: Map<string, number[]>;
}

async function open(name: string, root: string, index: string): Promise<Side> {
  const { openIndex } = await import(resolve(root, 'src/persist/open-index.ts'));
  const { createSearcher } = await import(resolve(root, 'src/search/searcher.ts'));
  return {
    name,
    searcher: createSearcher(await openIndex(index), { resultCache: false }),
    wall: [],
    cpu: [],
    perQuery: new Map(),
  };
}

const percentile = (times: number[], share: number) =>
  [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(share * times.length))] ?? 0;
const triple = (times: number[]) =>
  [0.5, 0.95, 0.99].map((share) => percentile(times, share).toFixed(2)).join(' / ');

const before = await open('before', process.env.BEFORE ?? '.', process.env.BEFORE_INDEX ?? indexDir);
const after = await open('after ', process.env.AFTER ?? '.', process.env.AFTER_INDEX ?? indexDir);
/** A search's answer as compared between the sides: its total and each hit's id and score. */
const answerOf = (response: Awaited<ReturnType<Searcher['search']>> | null) =>
  JSON.stringify(response && [response.total, response.hits.map((hit) => [hit.id, hit.score])]);
for (const mode of modes.split(',') as SearchMode[]) {
  for (const side of [before, after]) Object.assign(side, { wall: [], cpu: [], perQuery: new Map() });
  const run = (side: Side, query: string) =>
    side.searcher.search({ query, mode, limit: 20, offset: 0, filters: {} }).catch(() => null);
  let identical = 0;
  for (const query of queries) {
    const [answerBefore, answerAfter] = [
      answerOf(await run(before, query)),
      answerOf(await run(after, query)),
    ];
    if (answerBefore === answerAfter) identical++;
    else console.log(`   answers differ: ${mode} ${query}`);
  }
  console.log(`${mode} answers identical: ${identical}/${queries.length}`);
  for (let round = 0; round < Number(rounds); round++)
    // Alternate who goes first, so neither side always runs right after the other's garbage.
    for (const query of queries)
      for (const side of round % 2 ? [after, before] : [before, after]) {
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        await run(side, query);
        side.wall.push(performance.now() - started);
        const used = process.cpuUsage(cpuStart);
        const cpu = (used.user + used.system) / 1000;
        side.cpu.push(cpu);
        side.perQuery.set(query, [...(side.perQuery.get(query) ?? []), cpu]);
      }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  for (const side of [before, after])
    console.log(
      `${mode} ${side.name} n=${side.wall.length} wall p50/p95/p99 ${triple(side.wall)} | cpu ${triple(side.cpu)} | load ${load}`,
    );
  const median = (side: Side, query: string) => percentile(side.perQuery.get(query) ?? [], 0.5);
  const slowest = queries
    .map((query) => ({ query, before: median(before, query), after: median(after, query) }))
    .sort((x, y) => Math.max(y.before, y.after) - Math.max(x.before, x.after));
  for (const row of slowest.slice(0, TOP))
    console.log(`   ${row.query}\tcpu before ${row.before.toFixed(2)} after ${row.after.toFixed(2)}`);
}
process.exit(0);
