/**
 * Every tunable of the engine in one place, each with the reason for its value. Environment
 * variables that override a value are read only by the entry points (server, indexer, CLI).
 */

/** Version of the `index-data/` layout; bump when a saved file changes shape. */
export const INDEX_FORMAT_VERSION = 1;

/** Query and request limits. */
export const LIMITS = {
  /** Longest query accepted, after trimming: long enough for a pasted sentence, short enough to bound work. */
  maxQueryLength: 200,
  /** Default page size: one screen of results. */
  defaultLimit: 20,
  /** Largest page: bounds snippet work per request. */
  maxLimit: 100,
  /** Deepest offset: nobody pages past ten thousand results; export uses its own paging. */
  maxOffset: 10_000,
} as const;

/** Server defaults. */
export const SERVER = {
  port: 3000,
  host: '0.0.0.0',
} as const;
