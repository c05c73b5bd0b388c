/**
 * What facets cost per search, in process: the users workload's queries (keyword mode, no cache) are
 * ranked once, then `computeFacets` of this checkout and of another (`--before ROOT`) count each
 * ranking's result set in turn, passes interleaved; every answer is checked equal between the two.
 *
 *   node --max-semi-space-size=16 --heap-growing-percent=25 --import tsx test/bench/facets-cost.ts INDEX_DIR --before ROOT [--passes 5]
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { openIndex } from '../../src/persist/open-index.ts';
import { computeFacets } from '../../src/search/facets.ts';
import { prepareQuery } from '../../src/search/prepare-query.ts';
import { rankParagraphs } from '../../src/search/rank-paragraphs.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { USERS_POOL_SIZE } from './load-server.ts';
import { poolSample } from './queries.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { before: { type: 'string' }, passes: { type: 'string', default: '5' } },
});
if (!values.before) throw new Error('usage: facets-cost.ts INDEX_DIR --before ROOT [--passes 5]');
const before = (await import(pathToFileURL(resolve(values.before, 'src/search/facets.ts')).href)) as {
  computeFacets: typeof computeFacets;
};
const index = await openIndex(resolve(positionals[0] ?? 'index-data'));
const searcher = createSearcher(index, { resultCache: false });
const view = index.keyword.view;
const { queries } = poolSample(searcher, USERS_POOL_SIZE);
const sets: Uint32Array[] = [];
for (const query of queries) {
  const ranking = await rankParagraphs({ index, view }, prepareQuery(query), 'keyword', {});
  sets.push(Uint32Array.from(ranking.seqs));
}
let differing = 0;
for (const seqs of sets)
  if (!isDeepStrictEqual(computeFacets(view, seqs), before.computeFacets(view, seqs))) differing++;
const sizes = sets.map((s) => s.length).sort((a, b) => a - b);
console.log(
  `${sets.length} result sets, size p50 ${sizes[sizes.length >> 1]}, max ${sizes.at(-1)}; ${differing} differing`,
);
const sides = { before: before.computeFacets, after: computeFacets };
const times: Record<string, number[]> = { before: [], after: [] };
for (let pass = 0; pass < Number(values.passes); pass++) {
  for (const [name, facets] of pass % 2 ? Object.entries(sides).reverse() : Object.entries(sides)) {
    const started = performance.now();
    for (const seqs of sets) facets(view, seqs);
    times[name]?.push(((performance.now() - started) * 1000) / sets.length);
  }
}
for (const [name, list] of Object.entries(times)) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `${name}: µs per search, median of ${list.length} passes ${sorted[sorted.length >> 1]?.toFixed(1)} (${list.map((t) => t.toFixed(0)).join(' / ')})`,
  );
}
await index.close?.();
process.exit(0);
