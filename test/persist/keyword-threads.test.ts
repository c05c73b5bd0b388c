/**
 * Keyword search threads against keyword search in this thread, on the seed index: the same answers
 * (hits, scores, snippets, facets, totals, pages) in every mode, with filters and phrase queries; a
 * thread that dies answered with a clear error and replaced, never a hung request; a closed pool
 * leaves searches to this thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchError } from '../../src/errors.ts';
import type { KeywordThreads } from '../../src/persist/keyword-threads.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher, type Searcher } from '../../src/search/searcher.ts';
import type { SearchFilters, SearchMode, SearchResponse } from '../../src/types.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

let pooled: OpenedIndex;
let inThread: OpenedIndex;
let pooledSearcher: Searcher;
let inThreadSearcher: Searcher;

const threadsOf = (index: OpenedIndex): KeywordThreads => {
  if (!index.keywordThreads) throw new Error('opened without keyword threads');
  return index.keywordThreads;
};

beforeAll(async () => {
  const dir = await seedIndexDir();
  [pooled, inThread] = await Promise.all([openIndex(dir, {}, { keywordThreads: 2 }), openIndex(dir)]);
  await threadsOf(pooled).started;
  pooledSearcher = createSearcher(pooled, { resultCache: false });
  inThreadSearcher = createSearcher(inThread, { resultCache: false });
}, 60_000);

afterAll(async () => {
  await pooled?.close();
  await inThread?.close();
});

/** An answer without the time it took: the rest must be the same to the byte. */
const untimed = ({ tookMs: _took, ...rest }: SearchResponse) => rest;

const MODES: SearchMode[] = ['keyword', 'hybrid'];
const CASES: { query: string; filters: SearchFilters; offset?: number }[] = [
  { query: '知识产权', filters: {} },
  { query: '知识产权质押融资', filters: {} },
  { query: '"知识产权质押"', filters: {} },
  { query: '专利 转化', filters: {} },
  { query: '专利 OR 商标', filters: {} },
  { query: '知识产权 -商标', filters: {} },
  { query: '数据 知识产权 保护', filters: { years: [2023] } },
  { query: '知识产权', filters: { agencies: ['中央宣传部'] } },
  { query: '知识产权', filters: {}, offset: 20 },
  { query: 'IPC 分类', filters: {} },
  { query: '不在语料里的词语组合', filters: {} },
];

describe('keyword search threads', () => {
  it('shares the keyword side and runs the searches in its threads', () => {
    const threads = threadsOf(pooled);
    expect(threads.size).toBe(2);
    expect(threads.threads).toHaveLength(2);
    expect(inThread.keywordThreads).toBeNull();
  });

  const table = MODES.flatMap((mode) => CASES.map((entry) => ({ mode, ...entry })));
  it.each(table)('answers $mode "$query" $filters (offset $offset) as this thread does', async (entry) => {
    const request = {
      query: entry.query,
      mode: entry.mode,
      filters: entry.filters,
      offset: entry.offset ?? 0,
      limit: 10,
    };
    const before = threadsOf(pooled).answered;
    const [fromThreads, here] = await Promise.all([
      pooledSearcher.search(request),
      inThreadSearcher.search(request),
    ]);
    expect(threadsOf(pooled).answered).toBe(before + 1);
    expect(untimed(fromThreads)).toEqual(untimed(here));
  });

  it('searches here, rather than queue, what arrives while every thread is busy', async () => {
    const before = threadsOf(pooled).answered;
    const queries = ['知识产权', '专利', '商标', '数据'];
    const requests = queries.map((query) => ({
      query,
      mode: 'keyword' as const,
      filters: {},
      offset: 0,
      limit: 10,
    }));
    const answers = await Promise.all(requests.map((request) => pooledSearcher.search(request)));
    // Two threads: the first two went to them, the other two ran in this thread meanwhile.
    expect(threadsOf(pooled).answered).toBe(before + 2);
    for (const [i, request] of requests.entries()) {
      expect(untimed(answers[i] as SearchResponse)).toEqual(untimed(await inThreadSearcher.search(request)));
    }
  });

  it('exports the same rows', async () => {
    const request = { query: '知识产权', mode: 'keyword' as const, filters: {} };
    expect(await pooledSearcher.exportRows(request)).toEqual(await inThreadSearcher.exportRows(request));
  });

  it('fails the search of a thread that dies with a clear error, then answers from a replacement', async () => {
    const threads = threadsOf(pooled);
    const request = { query: '知识产权', mode: 'keyword' as const, filters: {}, offset: 0, limit: 10 };
    // Terminated, then asked in the same tick: piscina still counts both threads as idle and hands
    // them the tasks, which the dead one never runs.
    const dying = Promise.all(threads.threads.map((worker) => worker.terminate()));
    const pending = [pooledSearcher.search(request), pooledSearcher.search(request)].map((search) =>
      search.catch((error: unknown) => error),
    );
    await dying;
    const failures = await Promise.all(pending);
    expect(failures.some((failure) => failure instanceof SearchError)).toBe(true);
    for (const failure of failures) {
      if (!(failure instanceof SearchError)) continue;
      expect(failure.code).toBe('INTERNAL');
      expect(failure.message).toMatch(/keyword search failed in its thread/u);
    }
    expect(untimed(await pooledSearcher.search(request))).toEqual(
      untimed(await inThreadSearcher.search(request)),
    );
  }, 30_000);
});

describe('a closed pool', () => {
  it('stops its threads and leaves later searches to this thread, with the same answers', async () => {
    const dir = await seedIndexDir();
    const index = await openIndex(dir, {}, { keywordThreads: 1 });
    const threads = threadsOf(index);
    await threads.started;
    const [worker] = threads.threads;
    const exited = new Promise((resolve) => worker?.once('exit', resolve));
    await index.close();
    await exited;
    expect(threads.threads).toHaveLength(0);
    const request = { query: '知识产权', mode: 'keyword' as const, filters: {}, offset: 0, limit: 10 };
    expect(untimed(await createSearcher(index, { resultCache: false }).search(request))).toEqual(
      untimed(await inThreadSearcher.search(request)),
    );
  }, 30_000);
});
