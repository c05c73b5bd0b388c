/**
 * What the result cache's answers really hold in memory against what it counts: the load test's
 * query pool searched once without a cache (to warm every lazy structure), then once into a fresh
 * cache, each answer's body made as the server makes it (`jsonBody`, which keeps a cached answer's
 * bytes while the answer lives); the heap and external memory grown by the second pass (after
 * forced GCs) against `stats().bytes` (`estimateBytes`).
 *
 *   node --expose-gc --import tsx test/bench/result-cache-memory.ts INDEX_DIR
 */
import { resolve } from 'node:path';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { jsonBody } from '../../src/server/json-body.ts';
import type { Corpus, SearchMode, SearchResponse } from '../../src/types.ts';
import { sampleQueries } from './queries.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const index = await openIndex(resolve(process.argv[2] ?? 'index-data'));
const plain = createSearcher(index, { resultCache: false });

// The same 80 documents and queries as test/bench/load-server.ts's requestPools.
const documents = plain.documents();
const step = Math.max(1, Math.floor(documents.length / 80));
const picked = documents.filter((_, i) => i % step === 0).slice(0, 80);
const corpus: Corpus = { documents: picked, paragraphs: [] };
for (const doc of picked) {
  for (const p of plain.document(doc.id)?.paragraphs ?? [])
    corpus.paragraphs.push({ ...p, docId: doc.id } as never);
}
const queries = sampleQueries(corpus).map((q) => q.query);
const modes: SearchMode[] = ['keyword', 'hybrid'];
const requests = modes.flatMap((mode) =>
  queries.map((query) => ({ query, mode, limit: 20, offset: 0, filters: {} })),
);

for (const request of requests) await plain.search(request);
const heap = () => {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};
const cached = createSearcher(index, { resultCache: { maxEntries: 1e6, maxBytes: 1e12 } });
const before = heap();
const answers: SearchResponse[] = [];
for (const request of requests) {
  const answer = await cached.search(request);
  jsonBody(answer);
  answers.push(answer);
}
const grown = heap() - before;
const json = answers.reduce((sum, answer) => sum + Buffer.byteLength(JSON.stringify(answer)), 0);
const { entries, bytes } = cached.summary().cache ?? { entries: 0, bytes: 0 };
const MB = 1024 ** 2;
console.log(
  `${entries} answers cached: counted ${(bytes / MB).toFixed(1)} MB (estimateBytes), heap + external grown ${(grown / MB).toFixed(1)} MB (${(grown / bytes).toFixed(2)}× the count), of which JSON bodies ${(json / MB).toFixed(1)} MB`,
);
await index.close?.();
process.exit(0);
