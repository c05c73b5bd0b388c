/** The server's result cache as its environment sets it (`RESULT_CACHE`, `RESULT_CACHE_MB`). */
import { RESULT_CACHE } from '../config.ts';
import type { SearcherOptions } from '../search/searcher.ts';

/**
 * The searcher's result cache as the environment asks: none for `RESULT_CACHE=0`, else bounded by
 * `RESULT_CACHE_MB` megabytes (default `RESULT_CACHE.maxBytes`; a number > 0, else the default).
 */
export function resultCacheFromEnv(variables: NodeJS.ProcessEnv): { searcher?: SearcherOptions } {
  if (variables.RESULT_CACHE === '0') return { searcher: { resultCache: false } };
  const mb = Number(variables.RESULT_CACHE_MB);
  if (!variables.RESULT_CACHE_MB || !Number.isFinite(mb) || mb <= 0) return {};
  return {
    searcher: {
      resultCache: { maxEntries: RESULT_CACHE.maxEntries, maxBytes: Math.round(mb * 1024 * 1024) },
    },
  };
}
