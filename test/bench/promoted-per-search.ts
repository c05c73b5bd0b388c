/**
 * How much of a search outlives it into V8's old generation: the searches of QUERIES.json (one
 * pass to warm up), then 200 of them, each followed by a turn of the event loop and two forced
 * scavenges; the old generation's growth over those 200, per search. What a search leaves there is
 * garbage only a full GC takes back: the more it leaves, the more often a loaded server runs one
 * (and the more its RSS grows between them). A control (an async function that makes twenty
 * hit-like objects) shows the method's own floor.
 *
 *   ROOT=<checkout> node --expose-gc --import tsx test/bench/promoted-per-search.ts INDEX_DIR QUERIES.json [keyword,semantic,hybrid]
 *
 * ROOT (default: this checkout) is the source tree whose `openIndex` and searcher run, so two trees
 * can be measured over one index in turn.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import type { Searcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';

const [indexDir = 'index-data', queriesFile = '', modes = 'keyword,semantic,hybrid'] = process.argv.slice(2);
const gc = (globalThis as { gc?: (options?: object) => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const queries: string[] = JSON.parse(readFileSync(queriesFile, 'utf8'));
const root = resolve(process.env.ROOT ?? resolve(import.meta.dirname, '../..'));
const { openIndex } = await import(resolve(root, 'src/persist/open-index.ts'));
const { createSearcher } = await import(resolve(root, 'src/search/searcher.ts'));
const searcher: Searcher = createSearcher(await openIndex(resolve(indexDir)), { resultCache: false });
// Past the deferred work of an opened index (the searched texts are decoded 1.5 s after opening).
await new Promise((done) => setTimeout(done, 3_000));

const MEASURED = 200;
const turn = () => new Promise((done) => setImmediate(done));
const oldGeneration = () =>
  getHeapSpaceStatistics()
    .filter(({ space_name }) => space_name !== 'new_space')
    .reduce((sum, space) => sum + space.space_used_size, 0);

/** Old-generation growth per call of `work`, in KB, each call followed by two scavenges. */
async function promotedPerCall(work: (i: number) => Promise<unknown>): Promise<number> {
  gc?.();
  gc?.();
  const before = oldGeneration();
  for (let i = 0; i < MEASURED; i++) {
    await work(i);
    await turn();
    gc?.({ type: 'minor', execution: 'sync' });
    gc?.({ type: 'minor', execution: 'sync' });
  }
  return (oldGeneration() - before) / MEASURED / 1024;
}

async function control(i: number): Promise<object[]> {
  await turn();
  return Array.from({ length: 20 }, (_, k) => ({
    id: `p${i}-${k}`,
    text: 'x'.repeat(200),
    highlights: [[0, 2]],
  }));
}
console.log(`control (20 hit-like objects): ${(await promotedPerCall(control)).toFixed(1)} KB a call`);
for (const mode of modes.split(',') as SearchMode[]) {
  const search = (query: string) =>
    searcher.search({ query, mode, limit: 20, offset: 0, filters: {} }).catch(() => null);
  for (const query of queries) await search(query);
  const kb = await promotedPerCall((i) => search(queries[i % queries.length] as string));
  console.log(`${mode}: ${kb.toFixed(1)} KB a search left in the old generation (${root})`);
}
process.exit(0);
