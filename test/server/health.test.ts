import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, type HealthBody, jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

describe('GET /api/health', () => {
  it('refuses other methods with a JSON 404', async () => {
    const { status, body } = await jsonOf<ErrorBody>(await app.get('/api/health', { method: 'POST' }));
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('reports the index: counts, build time and embedder', async () => {
    const { status, type, body } = await jsonOf<HealthBody>(await app.get('/api/health'));
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body).toMatchObject({ status: 'ok', documents: 5 });
    expect(body.paragraphs).toBeGreaterThan(100);
    expect(Date.parse(body.builtAt)).not.toBeNaN();
    expect(body.embedder).toMatchObject({ kind: 'corpus' });
    expect(body.embedder?.dimensions).toBeGreaterThan(0);
  });
});
