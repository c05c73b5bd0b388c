/**
 * The checked parameters of recently seen `/api/search` query strings. zod's check of a search's
 * parameters is pure — the same query string and default mode always give the same request or the
 * same 400 — but in a server, between searches, its many small closures run cold: ≈ 0.05 ms a
 * request (BENCHMARKS.md, "Issue 15 part 3, fourth pass"), where a repeated query string costs one
 * map lookup here. Every query string is still checked by the schema the first time it is seen;
 * refused ones are not remembered (they are checked again, and answered with the same 400). The
 * remembered requests are frozen, so no caller can change what the next one is handed.
 */
import { LRUCache } from 'lru-cache';
import { parseSearchParams } from '../contract/params.ts';
import type { SearchMode, SearchRequest } from '../types.ts';

/** Query strings remembered at most; the least recently used goes first. */
const MAX_ENTRIES = 512;
/** Longer query strings (long filter lists) are checked every time, so the memo stays small: ≤ 512 × 1 kB. */
const MAX_QUERY_STRING_LENGTH = 1024;

/** Search parameters by raw query string. */
export interface SearchParamsMemo {
  /**
   * The request of `queryString` (the URL after `?`), as `parseSearchParams(query(), defaultMode)`
   * gives it, frozen; `query` parses the query string and is called only when it was not seen before.
   */
  parse(queryString: string, defaultMode: SearchMode, query: () => unknown): SearchRequest;
}

/** An empty memo of at most `maxEntries` query strings. */
export function createSearchParamsMemo(maxEntries = MAX_ENTRIES): SearchParamsMemo {
  const memo = new LRUCache<string, SearchRequest>({ max: maxEntries });
  return {
    parse(queryString, defaultMode, query) {
      if (queryString.length > MAX_QUERY_STRING_LENGTH) return parseSearchParams(query(), defaultMode);
      // A mode name holds no newline, so the key names its mode and query string unambiguously.
      const key = `${defaultMode}\n${queryString}`;
      const found = memo.get(key);
      if (found !== undefined) return found;
      const request = frozen(parseSearchParams(query(), defaultMode));
      memo.set(key, request);
      return request;
    },
  };
}

function frozen(request: SearchRequest): SearchRequest {
  const { years, docIds, agencies } = request.filters;
  for (const list of [years, docIds, agencies]) if (list) Object.freeze(list);
  Object.freeze(request.filters);
  return Object.freeze(request);
}
