/**
 * The engines the benchmark compares, by the id the runner passes to its child processes. Each is
 * imported only when asked for, so a child holds the code and memory of one engine only.
 */
import type { BenchEngine } from './engine.ts';

/** Engine factories keyed by a short id; `ours` first so tables read ours-then-peers. */
export const ENGINES: Record<string, () => Promise<BenchEngine>> = {
  ours: async () => (await import('./ours.ts')).createOurEngine(),
  orama: async () => (await import('./orama.ts')).createOramaEngine(),
  minisearch: async () => (await import('./minisearch.ts')).createMiniSearchEngine(),
  flexsearch: async () => (await import('./flexsearch.ts')).createFlexSearchEngine(),
  'flexsearch-all': async () =>
    (await import('./flexsearch.ts')).createFlexSearchEngine({ allMatches: true }),
  sqlite: async () => (await import('./sqlite-fts5.ts')).createSqliteEngine(),
};
