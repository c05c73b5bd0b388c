import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Searcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { type ErrorBody, type HealthBody, jsonOf } from '../helpers/seed-app.ts';
import { type ServedApp, serveApp } from '../helpers/serve-app.ts';
import { emptySearcher } from '../helpers/stub-searcher.ts';

/** A searcher whose search fails and whose timeline is slow: the failures the server must contain. */
const failingSearcher: Searcher = {
  ...emptySearcher(),
  search: async () => {
    throw new Error('database password is hunter2');
  },
  timeline: () =>
    new Promise((resolve) =>
      setTimeout(() => resolve({ query: '', mode: 'keyword', first: null, years: [], possible: [] }), 300),
    ),
};

let app: ServedApp;
const logged: unknown[] = [];
beforeAll(async () => {
  app = await serveApp(
    createApp(failingSearcher, {
      rateLimit: false,
      requestTimeoutMs: 50,
      logError: (error) => logged.push(error),
    }),
  );
});
afterAll(() => app.close());

describe('createApp error handling', () => {
  it('answers an unexpected failure with a JSON 500 that reveals nothing, and logs it', async () => {
    const { status, type, body } = await jsonOf<ErrorBody>(await app.get('/api/search?q=专利'));
    expect(status).toBe(500);
    expect(type).toMatch(/^application\/json/);
    expect(body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(logged).toHaveLength(1);
  });

  it('answers a request that outlives its timeout with a JSON 503', async () => {
    const { status, body } = await jsonOf<ErrorBody>(await app.get('/api/timeline?q=专利'));
    expect(status).toBe(503);
    expect(body.error.code).toBe('TIMEOUT');
  });

  it('keeps serving after both', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { status, body } = await jsonOf<HealthBody>(await app.get('/api/health'));
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
  });
});
