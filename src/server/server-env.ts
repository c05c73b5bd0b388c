/**
 * The server's settings read from its environment, each checked once at start. A value that is set
 * but makes no sense stops the server with a message naming it: `RATE_LIMIT=60/min` read as a number
 * used to turn the rate limit off without a word, and `PORT=abc` ended in Node's own stack trace.
 * No schema library here: zod would be the first module the start-up path loads, ahead of the index,
 * for five numbers (the web app loads it later, for the requests' parameters).
 */
import path from 'node:path';
import { RESULT_CACHE, SERVER } from '../config.ts';
import type { ResultCacheOptions } from '../search/result-cache.ts';

/** What `src/server/main.ts` reads from the environment. */
export interface ServerEnv {
  /** INDEX_DIR, resolved; default `index-data` in the checkout. */
  readonly indexDir: string;
  /** PORT: 0–65535 (0: any free port). */
  readonly port: number;
  /** HOST: the address to listen on. */
  readonly host: string;
  /** RATE_LIMIT: requests a minute per client; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** KEYWORD_THREADS: keyword search threads; 0 searches on the main thread. */
  readonly keywordThreads: number;
  /** RESULT_CACHE=0 serves every search afresh (the load tests measure both). */
  readonly resultCache: boolean;
  /** RESULT_CACHE_MB: the result cache's bound in megabytes, answers and their JSON bodies (> 0, fractions allowed). */
  readonly resultCacheMb: number;
  /** LINEAGE_WARM_UP=0 skips running the comparison code once after start. */
  readonly lineageWarmUp: boolean;
  /** PUBLIC_URL: the page's address in MCP citation links; unset: the address the client used. */
  readonly publicUrl?: string;
}

/** The server's settings from `env`; throws an Error naming the first variable whose value makes no sense. */
export function readServerEnv(env: NodeJS.ProcessEnv, checkoutRoot: string): ServerEnv {
  return {
    indexDir: path.resolve(env.INDEX_DIR || path.join(checkoutRoot, 'index-data')),
    port: wholeNumber(env, 'PORT', SERVER.port, 65_535),
    host: env.HOST || SERVER.host,
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT', SERVER.rateLimit.limit, 1_000_000),
    keywordThreads: wholeNumber(env, 'KEYWORD_THREADS', SERVER.keywordThreads, 64),
    resultCache: env.RESULT_CACHE !== '0',
    resultCacheMb: positiveNumber(env, 'RESULT_CACHE_MB', RESULT_CACHE.maxBytes / MB, 4_096),
    lineageWarmUp: env.LINEAGE_WARM_UP !== '0',
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
  };
}

/** The searcher's result cache as the settings ask: none, or bounded by `resultCacheMb`. */
export function resultCacheOption(settings: ServerEnv): ResultCacheOptions | false {
  if (!settings.resultCache) return false;
  return { maxEntries: RESULT_CACHE.maxEntries, maxBytes: Math.round(settings.resultCacheMb * MB) };
}

const MB = 1024 * 1024;

/** A variable holding a number above 0 and at most `max` (decimals allowed); unset or empty: `fallback`. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (number > 0 && number <= max) return number;
  throw new Error(
    `${name}=${env[name]} is not a number above 0 and at most ${max} (unset, it is ${fallback}).`,
  );
}

/** A variable holding a whole number from 0 to `max`; unset or empty: `fallback`. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  // Digits only: Number() would also take '0x10', '1e3' and ' ', none of which anyone means here.
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (number <= max) return number;
  throw new Error(`${name}=${env[name]} is not a whole number from 0 to ${max} (unset, it is ${fallback}).`);
}
