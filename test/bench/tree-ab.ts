/**
 * What the before/after benches (hits-ab.ts, answers-ab.ts) share: the labelled queries they ask, the
 * modes, and one index opened with a given source tree's own code, so two trees answer side by side
 * in one process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Searcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';

/** The labelled queries' texts (test/fixtures/labeled-queries.json). */
export const LABELLED_QUERIES = (
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/labeled-queries.json'), 'utf8')) as {
    query: string;
  }[]
).map(({ query }) => query);

/** Every search mode, in the order the benches ask them. */
export const AB_MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];

/** `indexDir` opened by the checkout at `root` (its own openIndex and searcher, result cache off). */
export async function openWithTree(
  root: string,
  indexDir: string,
  /** `openIndex`'s options (a tree that predates one ignores it); with keyword threads, opened once they answer. */
  options: { keywordThreads?: number } = {},
): Promise<{ searcher: Searcher; close(): Promise<void>; threadsAnswered(): number }> {
  const { openIndex } = await import(path.resolve(root, 'src/persist/open-index.ts'));
  const { createSearcher } = await import(path.resolve(root, 'src/search/searcher.ts'));
  const index = await openIndex(indexDir, {}, options);
  await index.keywordThreads?.started;
  return {
    searcher: createSearcher(index, { resultCache: false }),
    close: () => index.close(),
    threadsAnswered: () => index.keywordThreads?.answered ?? 0,
  };
}
