import type { KeywordResult } from '../keyword/keyword-result.ts';
import { searchKeyword } from '../keyword/keyword-search.ts';
import { keywordSearchTask } from '../persist/keyword-task.ts';
import type { SearchFilters } from '../types.ts';
import type { PreparedQuery } from './prepare-query.ts';
import { timed, timedAsync } from './search-timing.ts';
import type { SearchContext } from './search-types.ts';

/**
 * The keyword half of a search, timed as `keyword`: in a keyword search thread when the index has a
 * pool (src/persist/keyword-threads.ts), else here and now, synchronously, as it always ran. `phrase`
 * asks the thread for the matches holding the whole query as a phrase too (hybrid mode reads them).
 */
export function keywordHalf(
  context: SearchContext,
  query: PreparedQuery,
  filters: SearchFilters,
  phrase?: string,
): KeywordResult | Promise<KeywordResult> {
  const threads = context.index.keywordThreads;
  if (!threads)
    return timed(context.timing, 'keyword', () => searchKeyword(context.index.keyword, query.tree, filters));
  const tree = query.tree;
  return timedAsync(context.timing, 'keyword', () =>
    threads.search(keywordSearchTask(tree, filters, phrase)),
  );
}
