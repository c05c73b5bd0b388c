import { describe, expect, it } from 'vitest';
import { createSearchTiming, timed, timedAsync, tookMsOf } from '../../src/search/search-timing.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { seedIndex, seedSearcher } from '../helpers/seed-index.ts';

describe('timed and timedAsync', () => {
  it('add the duration of each run to its phase, and return what the work returns', async () => {
    const timing = createSearchTiming();
    expect(timed(timing, 'parse', () => 1)).toBe(1);
    expect(timed(timing, 'parse', () => 2)).toBe(2);
    expect(
      await timedAsync(timing, 'semantic', () => new Promise((done) => setTimeout(() => done(3), 20))),
    ).toBe(3);
    expect([...timing.phases.keys()]).toEqual(['parse', 'semantic']);
    expect(timing.phases.get('semantic')).toBeGreaterThanOrEqual(15);
  });

  it('record a phase that throws, and rethrow', () => {
    const timing = createSearchTiming();
    expect(() =>
      timed(timing, 'keyword', () => {
        throw new Error('bad query');
      }),
    ).toThrow('bad query');
    expect(timing.phases.has('keyword')).toBe(true);
  });

  it('only run the work without a timing', async () => {
    expect(timed(undefined, 'facets', () => 'done')).toBe('done');
    expect(await timedAsync(undefined, 'facets', async () => 'done')).toBe('done');
  });
});

describe('tookMsOf', () => {
  it.each([
    [0, 0],
    [0.001, 0.01],
    [1.234, 1.24],
    [2.5, 2.5],
  ])('rounds %f ms up to %f', (ms, expected) => {
    expect(tookMsOf(ms)).toBe(expected);
  });
});

describe('searcher.search timing', () => {
  it.each([
    ['keyword', ['parse', 'keyword', 'snippets', 'facets']],
    ['semantic', ['parse', 'semantic', 'snippets', 'facets']],
    ['hybrid', ['parse', 'keyword', 'semantic', 'concept', 'fuse', 'snippets', 'facets']],
  ] as const)('in %s mode times every phase, and tookMs covers them all', async (mode, phases) => {
    const searcher = await seedSearcher();
    const timing = createSearchTiming();
    const response = await searcher.search(
      { query: '知识产权质押融资', mode, limit: 20, offset: 0, filters: {} },
      timing,
    );
    expect([...timing.phases.keys()].sort()).toEqual([...phases].sort());
    const covered = [...timing.phases.values()].reduce((a, b) => a + b, 0);
    expect(response.tookMs).toBeGreaterThanOrEqual(covered);
  });

  it('bills to semantic a walk this thread makes while hybrid asks for it, before the keyword half', async () => {
    const index = await seedIndex();
    const semantic = index.semantic;
    if (!semantic) throw new Error('the seed index has embeddings');
    // A thread that walks the graph itself answers within the call (src/persist/semantic-thread.ts).
    const walkingHere = {
      ...semantic,
      neighbours: {
        ...semantic.neighbours,
        nearestToText(text: string, k: number) {
          const until = performance.now() + 30;
          while (performance.now() < until) {}
          return semantic.neighbours.nearestToText(text, k);
        },
      },
    };
    const timing = createSearchTiming();
    await createSearcher({ ...index, semantic: walkingHere }, { resultCache: false }).search(
      { query: '知识产权质押融资', mode: 'hybrid', limit: 20, offset: 0, filters: {} },
      timing,
    );
    expect(timing.phases.get('semantic')).toBeGreaterThanOrEqual(30);
  });
});
