/**
 * What serializing a one-screen search answer costs, fresh and from the result cache: the bench's
 * fixed queries (keyword mode, 20 hits) searched with the cache on, each answer serialized by
 * `JSON.stringify` + `Buffer.from` (what the routes did) and by `jsonBody` (what they do), and the
 * same for the cached answer a repeated search returns. Interleaved per query, several passes.
 *
 *   node --import tsx test/bench/answer-serialize.ts INDEX_DIR [passes]
 */
import path from 'node:path';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { jsonBody } from '../../src/server/json-body.ts';
import type { SearchResponse } from '../../src/types.ts';
import { sampleQueries } from './queries.ts';
import { summarizeLatency } from './stats.ts';

const indexDir = path.resolve(process.argv[2] ?? process.env.INDEX_DIR ?? 'index-data');
const passes = Number(process.argv[3] ?? 5);
const index = await openIndex(indexDir, {}, { semanticIn: 'thread' });
const searcher = createSearcher(index);
const queries = sampleQueries(index.corpus).map(({ query }) => query);
const search = (query: string) =>
  searcher.search({ query, mode: 'keyword', limit: 20, offset: 0, filters: {} });

const samples: Record<'stringifyFresh' | 'jsonBodyFresh' | 'stringifyCached' | 'jsonBodyCached', number[]> = {
  stringifyFresh: [],
  jsonBodyFresh: [],
  stringifyCached: [],
  jsonBodyCached: [],
};
const time = (list: number[], work: () => Buffer) => {
  const started = performance.now();
  const bytes = work();
  list.push(performance.now() - started);
  return bytes;
};
for (let pass = 0; pass < passes + 1; pass++) {
  const keep = pass > 0;
  for (const query of queries) {
    // Two equal fresh answers (the cache is skipped by a private copy) and one cached answer.
    const fresh: SearchResponse = structuredClone(await search(query));
    const fresh2: SearchResponse = structuredClone(fresh);
    const cached = await search(query);
    const a = time(keep ? samples.stringifyFresh : [], () => Buffer.from(JSON.stringify(fresh)));
    const b = time(keep ? samples.jsonBodyFresh : [], () => jsonBody(fresh2));
    const c = time(keep ? samples.stringifyCached : [], () => Buffer.from(JSON.stringify(cached)));
    const d = time(keep ? samples.jsonBodyCached : [], () => jsonBody(cached));
    if (!a.equals(b) || !c.equals(d)) throw new Error(`different bytes for ${query}`);
  }
}
const ms = (value: number) => `${value.toFixed(3)} ms`;
console.log(`${queries.length} queries × ${passes} passes, ${indexDir}; per answer, p50 / p99:`);
for (const [name, list] of Object.entries(samples)) {
  const s = summarizeLatency(list);
  console.log(`  ${name.padEnd(16)} ${ms(s.p50)} / ${ms(s.p99)}`);
}
await index.close();
