import type { Searcher } from '../search/searcher.ts';
import type { SearchMode } from '../types.ts';

/** The mode a search runs in when the request names none: hybrid when the index has embeddings. */
export function defaultMode(searcher: Searcher): SearchMode {
  return searcher.hasSemantic() ? 'hybrid' : 'keyword';
}
