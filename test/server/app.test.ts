import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

describe('createApp', () => {
  it.each(['/api/nothing', '/api/', '/api/documents/a/b/c'])(
    'answers an unknown API path %s with a JSON 404',
    async (path) => {
      const { status, type, body } = await jsonOf<ErrorBody>(await app.get(path));
      expect(status).toBe(404);
      expect(type).toMatch(/^application\/json/);
      expect(body.error.code).toBe('NOT_FOUND');
    },
  );

  it('answers a malformed URI with a JSON 400, not an HTML page', async () => {
    const { status, type, body } = await jsonOf<ErrorBody>(await app.get('/api/documents/%E0%A4%A'));
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.code).toBe('BAD_REQUEST');
  });

  it('refuses a body over the limit with a JSON 413', async () => {
    const response = await app.get('/api/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: 'x'.repeat(20_000) }),
    });
    const { status, body } = await jsonOf<ErrorBody>(response);
    expect(status).toBe(413);
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sends security headers with a same-origin-only content security policy', async () => {
    const response = await app.get('/api/health');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allows cross-origin GETs of the API', async () => {
    const response = await app.get('/api/health', { headers: { origin: 'https://example.org' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves the page and the diff library', async () => {
    const page = await app.get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const diff = await app.get('/vendor/diff.js');
    expect(diff.status).toBe(200);
    expect(diff.headers.get('content-type')).toMatch(/javascript/);
    expect(await diff.text()).toContain('diffChars');
  });

  it('limits request rates per client when a limit is set', async () => {
    const limited = await serveSeedApp({ rateLimit: { windowMs: 60_000, limit: 2, skipLoopback: false } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.get('/api/health')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const { body } = await jsonOf<ErrorBody>(await limited.get('/api/health'));
      expect(body.error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
