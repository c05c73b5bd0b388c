/** resultCacheFromEnv: the server's result cache as RESULT_CACHE and RESULT_CACHE_MB set it. */
import { describe, expect, it } from 'vitest';
import { RESULT_CACHE } from '../../src/config.ts';
import { resultCacheFromEnv } from '../../src/server/result-cache-env.ts';

const bounded = (maxBytes: number) => ({
  searcher: { resultCache: { maxEntries: RESULT_CACHE.maxEntries, maxBytes } },
});

describe('resultCacheFromEnv', () => {
  it.each([
    ['nothing set: the default cache', {}, {}],
    ['RESULT_CACHE=0: no cache', { RESULT_CACHE: '0' }, { searcher: { resultCache: false } }],
    [
      'RESULT_CACHE=0 wins over a size',
      { RESULT_CACHE: '0', RESULT_CACHE_MB: '16' },
      { searcher: { resultCache: false } },
    ],
    ['RESULT_CACHE_MB=16: 16 MB', { RESULT_CACHE_MB: '16' }, bounded(16 * 1024 * 1024)],
    ['RESULT_CACHE_MB=0.5: half a megabyte', { RESULT_CACHE_MB: '0.5' }, bounded(512 * 1024)],
    ['RESULT_CACHE_MB=0: the default', { RESULT_CACHE_MB: '0' }, {}],
    ['RESULT_CACHE_MB=-4: the default', { RESULT_CACHE_MB: '-4' }, {}],
    ['RESULT_CACHE_MB=lots: the default', { RESULT_CACHE_MB: 'lots' }, {}],
    ['RESULT_CACHE_MB empty: the default', { RESULT_CACHE_MB: '' }, {}],
  ])('%s', (_name, env, expected) => {
    expect(resultCacheFromEnv(env)).toEqual(expected);
  });
});
