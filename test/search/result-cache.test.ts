/**
 * The result cache: which requests share a key, its bounds, and the searcher answering a repeated
 * search from it with the same body (only `tookMs`, the time this request took, differs).
 */
import { describe, expect, it } from 'vitest';
import { createResultCache, estimateBytes, requestKey } from '../../src/search/result-cache.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchRequest, SearchResponse } from '../../src/types.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const base: SearchRequest = { query: '知识产权', mode: 'keyword', limit: 20, offset: 0, filters: {} };

describe('requestKey', () => {
  it.each<[string, Partial<SearchRequest>]>([
    ['empty filter lists', { filters: { years: [], docIds: [], agencies: [] } }],
  ])('ignores %s', (_name, change) => {
    expect(requestKey({ ...base, ...change })).toBe(requestKey(base));
  });

  it('ignores the order and repetition of filter values', () => {
    const a = { ...base, filters: { years: [2021, 2020], agencies: ['财政部', '知识产权局'] } };
    const b = { ...base, filters: { years: [2020, 2021, 2020], agencies: ['知识产权局', '财政部'] } };
    expect(requestKey(a)).toBe(requestKey(b));
  });

  it.each<[string, Partial<SearchRequest>]>([
    ['the query', { query: '专利' }],
    ['the query as written (answers echo it)', { query: ' 知识产权' }],
    ['the mode', { mode: 'hybrid' }],
    ['the limit', { limit: 10 }],
    ['the offset', { offset: 20 }],
    ['a year filter', { filters: { years: [2021] } }],
    ['a document filter', { filters: { docIds: ['abc'] } }],
    ['an agency filter', { filters: { agencies: ['财政部'] } }],
  ])('tells requests apart by %s', (_name, change) => {
    expect(requestKey({ ...base, ...change })).not.toBe(requestKey(base));
  });
});

function answer(query: string, textLength = 10): SearchResponse {
  const hit = {
    id: `${query}-1`,
    docId: 'd',
    source: 's.txt',
    title: '标题',
    year: 2021,
    section: [],
    text: '字'.repeat(textLength),
    agencies: [],
    snippet: '',
    highlights: [],
    score: 1,
    matchedBy: ['keyword' as const],
  };
  return {
    query,
    mode: 'keyword',
    total: 1,
    tookMs: 1,
    hits: [hit],
    facets: { years: [], documents: [], agencies: [] },
  };
}

describe('estimateBytes', () => {
  const one = answer('a', 100);
  const [hit] = one.hits;
  if (!hit) throw new Error('no hit');
  it.each<[string, SearchResponse]>([
    ['a longer text', answer('a', 200)],
    [
      'more highlights',
      {
        ...one,
        hits: [
          {
            ...hit,
            highlights: [
              [0, 2],
              [5, 7],
            ],
          },
        ],
      },
    ],
    ['another hit', { ...one, hits: [hit, { ...hit, id: 'a-2' }] }],
    ['a facet entry', { ...one, facets: { ...one.facets, years: [{ year: 2021, count: 1 }] } }],
    ['an agency facet', { ...one, facets: { ...one.facets, agencies: [{ name: '财政部', count: 1 }] } }],
  ])('counts %s', (_name, bigger) => {
    expect(estimateBytes(bigger)).toBeGreaterThan(estimateBytes(one));
  });

  it('counts a CJK character five bytes: two on the heap, three in the JSON body', () => {
    expect(estimateBytes(answer('a', 1100)) - estimateBytes(answer('a', 100))).toBe(5 * 1000);
  });
});

describe('createResultCache', () => {
  it('keeps at most maxEntries answers, dropping the least recently used', () => {
    const cache = createResultCache({ maxEntries: 2, maxBytes: 1e9 });
    for (const query of ['a', 'b']) cache.set({ ...base, query }, answer(query));
    cache.get({ ...base, query: 'a' });
    cache.set({ ...base, query: 'c' }, answer('c'));
    expect(cache.get({ ...base, query: 'b' })).toBeUndefined();
    expect(cache.get({ ...base, query: 'a' })?.query).toBe('a');
    expect(cache.stats()).toMatchObject({ entries: 2, hits: 1 + 1, misses: 1 });
  });

  it('keeps the estimated bytes under maxBytes', () => {
    const one = estimateBytes(answer('a', 1000));
    const cache = createResultCache({ maxEntries: 100, maxBytes: Math.floor(one * 2.5) });
    for (const query of ['a', 'b', 'c', 'd']) cache.set({ ...base, query }, answer(query, 1000));
    expect(cache.stats().entries).toBe(2);
    expect(cache.stats().bytes).toBeLessThanOrEqual(one * 2.5);
  });
});

describe('ResultCache.answer', () => {
  /** A computation that resolves (or rejects) when told to, counting its calls. */
  function controlled() {
    let calls = 0;
    let settle: { resolve: (r: SearchResponse) => void; reject: (e: Error) => void } | undefined;
    const compute = () => {
      calls++;
      return new Promise<SearchResponse>((resolve, reject) => {
        settle = { resolve, reject };
      });
    };
    return { compute, calls: () => calls, settle: () => settle };
  }

  it('computes a new request once while identical requests wait for it, then caches it', async () => {
    const cache = createResultCache({ maxEntries: 10, maxBytes: 1e9 });
    const work = controlled();
    const waiting = [0, 1, 2].map(() => cache.answer(base, work.compute));
    expect(work.calls()).toBe(1);
    work.settle()?.resolve(answer('知识产权'));
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.source)).toEqual(['computed', 'joined', 'joined']);
    expect(new Set(answers.map((a) => a.response)).size).toBe(1);
    const later = await cache.answer(base, work.compute);
    expect(later.source).toBe('cached');
    expect(work.calls()).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, joined: 2, entries: 1 });
  });

  it('does not join different requests', async () => {
    const cache = createResultCache({ maxEntries: 10, maxBytes: 1e9 });
    const work = controlled();
    void cache.answer(base, work.compute);
    void cache.answer({ ...base, offset: 20 }, work.compute);
    expect(work.calls()).toBe(2);
  });

  it('shares a failure with the requests that joined it, caches nothing, and computes afresh next time', async () => {
    const cache = createResultCache({ maxEntries: 10, maxBytes: 1e9 });
    const work = controlled();
    const first = cache.answer(base, work.compute);
    const second = cache.answer(base, work.compute);
    work.settle()?.reject(new Error('worker died'));
    await expect(first).rejects.toThrow('worker died');
    await expect(second).rejects.toThrow('worker died');
    expect(cache.stats().entries).toBe(0);
    const retry = cache.answer(base, work.compute);
    expect(work.calls()).toBe(2);
    work.settle()?.resolve(answer('知识产权'));
    expect((await retry).source).toBe('computed');
  });
});

describe('searcher with the result cache', () => {
  it.each(['keyword', 'hybrid', 'semantic'] as const)(
    'answers a repeated %s search with the same body, counted as a hit',
    async (mode) => {
      const searcher = createSearcher(await seedIndex());
      const request = { ...base, mode, filters: { years: [2021] } };
      const first = await searcher.search(request);
      const again = await searcher.search({ ...request, filters: { years: [2021, 2021] } });
      const { tookMs: _first, ...firstBody } = first;
      const { tookMs: _again, ...againBody } = again;
      expect(againBody).toEqual(firstBody);
      expect(searcher.summary().cache).toMatchObject({ hits: 1, misses: 1, entries: 1 });
      await searcher.search({ ...request, offset: 5 });
      expect(searcher.summary().cache).toMatchObject({ hits: 1, misses: 2, entries: 2 });
    },
  );

  it('answers identical searches made at once with one computation and the same body', async () => {
    const searcher = createSearcher(await seedIndex());
    const request = { ...base, mode: 'hybrid' as const };
    const answers = await Promise.all([1, 2, 3, 4].map(() => searcher.search(request)));
    const bodies = answers.map(({ tookMs: _took, ...body }) => JSON.stringify(body));
    expect(new Set(bodies).size).toBe(1);
    expect(searcher.summary().cache).toMatchObject({ misses: 1, joined: 3, hits: 0, entries: 1 });
  });

  it('is off with resultCache: false: every search is computed and none counted', async () => {
    const searcher = createSearcher(await seedIndex(), { resultCache: false });
    await searcher.search(base);
    await searcher.search(base);
    expect(searcher.summary().cache).toBeUndefined();
  });
});
