/**
 * The server over an index with keyword search threads: searches answer as without them, a thread
 * that dies gets its request a JSON 500 (never a hang or an HTML page), and the next request is
 * answered by the replacement.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { type ErrorBody, jsonOf } from '../helpers/seed-app.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';
import { type ServedApp, serveApp } from '../helpers/serve-app.ts';

const KEYWORD = `/api/search?${new URLSearchParams({ q: '知识产权质押融资', mode: 'keyword' })}`;

let index: OpenedIndex;
let app: ServedApp;

beforeAll(async () => {
  index = await openIndex(await seedIndexDir(), {}, { keywordThreads: 1 });
  await index.keywordThreads?.started;
  app = await serveApp(
    createApp(createSearcher(index, { resultCache: false }), { rateLimit: false, logError: () => {} }),
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
  await index?.close();
});

describe('/api/search with keyword search threads', () => {
  it('answers a JSON 500 for the request of a thread that dies, then answers from its replacement', async () => {
    const threads = index.keywordThreads;
    if (!threads) throw new Error('opened without keyword threads');
    // The thread is terminated as the search is handed to the pool, in the same tick: piscina still
    // counts it idle and gives it the task, which it never runs.
    const search = threads.search.bind(threads);
    const spy = vi.spyOn(threads, 'search').mockImplementationOnce((task) => {
      void threads.threads[0]?.terminate();
      return search(task);
    });
    const { status, type, body } = await jsonOf<ErrorBody>(await app.get(KEYWORD));
    spy.mockRestore();
    expect(status).toBe(500);
    expect(type).toMatch(/application\/json/u);
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).toMatch(/keyword search failed in its thread/u);
    const answered = threads.answered;
    const next = await jsonOf(await app.get(KEYWORD));
    expect(next.status).toBe(200);
    expect(next.body.hits.length).toBeGreaterThan(0);
    expect(threads.answered).toBe(answered + 1);
  }, 30_000);
});
