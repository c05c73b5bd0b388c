/**
 * The vector part of `npm run bench`, in its own child process: train the corpus embedder on the
 * bench corpus, project every paragraph, build the HNSW index, save and load it, then measure
 * recall@10 against exact search and query latency on query vectors from the fixed query sample;
 * then the latency of every search mode and timeline through the searcher on the same corpus.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_FORMAT_VERSION, VECTOR_INDEX } from '../../src/config.ts';
import { trainCorpusEmbedder } from '../../src/embedding/corpus-embedder.ts';
import { calibrateSimilarity } from '../../src/embedding/similarity-calibration.ts';
import { buildKeywordIndex } from '../../src/keyword/keyword-index.ts';
import { type LoadedIndex, localSemanticIndex } from '../../src/persist/loaded-index.ts';
import { ANALYZER_VERSION, indexTokens, queryTokens } from '../../src/text/analyze.ts';
import {
  buildVectorIndex,
  exactSearch,
  loadVectorIndex,
  saveVectorIndex,
  searchVectors,
  setEfSearch,
} from '../../src/vector/vector-index.ts';
import { RESULT_PREFIX } from './child-protocol.ts';
import { readBenchCorpus } from './corpus-file.ts';
import { sampleQueries } from './queries.ts';
import { measureModeQuality, measureModes } from './search-modes.ts';
import { summarizeLatency } from './stats.ts';
import type { VectorResult } from './vector-report.ts';

/** Query vectors measured: the brief's 200, from the same seeded sample the keyword engines use. */
const QUERY_COUNT = 200;
const K = 10;
/** efSearch values measured besides the configured one, to show the recall/latency trade-off. */
const EF_SWEEP = [64, 128, 256, 400];
/**
 * Similarity slack under which a neighbour ties with the exact 10th: short queries in LSA space
 * put many paragraphs at the same cosine, and which of the tied ones is "the" 10th is arbitrary.
 */
const TIE_EPSILON = 1e-6;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as { corpusPath: string };
  const corpus = await readBenchCorpus(job.corpusPath);
  let started = performance.now();
  const tokenLists = corpus.paragraphs.map((p) => indexTokens(p.text));
  const tokenizeMs = performance.now() - started;

  started = performance.now();
  const embedder = trainCorpusEmbedder(tokenLists, { tokenize: queryTokens });
  const trainMs = performance.now() - started;
  started = performance.now();
  const vectors = embedder.embedTokenLists(tokenLists);
  const projectMs = performance.now() - started;
  started = performance.now();
  const built = buildVectorIndex(vectors);
  const hnswBuildMs = performance.now() - started;

  const dir = await mkdtemp(join(tmpdir(), 'bench-vector-'));
  const file = join(dir, 'hnsw.bin');
  saveVectorIndex(built, file);
  const diskBytes = (await stat(file)).size;
  started = performance.now();
  const index = loadVectorIndex(file, { dimensions: built.dimensions });
  const loadMs = performance.now() - started;
  await rm(dir, { recursive: true, force: true });

  const queries = sampleQueries(corpus).slice(0, QUERY_COUNT);
  const embedLatency: number[] = [];
  const queryVectors: Float32Array[] = [];
  let zeroVectors = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const vector = await embedder.embedQuery(q.query);
    embedLatency.push(performance.now() - t0);
    // A query with no word of the model's vocabulary embeds to zero: every paragraph ties, so
    // "the" ten nearest are arbitrary and say nothing about HNSW.
    if (vector.some((x) => x !== 0)) queryVectors.push(vector);
    else zeroVectors += 1;
  }
  const exactLatency: number[] = [];
  const exactTopK = queryVectors.map((vector) => {
    const t0 = performance.now();
    const exact = exactSearch(vectors, vector, K);
    exactLatency.push(performance.now() - t0);
    return exact;
  });
  /** Recall@10 by ids, and counting a neighbour as found when it ties with the exact 10th. */
  const measure = (
    efSearch: number,
  ): { efSearch: number; recallAt10: number; recallWithTies: number; p50: number; latency: number[] } => {
    setEfSearch(index, efSearch);
    const latency: number[] = [];
    let overlap = 0;
    let overlapWithTies = 0;
    queryVectors.forEach((vector, i) => {
      const t0 = performance.now();
      const approximate = searchVectors(index, vector, K);
      latency.push(performance.now() - t0);
      const exact = exactTopK[i] ?? [];
      const wanted = Math.max(1, Math.min(K, exact.length));
      const found = new Set(approximate.map((m) => m.seq));
      overlap += exact.filter((m) => found.has(m.seq)).length / wanted;
      const kth = exact[exact.length - 1]?.similarity ?? 0;
      overlapWithTies +=
        Math.min(wanted, approximate.filter((m) => m.similarity >= kth - TIE_EPSILON).length) / wanted;
    });
    return {
      efSearch,
      recallAt10: overlap / queryVectors.length,
      recallWithTies: overlapWithTies / queryVectors.length,
      p50: summarizeLatency(latency).p50,
      latency,
    };
  };
  const sweep = EF_SWEEP.filter((ef) => ef !== VECTOR_INDEX.efSearch).map(measure);
  const configured = measure(VECTOR_INDEX.efSearch);
  const hnswLatency = configured.latency;
  const hnsw = summarizeLatency(hnswLatency);
  const exactSummary = summarizeLatency(exactLatency);
  const embedSummary = summarizeLatency(embedLatency);
  // Every mode through the searcher, over this embedder and HNSW plus a keyword index of the corpus.
  const loaded: LoadedIndex = {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      analyzerVersion: ANALYZER_VERSION,
      builtAt: new Date().toISOString(),
      inputDir: job.corpusPath,
      inputFingerprint: '',
      documents: corpus.documents.length,
      paragraphs: corpus.paragraphs.length,
      embedder: embedder.info,
    },
    corpus,
    keyword: buildKeywordIndex(corpus),
    // Calibrated as a build calibrates, from this corpus's own vectors.
    semantic: localSemanticIndex(
      embedder,
      index,
      calibrateSimilarity(vectors.length, (i) => vectors[i] as Float32Array),
    ),
  };
  const modes = await measureModes(
    loaded,
    queries.map((q) => q.query),
  );
  const quality = await measureModeQuality(loaded);
  const result: VectorResult = {
    modes,
    quality,
    paragraphs: vectors.length,
    dimensions: built.dimensions,
    tokenizeMs,
    trainMs,
    projectMs,
    hnswBuildMs,
    queries: queryVectors.length,
    zeroVectors,
    recallAt10: configured.recallAt10,
    recallWithTies: configured.recallWithTies,
    efSearch: VECTOR_INDEX.efSearch,
    sweep: [...sweep, configured]
      .sort((a, b) => a.efSearch - b.efSearch)
      .map(({ efSearch, recallAt10, recallWithTies, p50 }) => ({
        efSearch,
        recallAt10,
        recallWithTies,
        p50,
      })),
    hnswLatency: { p50: hnsw.p50, p95: hnsw.p95, p99: hnsw.p99 },
    exactLatency: { p50: exactSummary.p50, p99: exactSummary.p99 },
    embedQueryLatency: { p50: embedSummary.p50, p99: embedSummary.p99 },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    diskBytes,
    loadMs,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

await main();
