/**
 * The server while its semantic half still loads after start (src/vector/pending-neighbours.ts):
 * keyword searches, documents and paragraphs answer at once; `/api/health` says `loading`, then
 * `ready`; a hybrid request made meanwhile waits and gets the same answer as a fully loaded server;
 * one that waits past the bound gets 503 SEMANTIC_LOADING; after a failed load every semantic
 * request gets 503 SEMANTIC_UNAVAILABLE with the reason and health says `degraded`.
 * The load is a promise each test ends when it chooses, over the seed index's real semantic half.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import type { NeighbourSearch } from '../../src/vector/neighbour-search.ts';
import { pendingNeighbourSearch } from '../../src/vector/pending-neighbours.ts';
import { type ErrorBody, type HealthBody, jsonOf } from '../helpers/seed-app.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { type ServedApp, serveApp } from '../helpers/serve-app.ts';

const HYBRID = `/api/search?${new URLSearchParams({ q: '知识产权质押融资', mode: 'hybrid' })}`;
const KEYWORD = `/api/search?${new URLSearchParams({ q: '知识产权质押融资', mode: 'keyword' })}`;

let loaded: LoadedIndex;
let app: ServedApp | null = null;

beforeAll(async () => {
  loaded = await seedIndex();
});

afterEach(async () => {
  await app?.close();
  app = null;
});

/** Serves the seed index with its semantic half behind a load the test ends; `waitMs` bounds each wait. */
async function serveLoading(waitMs: number) {
  const semantic = loaded.semantic;
  if (!semantic) throw new Error('the seed index has no semantic half');
  let finish!: (search: NeighbourSearch) => void;
  let fail!: (error: Error) => void;
  const loading = new Promise<NeighbourSearch>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const pending = pendingNeighbourSearch(loading, {
    info: semantic.neighbours.info,
    size: semantic.neighbours.size,
    waitMs,
  });
  const index: LoadedIndex = {
    ...loaded,
    semantic: { ...semantic, neighbours: pending, local: null },
    semanticStatus: () => pending.status(),
  };
  app = await serveApp(createApp(createSearcher(index), { rateLimit: false, logError: () => {} }));
  return {
    app,
    finish: () => finish(semantic.neighbours),
    fail: (reason: string) => fail(new Error(reason)),
    settled: pending.settled,
  };
}

describe('a server whose semantic half is still loading', () => {
  it('answers keyword searches, documents and paragraphs at once, and health says loading', async () => {
    const { app } = await serveLoading(60_000);
    const health = await jsonOf<HealthBody>(await app.get('/api/health'));
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', semantic: 'loading' });
    const keyword = await jsonOf(await app.get(KEYWORD));
    expect(keyword.status).toBe(200);
    expect(keyword.body.hits.length).toBeGreaterThan(0);
    const paragraphId = keyword.body.hits[0]?.id as string;
    expect((await app.get(`/api/paragraphs/${encodeURIComponent(paragraphId)}`)).status).toBe(200);
    const docId = keyword.body.hits[0]?.docId as string;
    expect((await app.get(`/api/documents/${encodeURIComponent(docId)}`)).status).toBe(200);
  });

  it('holds a hybrid request until the half is loaded, then answers it as a loaded server does', async () => {
    const { app, finish, settled } = await serveLoading(60_000);
    let answered = false;
    const waiting = app.get(HYBRID).then((response) => {
      answered = true;
      return response;
    });
    // Still waiting well after a keyword search would have been answered.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(answered).toBe(false);
    expect((await jsonOf<HealthBody>(await app.get('/api/health'))).body.semantic).toBe('loading');
    finish();
    await settled;
    const { status, body } = await jsonOf(await waiting);
    expect(status).toBe(200);
    const reference = await createSearcher(loaded, { resultCache: false }).search({
      query: '知识产权质押融资',
      mode: 'hybrid',
      limit: 20,
      offset: 0,
      filters: {},
    });
    expect(body.hits.map((hit) => [hit.id, hit.matchedBy])).toEqual(
      reference.hits.map((hit) => [hit.id, hit.matchedBy]),
    );
    expect(body.hits.some((hit) => hit.matchedBy.includes('semantic'))).toBe(true);
    const health = await jsonOf<HealthBody>(await app.get('/api/health'));
    expect(health.body).toMatchObject({ status: 'ok', semantic: 'ready' });
  });

  it('answers 503 SEMANTIC_LOADING to a request that waited its bound, while keyword search answers', async () => {
    const { app, finish } = await serveLoading(30);
    const { status, type, body } = await jsonOf<ErrorBody>(await app.get(HYBRID));
    expect(status).toBe(503);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.code).toBe('SEMANTIC_LOADING');
    expect(body.error.message).toMatch(/still loading.*mode=keyword/);
    expect((await app.get(KEYWORD)).status).toBe(200);
    finish();
  });

  it('after a failed load: health degraded with the reason, semantic 503 SEMANTIC_UNAVAILABLE, keyword still 200', async () => {
    const { app, fail, settled } = await serveLoading(60_000);
    const waiting = app.get(`/api/search?${new URLSearchParams({ q: '知识产权', mode: 'semantic' })}`);
    fail('vector/hnsw.bin is corrupted (checksum mismatch)');
    await settled;
    for (const response of [await waiting, await app.get(HYBRID)]) {
      const { status, body } = await jsonOf<ErrorBody>(response);
      expect(status).toBe(503);
      expect(body.error.code).toBe('SEMANTIC_UNAVAILABLE');
      expect(body.error.message).toContain('hnsw.bin is corrupted');
    }
    const health = await jsonOf<HealthBody>(await app.get('/api/health'));
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      semantic: 'failed',
      semanticError: 'vector/hnsw.bin is corrupted (checksum mismatch)',
    });
    expect((await app.get(KEYWORD)).status).toBe(200);
  });
});
