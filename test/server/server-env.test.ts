import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_CACHE, SERVER } from '../../src/config.ts';
import { readServerEnv, resultCacheOption } from '../../src/server/server-env.ts';

const ROOT = '/checkout';

describe('readServerEnv', () => {
  it('gives the defaults when nothing is set', () => {
    expect(readServerEnv({}, ROOT)).toEqual({
      indexDir: path.join(ROOT, 'index-data'),
      port: SERVER.port,
      host: SERVER.host,
      rateLimitPerMinute: SERVER.rateLimit.limit,
      keywordThreads: SERVER.keywordThreads,
      resultCache: true,
      resultCacheMb: RESULT_CACHE.maxBytes / (1024 * 1024),
      lineageWarmUp: true,
    });
  });

  it.each([
    [{ PORT: '8080' }, 'port', 8080],
    [{ PORT: ' 0 ' }, 'port', 0],
    [{ PORT: '' }, 'port', SERVER.port],
    [{ HOST: '127.0.0.1' }, 'host', '127.0.0.1'],
    [{ RATE_LIMIT: '0' }, 'rateLimitPerMinute', 0],
    [{ RATE_LIMIT: '120' }, 'rateLimitPerMinute', 120],
    [{ KEYWORD_THREADS: '2' }, 'keywordThreads', 2],
    [{ RESULT_CACHE: '0' }, 'resultCache', false],
    [{ RESULT_CACHE: '1' }, 'resultCache', true],
    [{ RESULT_CACHE_MB: '16' }, 'resultCacheMb', 16],
    [{ RESULT_CACHE_MB: '0.5' }, 'resultCacheMb', 0.5],
    [{ LINEAGE_WARM_UP: '0' }, 'lineageWarmUp', false],
    [{ PUBLIC_URL: 'https://policy.example.cn' }, 'publicUrl', 'https://policy.example.cn'],
    [{ INDEX_DIR: '/data/laws' }, 'indexDir', '/data/laws'],
  ] as const)('reads %o as %s = %o', (env, field, expected) => {
    expect(readServerEnv(env, ROOT)[field]).toBe(expected);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '0x50'],
    ['RATE_LIMIT', '60/min'],
    ['RATE_LIMIT', '1e3'],
    ['RATE_LIMIT', '99999999999'],
    ['KEYWORD_THREADS', 'two'],
    ['KEYWORD_THREADS', '1000'],
    ['RESULT_CACHE_MB', '0'],
    ['RESULT_CACHE_MB', '-4'],
    ['RESULT_CACHE_MB', 'lots'],
    ['RESULT_CACHE_MB', '5000'],
  ])('refuses %s=%s, naming the variable and its value', (name, value) => {
    expect(() => readServerEnv({ [name]: value }, ROOT)).toThrow(`${name}=${value} is not a `);
  });

  it.each([
    [
      'nothing set: the default bound',
      {},
      { maxEntries: RESULT_CACHE.maxEntries, maxBytes: RESULT_CACHE.maxBytes },
    ],
    ['RESULT_CACHE=0: no cache', { RESULT_CACHE: '0' }, false],
    ['RESULT_CACHE=0 wins over a size', { RESULT_CACHE: '0', RESULT_CACHE_MB: '16' }, false],
    [
      'RESULT_CACHE_MB=16',
      { RESULT_CACHE_MB: '16' },
      { maxEntries: RESULT_CACHE.maxEntries, maxBytes: 16 * 1024 * 1024 },
    ],
    [
      'RESULT_CACHE_MB=0.5',
      { RESULT_CACHE_MB: '0.5' },
      { maxEntries: RESULT_CACHE.maxEntries, maxBytes: 512 * 1024 },
    ],
  ])('gives the searcher its result cache: %s', (_name, env, expected) => {
    expect(resultCacheOption(readServerEnv(env, ROOT))).toEqual(expected);
  });
});
