/**
 * A small LRU of whole search answers (lru-cache), keyed by the normalized request — query, mode,
 * filters, limit and offset — and bounded by entries and by bytes. It lives with one searcher, so
 * a live reload, which builds a new searcher for the new build, starts with an empty cache.
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
  entries: number;
  bytes: number;
}

/** Cached answers by request. */
export interface ResultCache {
  get(request: SearchRequest): SearchResponse | undefined;
  set(request: SearchRequest, response: SearchResponse): void;
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

/** A cheap size estimate of an answer: its strings at two bytes a character, plus a fixed cost per hit and facet. */
export function estimateBytes(response: SearchResponse): number {
  let chars = response.query.length;
  for (const hit of response.hits) {
    chars += hit.text.length + hit.snippet.length + hit.title.length + hit.id.length * 2 + 64;
    for (const part of hit.section) chars += part.length;
    for (const agency of hit.agencies) chars += agency.length;
  }
  const { facets } = response;
  chars += (facets.years.length + facets.documents.length + facets.agencies.length) * 48;
  for (const doc of facets.documents) chars += doc.title.length;
  return 2 * chars + 256;
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
    stats: () => ({ hits, misses, entries: lru.size, bytes: lru.calculatedSize }),
  };
}
