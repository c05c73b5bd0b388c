/**
 * A small LRU of whole search answers (lru-cache), keyed by the normalized request — query, mode,
 * filters, limit and offset — and bounded by entries and by bytes. It lives with one searcher, so
 * a live reload, which builds a new searcher for the new build, starts with an empty cache.
 * Identical requests that arrive while the first is still being answered wait for that answer
 * instead of computing it again (see {@link ResultCache.answer}).
 */
import { LRUCache } from 'lru-cache';
import type { SearchFilters, SearchRequest, SearchResponse } from '../types.ts';

/** Bounds of a {@link ResultCache}. */
export interface ResultCacheOptions {
  maxEntries: number;
  /** Estimated bytes of the cached answers' strings (see {@link estimateBytes}). */
  maxBytes: number;
}

/** How the cache has done since it was made: `/api/health` shows it. */
export interface ResultCacheStats {
  hits: number;
  misses: number;
  /** Requests that arrived while the same request was being answered, and shared its answer. */
  joined: number;
  entries: number;
  bytes: number;
}

/** Where {@link ResultCache.answer}'s answer came from. */
export type AnswerSource = 'computed' | 'cached' | 'joined';

/** Cached answers by request. */
export interface ResultCache {
  get(request: SearchRequest): SearchResponse | undefined;
  set(request: SearchRequest, response: SearchResponse): void;
  /**
   * The cached answer of `request`; else the answer of an identical request still being computed;
   * else `compute()`'s, which is cached when it resolves. A rejection is shared by the requests
   * that joined it and is not cached.
   */
  answer(
    request: SearchRequest,
    compute: () => Promise<SearchResponse>,
  ): Promise<{ response: SearchResponse; source: AnswerSource }>;
  stats(): ResultCacheStats;
}

/**
 * The key of a request: the query as given (answers echo it; the routes have trimmed it), and each
 * filter list sorted and without duplicates (`year=2021,2020` and `year=2020,2021` ask the same).
 */
export function requestKey(request: SearchRequest): string {
  const sorted = <T extends string | number>(values: readonly T[] | undefined) =>
    values?.length ? [...new Set(values)].sort() : [];
  const filters: Required<SearchFilters> = {
    years: sorted(request.filters.years),
    docIds: sorted(request.filters.docIds),
    agencies: sorted(request.filters.agencies),
  };
  return JSON.stringify([request.query, request.mode, request.limit, request.offset, filters]);
}

/**
 * What a cached answer holds, estimated cheaply: its objects on the heap (strings at two bytes a
 * character, about 200 bytes of objects and arrays per hit, 32 per highlight pair, 64 per facet
 * entry) and the JSON body the server keeps beside it while it is cached (src/server/json-body.ts:
 * about three bytes a character — CJK in UTF-8 — and 100 of keys and numbers per hit).
 * `test/bench/result-cache-memory.ts` checks it against the heap and the bodies measured.
 */
export function estimateBytes(response: SearchResponse): number {
  let chars = response.query.length;
  let highlights = 0;
  for (const hit of response.hits) {
    chars += hit.text.length + hit.snippet.length + hit.title.length + hit.id.length * 2 + hit.source.length;
    for (const part of hit.section) chars += part.length;
    for (const agency of hit.agencies) chars += agency.length;
    highlights += hit.highlights.length;
  }
  const { facets } = response;
  const facetEntries = facets.years.length + facets.documents.length + facets.agencies.length;
  for (const doc of facets.documents) chars += doc.title.length + doc.id.length;
  for (const agency of facets.agencies) chars += agency.name.length;
  const heap = 2 * chars + 200 * response.hits.length + 32 * highlights + 64 * facetEntries;
  const body = 3 * chars + 100 * response.hits.length + 30 * facetEntries;
  return heap + body + 256;
}

/** An empty cache within `options`' bounds. */
export function createResultCache(options: ResultCacheOptions): ResultCache {
  const lru = new LRUCache<string, SearchResponse>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (response) => Math.max(1, estimateBytes(response)),
  });
  let hits = 0;
  let misses = 0;
  let joined = 0;
  // Answers being computed, by key. Without this, N connections asking the same new question at
  // once (a popular query, a shared link) each run the whole search: N times the work, all of it
  // on the event loop at the same moment. Hand-written rather than lru-cache's fetch(), which
  // would store the pending promise in the LRU and size it with estimateBytes.
  const pending = new Map<string, Promise<SearchResponse>>();
  return {
    get(request) {
      const found = lru.get(requestKey(request));
      if (found) hits++;
      else misses++;
      return found;
    },
    set(request, response) {
      lru.set(requestKey(request), response);
    },
    async answer(request, compute) {
      const key = requestKey(request);
      const found = lru.get(key);
      if (found) {
        hits++;
        return { response: found, source: 'cached' };
      }
      const running = pending.get(key);
      if (running) {
        joined++;
        return { response: await running, source: 'joined' };
      }
      misses++;
      const computing = compute();
      pending.set(key, computing);
      try {
        const response = await computing;
        lru.set(key, response);
        return { response, source: 'computed' };
      } finally {
        pending.delete(key);
      }
    },
    stats: () => ({ hits, misses, joined, entries: lru.size, bytes: lru.calculatedSize }),
  };
}
