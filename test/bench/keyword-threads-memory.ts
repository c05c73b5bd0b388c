/**
 * What keyword search threads cost in memory at laws scale: opens the index with 0 and with N threads
 * (one process per run), runs the load tests' sampled queries in keyword and hybrid mode, and
 * reports the process's RSS, this thread's heap and the external memory (the shared buffers among it).
 *
 *   node --max-semi-space-size=16 --heap-growing-percent=25 --import tsx test/bench/keyword-threads-memory.ts INDEX_DIR [threads]
 */
import { resolve } from 'node:path';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { Corpus } from '../../src/types.ts';
import { sampleQueries } from './queries.ts';

const [indexDir = 'index-data', threadArg = '1'] = process.argv.slice(2);
const threads = Number(threadArg);
const index = await openIndex(resolve(indexDir), {}, { keywordThreads: threads });
await index.keywordThreads?.started;
const searcher = createSearcher(index, { resultCache: false });
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
// The load tests' queries: the sampler over 80 documents (test/bench/mix-query-costs.ts does the same).
const documents = searcher.documents();
const step = Math.max(1, Math.floor(documents.length / 80));
const picked = documents.filter((_, i) => i % step === 0).slice(0, 80);
const corpus: Corpus = { documents: picked, paragraphs: [] };
for (const doc of picked) {
  for (const p of searcher.document(doc.id)?.paragraphs ?? [])
    corpus.paragraphs.push({ ...p, docId: doc.id } as never);
}
const queries = sampleQueries(corpus).map((sampled) => sampled.query);
for (const mode of ['keyword', 'hybrid'] as const) {
  for (const query of queries) {
    await searcher.search({ query, mode, filters: {}, offset: 0, limit: 10 });
  }
}
const usage = process.memoryUsage();
console.log(
  JSON.stringify({
    threads,
    answeredInThreads: index.keywordThreads?.answered ?? 0,
    rss: mb(usage.rss),
    mainHeapUsed: mb(usage.heapUsed),
    mainHeapTotal: mb(usage.heapTotal),
    external: mb(usage.external),
  }),
);
await index.close();
