/** The vector part of the benchmark report. */
import type { ModeLatency, ModeQuality } from './search-modes.ts';

/** What `run-vector.ts` measures. */
export interface VectorResult {
  paragraphs: number;
  dimensions: number;
  /** Segmenting every paragraph into tokens (the indexer shares this with the keyword index). */
  tokenizeMs: number;
  trainMs: number;
  projectMs: number;
  hnswBuildMs: number;
  queries: number;
  /** Sampled queries left out because none of their words is in the model's vocabulary. */
  zeroVectors: number;
  recallAt10: number;
  /** Recall@10 counting a neighbour that ties with the exact 10th as found. */
  recallWithTies: number;
  /** The configured efSearch the main figures use. */
  efSearch: number;
  /** Recall and median latency at other efSearch values, same index and queries. */
  sweep: { efSearch: number; recallAt10: number; recallWithTies: number; p50: number }[];
  hnswLatency: { p50: number; p95: number; p99: number };
  exactLatency: { p50: number; p99: number };
  embedQueryLatency: { p50: number; p99: number };
  peakRssBytes: number;
  diskBytes: number;
  loadMs: number;
  /** Every search mode and timeline through the searcher, top 20, same queries. */
  modes: ModeLatency[];
  /** Each mode's ranking quality on the labelled sets, laws indexed alongside. */
  quality: ModeQuality[];
}

/** Markdown for the vector figures, or the reason they are missing. */
export function renderVectorSection(result: VectorResult | string | undefined): string {
  const title = '## Vector search: corpus embedder + HNSW (`npm run bench`)';
  if (result === undefined) return `${title}\n\n(skipped: BENCH_SKIP_VECTOR=1)`;
  if (typeof result === 'string') return `${title}\n\n(failed: ${result.split('\n')[0]})`;
  const r = result;
  return [
    title,
    '',
    `Corpus-trained embedder (TF-IDF → truncated SVD, ${r.dimensions} dimensions) over ${r.paragraphs} paragraphs; HNSW from hnswlib-node (config \`VECTOR_INDEX\`); ${r.queries} query vectors embedded from the fixed query sample (${r.zeroVectors} more embed to zero — no word in the model's vocabulary — and are left out of recall).`,
    '',
    '| figure | value |',
    '|---|---|',
    `| tokenizing all paragraphs (shared with the keyword index) | ${(r.tokenizeMs / 1000).toFixed(1)} s |`,
    `| embedder training (TF-IDF + randomized SVD) | ${(r.trainMs / 1000).toFixed(1)} s |`,
    `| projecting all paragraphs | ${(r.projectMs / 1000).toFixed(1)} s |`,
    `| HNSW build | ${(r.hnswBuildMs / 1000).toFixed(1)} s |`,
    `| HNSW file size | ${(r.diskBytes / 1024 ** 2).toFixed(1)} MB |`,
    `| HNSW load | ${r.loadMs.toFixed(0)} ms |`,
    `| peak RSS | ${(r.peakRssBytes / 1024 ** 2).toFixed(0)} MB |`,
    `| recall@10 vs exact (efSearch ${r.efSearch}) | ${r.recallAt10.toFixed(3)} (${r.recallWithTies.toFixed(3)} counting ties with the exact 10th) |`,
    `| HNSW query p50 / p95 / p99 | ${r.hnswLatency.p50.toFixed(3)} / ${r.hnswLatency.p95.toFixed(3)} / ${r.hnswLatency.p99.toFixed(3)} ms |`,
    `| exact (brute force) query p50 / p99 | ${r.exactLatency.p50.toFixed(2)} / ${r.exactLatency.p99.toFixed(2)} ms |`,
    `| query embedding p50 / p99 | ${r.embedQueryLatency.p50.toFixed(3)} / ${r.embedQueryLatency.p99.toFixed(3)} ms |`,
    '',
    '| efSearch | recall@10 | recall@10 counting ties | HNSW p50 ms |',
    '|---|---|---|---|',
    ...r.sweep.map(
      (s) =>
        `| ${s.efSearch} | ${s.recallAt10.toFixed(3)} | ${s.recallWithTies.toFixed(3)} | ${s.p50.toFixed(3)} |`,
    ),
    '',
    `Every mode through the searcher (\`createSearcher\`: ranking, snippets of the page, facets of the whole result set — the API's work without HTTP), over this embedder and HNSW and a keyword index of the same corpus; the same ${r.queries + r.zeroVectors} sampled queries, once to warm up and once timed.`,
    '',
    '| request | p50 ms | p95 ms | p99 ms |',
    '|---|---|---|---|',
    ...r.modes.map((m) => `| ${m.name} | ${m.p50.toFixed(2)} | ${m.p95.toFixed(2)} | ${m.p99.toFixed(2)} |`),
    '',
    "Ranking quality of each mode with the laws indexed alongside the seeds (top 10): the labelled set the peers get (`test/fixtures/labeled-queries.json`, unfiltered) and the paraphrase set (`test/fixtures/paraphrase-queries.json`: the measure in a researcher's own words, sharing no phrase with the text).",
    '',
    '| set | mode | queries | Success@10 | MRR@10 |',
    '|---|---|---|---|---|',
    ...r.quality.map(
      (q) => `| ${q.set} | ${q.mode} | ${q.queries} | ${q.success10.toFixed(2)} | ${q.mrr10.toFixed(2)} |`,
    ),
  ].join('\n');
}
