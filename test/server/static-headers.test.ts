import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELMET_OPTIONS } from '../../src/server/app.ts';
import {
  applyHeaders,
  flatHeaderList,
  type RecordedHeaders,
  recordHeaders,
} from '../../src/server/static-headers.ts';
import { serveSeedApp } from '../helpers/seed-app.ts';
import { type ServedApp, serveApp } from '../helpers/serve-app.ts';

/** The helmet headers of a response: every header helmet itself sets on a bare Express app. */
async function helmetHeadersOf(response: Response, names: string[]): Promise<Record<string, string | null>> {
  await response.arrayBuffer();
  return Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));
}

let app: ServedApp;
let reference: ServedApp;
let helmetNames: string[];
beforeAll(async () => {
  app = await serveSeedApp();
  // What helmet and cors send when they run per request, as they did before their headers were recorded.
  const bare = express();
  bare.use(helmet(HELMET_OPTIONS));
  bare.use('/api', cors({ methods: ['GET', 'HEAD'] }));
  bare.use((_req, res) => {
    res.json({});
  });
  reference = await serveApp(bare);
  const probe = await reference.get('/');
  await probe.arrayBuffer();
  const names: string[] = [];
  probe.headers.forEach((_value, name) => {
    names.push(name);
  });
  const transport = ['content-type', 'content-length', 'etag', 'date', 'connection', 'keep-alive'];
  helmetNames = names.filter((name) => !transport.includes(name));
});
afterAll(async () => {
  await app.close();
  await reference.close();
});

describe('recorded security and CORS headers', () => {
  it('holds the headers helmet sets, among them the CSP', () => {
    expect(helmetNames).toEqual(
      expect.arrayContaining([
        'content-security-policy',
        'x-content-type-options',
        'strict-transport-security',
      ]),
    );
  });

  it.each(['/api/health', '/api/search?q=专利&mode=keyword', '/api/nothing', '/', '/vendor/diff.js'])(
    'sends on %s exactly the headers helmet sends per request',
    async (path) => {
      const expected = await helmetHeadersOf(await reference.get(path), helmetNames);
      expect(await helmetHeadersOf(await app.get(path), helmetNames)).toEqual(expected);
    },
  );

  it.each([
    ['a simple GET', 'GET', {}],
    ['a preflight', 'OPTIONS', { origin: 'https://example.org', 'access-control-request-method': 'GET' }],
  ])('answers %s of the API with the CORS headers cors itself gives', async (_label, method, headers) => {
    const names = ['access-control-allow-origin', 'access-control-allow-methods', 'vary'];
    const init = { method, headers };
    const ours = await helmetHeadersOf(await app.get('/api/health', init), names);
    expect(ours).toEqual(await helmetHeadersOf(await reference.get('/api/health', init), names));
    expect(ours['access-control-allow-origin']).toBe('*');
  });
});

describe('recordHeaders', () => {
  it('records what a middleware sets and removes, for applyHeaders to copy', () => {
    const recorded = recordHeaders((_req, res, next) => {
      res.setHeader('X-One', '1');
      res.setHeader('X-Two', ['a', 'b']);
      res.removeHeader('X-Powered-By');
      next();
    });
    expect(recorded).toEqual({
      set: [
        ['X-One', '1'],
        ['X-Two', ['a', 'b']],
      ],
      removed: ['X-Powered-By'],
    });
    const calls: string[] = [];
    const res = {
      setHeader: (name: string) => calls.push(`set ${name}`),
      removeHeader: (name: string) => calls.push(`remove ${name}`),
    } as unknown as express.Response;
    applyHeaders(recorded)({} as express.Request, res, () => calls.push('next'));
    expect(calls).toEqual(['remove X-Powered-By', 'set X-One', 'set X-Two', 'next']);
  });

  it('refuses a middleware that does not call next() at once', () => {
    expect(() => recordHeaders((_req, _res, next) => void setTimeout(next, 1))).toThrow(/synchronously/);
  });
});

describe('flatHeaderList', () => {
  it.each([
    [
      'lists each set in order, values as recorded',
      [
        {
          set: [
            ['A', '1'],
            ['B', ['x', 'y']],
          ],
          removed: [],
        },
      ],
      ['A', '1', 'B', ['x', 'y']],
    ],
    [
      'lets a later set override an earlier one in place, as setHeader does',
      [
        {
          set: [
            ['A', '1'],
            ['B', '2'],
          ],
          removed: [],
        },
        { set: [['a', '3']], removed: [] },
      ],
      ['a', '3', 'B', '2'],
    ],
    [
      'drops what a later set removes',
      [
        {
          set: [
            ['A', '1'],
            ['B', '2'],
          ],
          removed: [],
        },
        { set: [], removed: ['b'] },
      ],
      ['A', '1'],
    ],
    [
      'puts a header removed and set again at the end',
      [
        {
          set: [
            ['A', '1'],
            ['B', '2'],
          ],
          removed: [],
        },
        { set: [['A', '3']], removed: ['A'] },
      ],
      ['B', '2', 'A', '3'],
    ],
  ] as [string, RecordedHeaders[], (string | string[])[]][])('%s', (_what, recorded, expected) => {
    expect(flatHeaderList(...recorded)).toEqual(expected);
  });
});

describe('rate limit and loopback', () => {
  it('never limits a loopback client when skipLoopback is set, and sends no rate-limit headers', async () => {
    const limited = await serveSeedApp({ rateLimit: { windowMs: 60_000, limit: 2, skipLoopback: true } });
    try {
      const responses = [];
      for (let i = 0; i < 4; i++) responses.push(await limited.get('/api/health'));
      expect(responses.map(({ status }) => status)).toEqual([200, 200, 200, 200]);
      expect(responses[0]?.headers.get('ratelimit')).toBeNull();
    } finally {
      await limited.close();
    }
  });

  it('limits a loopback client when skipLoopback is off, with the draft-8 headers', async () => {
    const limited = await serveSeedApp({ rateLimit: { windowMs: 60_000, limit: 2, skipLoopback: false } });
    try {
      const first = await limited.get('/api/health');
      expect(first.headers.get('ratelimit-policy')).toMatch(/q=2/);
      await limited.get('/api/health');
      expect((await limited.get('/api/health')).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
