/**
 * Every search mode through the searcher — the API's work without HTTP: ranking, the page's snippets
 * and the whole result set's facets; timelines in keyword and hybrid mode. Latency over the query
 * sample, and ranking quality of each mode on the labelled sets with the laws indexed alongside.
 */
import { resolve } from 'node:path';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';
import { evaluateQuality, type LabeledQuery } from '../helpers/eval-metrics.ts';
import { labeledQueries, queriesLabelledIn } from './labeled.ts';
import { summarizeLatency } from './stats.ts';

/** One mode's latency over the query sample. */
export interface ModeLatency {
  name: string;
  p50: number;
  p95: number;
  p99: number;
}

const PAGE = 20;

/** Runs `queries` once untimed (warm-up) and once timed in each mode. */
export async function measureModes(index: LoadedIndex, queries: string[]): Promise<ModeLatency[]> {
  const searcher = createSearcher(index, { resultCache: false });
  const search = (mode: 'keyword' | 'semantic' | 'hybrid') => (query: string) =>
    searcher.search({ query, mode, limit: PAGE, offset: 0, filters: {} });
  const runs: [string, (query: string) => Promise<unknown>][] = [
    ['search, keyword (top 20)', search('keyword')],
    ['search, semantic (top 20)', search('semantic')],
    ['search, hybrid (top 20)', search('hybrid')],
    ['timeline, keyword', (query) => searcher.timeline(query, 'keyword')],
    ['timeline, hybrid', (query) => searcher.timeline(query, 'hybrid')],
  ];
  const results: ModeLatency[] = [];
  for (const [name, run] of runs) {
    for (const query of queries) await run(query);
    const latency: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      await run(query);
      latency.push(performance.now() - started);
    }
    const { p50, p95, p99 } = summarizeLatency(latency);
    results.push({ name, p50, p95, p99 });
  }
  return results;
}

/** Success@10 and MRR@10 of one mode on one labelled set. */
export interface ModeQuality {
  set: string;
  mode: SearchMode;
  queries: number;
  success10: number;
  mrr10: number;
}

const PARAPHRASES = resolve(import.meta.dirname, '../fixtures/paraphrase-queries.json');

/** Each mode's quality on the labelled keyword set (as the peers get it) and the paraphrase set. */
export async function measureModeQuality(index: LoadedIndex): Promise<ModeQuality[]> {
  const searcher = createSearcher(index, { resultCache: false });
  const seqOf = new Map(index.corpus.paragraphs.map((paragraph, seq) => [paragraph.id, seq]));
  const sets: [string, LabeledQuery[]][] = [
    ['labelled (keyword-style)', labeledQueries(index.corpus)],
    // The measure in the researcher's own words, none of the text's.
    ['paraphrases', queriesLabelledIn(index.corpus, PARAPHRASES)],
  ];
  const results: ModeQuality[] = [];
  for (const [set, queries] of sets) {
    for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
      const top10 = new Map<string, number[]>();
      for (const q of queries) {
        const { hits } = await searcher.search({
          query: q.query,
          mode,
          limit: 10,
          offset: 0,
          filters: q.filters ?? {},
        });
        top10.set(
          q.id,
          hits.map((hit) => seqOf.get(hit.id) ?? -1),
        );
      }
      const report = evaluateQuality(index.corpus, queries, (q) => top10.get(q.id) ?? []);
      results.push({
        set,
        mode,
        queries: queries.length,
        success10: report.successAtK,
        mrr10: report.mrrAtK,
      });
    }
  }
  return results;
}
