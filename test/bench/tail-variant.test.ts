import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVariant } from './tail-variant.ts';

describe('parseVariant', () => {
  it.each([
    ['after=.', { name: 'after', root: resolve('.'), env: {} }],
    ['before=/work/main', { name: 'before', root: '/work/main', env: {} }],
    ['solo', { name: 'solo', root: resolve('.'), env: {} }],
    [
      'cache 16=.:RESULT_CACHE_MB=16:LAUNCH=npm-run-serve',
      { name: 'cache 16', root: resolve('.'), env: { RESULT_CACHE_MB: '16', LAUNCH: 'npm-run-serve' } },
    ],
    [
      'flags=.:NODE_ARGS=--max-semi-space-size=0 --heap-growing-percent=0',
      {
        name: 'flags',
        root: resolve('.'),
        env: { NODE_ARGS: '--max-semi-space-size=0 --heap-growing-percent=0' },
      },
    ],
    [
      'arenas=/tmp/x:GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2:RESULT_CACHE=0',
      {
        name: 'arenas',
        root: '/tmp/x',
        env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2', RESULT_CACHE: '0' },
      },
    ],
  ])('reads %s', (spec, expected) => {
    expect(parseVariant(spec)).toEqual(expected);
  });
});
