/**
 * Profiling harness for the hot query path: opens a built index as the server does and runs the
 * bench's fixed query sample through `searcher.search` (keyword, limit 20), then prints latency
 * percentiles and the slowest queries. Run under the profiler:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-search.ts [INDEX_DIR] [mode]
 *
 * Given a corpus JSON (the bench's cached corpus) instead of an index folder, it builds the keyword
 * index in memory first (keyword mode only) — no need to wait for embeddings to profile keyword search.
 */
import { INDEX_FORMAT_VERSION } from '../../src/config.ts';
import { buildKeywordIndex } from '../../src/keyword/keyword-index.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { ANALYZER_VERSION } from '../../src/text/analyze.ts';
import type { SearchMode } from '../../src/types.ts';
import { readBenchCorpus } from './corpus-file.ts';
import { sampleQueries } from './queries.ts';
import { summarizeLatency } from './stats.ts';

const indexDir = process.argv[2] ?? 'index-data';
const mode = (process.argv[3] ?? 'keyword') as SearchMode;
const PASSES = 3;
const SLOWEST = 10;

/** A keyword-only index over a corpus JSON, shaped as the loader would return it. */
async function inMemoryIndex(corpusPath: string): Promise<LoadedIndex> {
  const corpus = await readBenchCorpus(corpusPath);
  const started = performance.now();
  const keyword = buildKeywordIndex(corpus);
  console.log(`keyword index built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      analyzerVersion: ANALYZER_VERSION,
      builtAt: new Date().toISOString(),
      inputDir: corpusPath,
      inputFingerprint: '',
      documents: corpus.documents.length,
      paragraphs: corpus.paragraphs.length,
      embedder: null,
    },
    corpus,
    keyword,
    semantic: null,
  };
}

const index = indexDir.endsWith('.json') ? await inMemoryIndex(indexDir) : await openIndex(indexDir);
const searcher = createSearcher(index, { resultCache: false });
const queries = sampleQueries(index.corpus);
const timings: { query: string; ms: number }[] = [];
// The first pass apart: a loaded index decodes each token's postings on first read.
const firstPass: number[] = [];
for (let pass = 0; pass < PASSES; pass++) {
  for (const q of queries) {
    const started = performance.now();
    await searcher.search({ query: q.query, mode, limit: 20, offset: 0, filters: {} });
    if (pass > 0) timings.push({ query: q.query, ms: performance.now() - started });
    else firstPass.push(performance.now() - started);
  }
}
const first = summarizeLatency(firstPass);
console.log(
  `${mode}: first pass (cold): p50 ${first.p50.toFixed(2)} ms, p95 ${first.p95.toFixed(2)} ms, p99 ${first.p99.toFixed(2)} ms, mean ${first.mean.toFixed(2)} ms`,
);
const summary = summarizeLatency(timings.map((t) => t.ms));
console.log(
  `${mode}: ${queries.length} queries × ${PASSES - 1} timed passes: p50 ${summary.p50.toFixed(2)} ms, p95 ${summary.p95.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms, mean ${summary.mean.toFixed(2)} ms`,
);
for (const t of timings.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST)) {
  console.log(`  ${t.ms.toFixed(1).padStart(7)} ms  ${t.query}`);
}
