/**
 * Latency of every search mode through the searcher — the API's work without HTTP: ranking, the
 * page's snippets and the whole result set's facets; timelines in keyword and hybrid mode.
 */
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
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
  const searcher = createSearcher(index);
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
