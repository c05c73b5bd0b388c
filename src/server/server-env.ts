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
    port: numberSetting(env, 'PORT', SERVER.port, wholeUpTo(65_535)),
    host: env.HOST || SERVER.host,
    rateLimitPerMinute: numberSetting(env, 'RATE_LIMIT', SERVER.rateLimit.limit, wholeUpTo(1_000_000)),
    keywordThreads: numberSetting(env, 'KEYWORD_THREADS', SERVER.keywordThreads, wholeUpTo(64)),
    resultCache: env.RESULT_CACHE !== '0',
    resultCacheMb: numberSetting(env, 'RESULT_CACHE_MB', RESULT_CACHE.maxBytes / MB, positiveUpTo(4_096)),
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

/** What a numeric setting may hold: its spelling, its range, and how the error names them. */
interface NumberRule {
  readonly spelling: RegExp;
  accepts(number: number): boolean;
  readonly says: string;
}

/** A whole number from 0 to `max`. Digits only: Number() would also take '0x10', '1e3' and ' ', none of which anyone means here. */
const wholeUpTo = (max: number): NumberRule => ({
  spelling: /^\d+$/,
  accepts: (number) => number <= max,
  says: `a whole number from 0 to ${max}`,
});

/** A number above 0 and at most `max`, decimals allowed. */
const positiveUpTo = (max: number): NumberRule => ({
  spelling: /^\d+(\.\d+)?$/,
  accepts: (number) => number > 0 && number <= max,
  says: `a number above 0 and at most ${max}`,
});

/** The variable `name` as `rule` allows it; unset or empty: `fallback`; anything else throws, naming it. */
function numberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, rule: NumberRule): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const number = rule.spelling.test(value) ? Number(value) : Number.NaN;
  if (rule.accepts(number)) return number;
  throw new Error(`${name}=${env[name]} is not ${rule.says} (unset, it is ${fallback}).`);
}
