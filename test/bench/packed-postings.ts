/**
 * Search latency with the postings' seqs packed (decoded per token on first read, as format 4
 * loads them) against the same index with every list decoded up front (as format 3 loaded them),
 * in one process over one loaded index, passes interleaved: the bench's query sample, keyword mode.
 *
 *   npx tsx test/bench/packed-postings.ts /work/idx/binary-laws
 */
import { allSeqs } from '../../src/keyword/postings.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { sampleQueries } from './queries.ts';
import { summarizeLatency } from './stats.ts';

const indexDir = process.argv[2] ?? 'index-data';
const PASSES = 4;
const packed = await openIndex(indexDir);
let at = performance.now();
const decodedPostings = { ...packed.keyword.postings, seqs: allSeqs(packed.keyword.postings) };
const decodeAllMs = performance.now() - at;
const decoded = { ...packed, keyword: { ...packed.keyword, postings: decodedPostings } };
const searchers = {
  packed: createSearcher(packed, { resultCache: false }),
  decoded: createSearcher(decoded, { resultCache: false }),
};
const queries = sampleQueries(packed.corpus);
const timings: Record<keyof typeof searchers, number[]> = { packed: [], decoded: [] };
const firstPass: Record<keyof typeof searchers, number[]> = { packed: [], decoded: [] };
for (let pass = 0; pass < PASSES; pass++) {
  for (const q of queries) {
    for (const name of pass % 2 === 0 ? (['packed', 'decoded'] as const) : (['decoded', 'packed'] as const)) {
      at = performance.now();
      await searchers[name].search({ query: q.query, mode: 'keyword', limit: 20, offset: 0, filters: {} });
      (pass === 0 ? firstPass : timings)[name].push(performance.now() - at);
    }
  }
}
const line = (list: number[]) => {
  const s = summarizeLatency(list);
  return `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, mean ${s.mean.toFixed(2)} ms`;
};
console.log(`decoding every list at once: ${decodeAllMs.toFixed(0)} ms`);
for (const name of ['packed', 'decoded'] as const) {
  console.log(`${name}: first pass ${line(firstPass[name])}; later passes ${line(timings[name])}`);
}
await packed.close();
