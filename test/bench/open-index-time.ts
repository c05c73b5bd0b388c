/**
 * Opening an index in process (BENCHMARKS.md, "Opening the index"): the time `openIndex` takes,
 * the process's resident memory after it, and the first and a repeated keyword search of a query.
 * Run it once per process (a fresh process is the cold start a CLI call pays):
 *
 *   npx tsx test/bench/open-index-time.ts /work/idx/binary-laws [query]
 */
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';

const [indexDir, query = '知识产权质押融资'] = process.argv.slice(2);
if (!indexDir) throw new Error('usage: open-index-time.ts INDEX_DIR [query]');
const started = performance.now();
const index = await openIndex(indexDir);
const openMs = performance.now() - started;
const searcher = createSearcher(index, { resultCache: false });
const request = { query, mode: 'keyword' as const, limit: 10, offset: 0, filters: {} };
let at = performance.now();
const first = await searcher.search(request);
const firstSearchMs = performance.now() - at;
at = performance.now();
await searcher.search(request);
const againMs = performance.now() - at;
const hybrid = { ...request, mode: 'hybrid' as const };
at = performance.now();
await searcher.search(hybrid);
const firstHybridMs = performance.now() - at;
console.log(
  JSON.stringify({
    indexDir,
    openMs: Math.round(openMs),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    externalMb: Math.round(process.memoryUsage().external / 2 ** 20),
    firstKeywordSearchMs: Number(firstSearchMs.toFixed(1)),
    repeatedKeywordSearchMs: Number(againMs.toFixed(2)),
    firstHybridSearchMs: Number(firstHybridMs.toFixed(1)),
    total: first.total,
  }),
);
await index.close();
