import { describe, expect, it } from 'vitest';
import { createEmbeddingCache, decodeEmbeddingCache } from '../../src/embedding/embedding-cache.ts';
import type { EmbedderInfo } from '../../src/types.ts';

const info: EmbedderInfo = { kind: 'corpus', model: 'abc123', dimensions: 3 };

describe('createEmbeddingCache', () => {
  it('finds a vector by its paragraph text', () => {
    const cache = createEmbeddingCache(info);
    cache.set('知识产权质押融资', Float32Array.of(1, 0, 0));
    expect(cache.get('知识产权质押融资')).toEqual(Float32Array.of(1, 0, 0));
    expect(cache.get('知识产权质押')).toBeUndefined();
  });

  it('refuses a vector of the wrong width', () => {
    expect(() => createEmbeddingCache(info).set('x', Float32Array.of(1, 0))).toThrow(/dimensions/);
  });

  it('forgets paragraphs that are no longer indexed', () => {
    const cache = createEmbeddingCache(info);
    cache.set('a', Float32Array.of(1, 0, 0));
    cache.set('b', Float32Array.of(0, 1, 0));
    cache.retainOnly(['b']);
    expect(cache.size).toBe(1);
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('decodeEmbeddingCache', () => {
  const cache = createEmbeddingCache(info);
  cache.set('一窗通办', Float32Array.of(0.6, 0.8, 0));
  cache.set('数据知识产权', Float32Array.of(0, 0, 1));
  const bytes = cache.encode();

  it('restores every entry that encode wrote', () => {
    const decoded = decodeEmbeddingCache(bytes, info);
    expect(decoded.size).toBe(2);
    expect(decoded.get('一窗通办')).toEqual(Float32Array.of(0.6, 0.8, 0));
    expect(decoded.get('数据知识产权')).toEqual(Float32Array.of(0, 0, 1));
  });

  it.each([
    ['another model', { ...info, model: 'other' }, bytes],
    ['another kind', { ...info, kind: 'transformer' as const }, bytes],
    ['truncated bytes', info, bytes.subarray(0, bytes.length - 1)],
    ['not a cache', info, new TextEncoder().encode('hello, this is not a cache file')],
  ])('gives an empty cache for %s', (_case, wanted, input) => {
    expect(decodeEmbeddingCache(input, wanted).size).toBe(0);
  });
});
