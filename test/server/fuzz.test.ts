/**
 * Property-based fuzzing of every endpoint over a real server on loopback: whatever arrives —
 * any Unicode, control characters, lone surrogates, 100 kB values, numbers out of range, repeated,
 * missing and unknown parameters, odd paths — the answer is a 2xx, or a 4xx with the JSON error
 * shape; never a 5xx, and the server keeps answering.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { seedIndex } from '../helpers/seed-index.ts';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

let server: http.Server;
let port = 0;
let knownParagraphId = '';
let knownDocumentId = '';
const serverErrors: unknown[] = [];

/** Sends a request with the path exactly as given (no URL normalization, unlike fetch). */
function request(rawPath: string, options: { method?: string; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method: options.method ?? 'GET', agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      req.setHeader('content-type', 'application/json');
      req.end(options.body);
    } else req.end();
  });
}

/** A 2xx, or a 4xx whose body is `{"error":{"code","message"}}`. */
function expectWellFormed(answer: Answer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.body.slice(0, 200)}`).toBeLessThan(500);
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  if (answer.status >= 400) {
    expect(answer.contentType, what).toMatch(/application\/json/);
    const body = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
  }
}

/**
 * Percent-encodes every UTF-16 unit, lone surrogates included (as the WTF-8 bytes a careless client
 * sends), so any string can travel in a URL.
 */
function encodeAny(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(value[i] as string);
  }
  return out;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
/** Strings that break naive code: any code point, control characters, lone surrogates, CJK, operators. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(
      loneSurrogate,
      control,
      fc.constantFrom('"', '(', ')', '|', '-', ' ', '同句', '知识产权', '%', '\\', '/', '..'),
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    '知识产权质押融资',
    '"数据知识产权',
    '同段(专利 商标',
    'A OR B',
    '-',
    '|',
    '""',
    '()',
    '\u0000',
    '𠀀𠀁',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '-1',
    '0',
    '101',
    '99999999999999999999',
    '1e3',
    '2020-1900',
    '0x10',
    'NaN',
    'Infinity',
    '',
  ),
);
/** Raw percent sequences that are not valid UTF-8 or not valid escapes at all. */
const brokenEscape = fc.constantFrom('%', '%zz', '%E4%B8', '%C0%AF', '%FF', '%ED%A0%80', '%2F', '%00');

const PARAMS = [
  'q',
  'mode',
  'limit',
  'offset',
  'year',
  'doc',
  'agency',
  'format',
  'sameDocument',
  'unknown',
  'q[]',
  'limit[x]',
];
const param = fc.tuple(
  fc.constantFrom(...PARAMS),
  fc.oneof({ weight: 5, arbitrary: nasty.map(encodeAny) }, { weight: 1, arbitrary: brokenEscape }),
);
/** A query string: any number of parameters, some repeated, some missing, some unknown. */
const queryString = fc
  .array(param, { maxLength: 6 })
  .map((pairs) =>
    pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`,
  );

const ENDPOINTS = [
  '/api/search',
  '/api/timeline',
  '/api/export',
  '/api/documents',
  '/api/health',
  '/api/documents/{id}',
  '/api/paragraphs/{id}',
  '/api/paragraphs/{id}/similar',
  '/api/suggest',
  '/api/openapi.json',
  '/api/{id}',
];
/** Path ids: real ones, traversal attempts, encoded slashes, very long and nasty ones. */
const pathId = fc.oneof(
  fc.constant('{known}'),
  fc.constantFrom(
    '..',
    '..%2F..%2Fpackage.json',
    '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '%2F',
    '%5C..%5C',
    '.',
    'CURRENT',
    '%00',
  ),
  nasty.map(encodeAny),
  brokenEscape,
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'a'.repeat(n)),
);

function fillPath(endpoint: string, id: string): string {
  const known = endpoint.startsWith('/api/documents') ? knownDocumentId : knownParagraphId;
  return endpoint.replace('{id}', id.replace('{known}', known));
}

beforeAll(async () => {
  const index = await seedIndex();
  knownParagraphId = index.corpus.paragraphs[3]?.id ?? '';
  knownDocumentId = index.corpus.documents[0]?.id ?? '';
  const app = createApp(createSearcher(index), { rateLimit: false, logError: (e) => serverErrors.push(e) });
  // A larger header limit than Node's 16 kB default, so 100 kB values reach the app instead of Node's 431.
  server = http.createServer({ maxHeaderSize: 512 * 1024 }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('every endpoint under fuzzed input', () => {
  it('answers random parameters on every endpoint with a 2xx or a JSON 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), pathId, queryString, async (endpoint, id, qs) => {
        const target = fillPath(endpoint, id) + qs;
        expectWellFormed(await request(target), target.slice(0, 300));
      }),
      { numRuns: 250 },
    );
    expect(serverErrors).toEqual([]);
  });

  it('answers search, timeline and export with every mode and random values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/search', '/api/timeline', '/api/export'),
        fc.constantFrom('keyword', 'semantic', 'hybrid'),
        nasty,
        fc.record({ limit: nasty, offset: nasty, year: nasty }, { requiredKeys: [] }),
        async (endpoint, mode, q, extra) => {
          const params = Object.entries({ q, mode, ...extra }).map(([k, v]) => `${k}=${encodeAny(v)}`);
          const target = `${endpoint}?${params.join('&')}`;
          expectWellFormed(await request(target), target.slice(0, 300));
        },
      ),
      { numRuns: 200 },
    );
    expect(serverErrors).toEqual([]);
  });

  it('answers 100 kB values in any parameter or path, refusing them where they are the query or an id', async () => {
    const huge = '知'.repeat(100_000 / 3);
    for (const [target, refused] of [
      [`/api/search?q=${encodeAny(huge)}`, true],
      [`/api/timeline?q=${encodeAny(huge)}&mode=semantic`, true],
      [`/api/paragraphs/${'x'.repeat(100_000)}`, true],
      [`/api/documents/${encodeAny(huge)}`, true],
      [`/api/search?q=a&doc=${encodeAny(huge)}`, false],
      [`/api/search?q=a&agency=${encodeAny(huge)}`, false],
      [`/api/search?q=a&year=${'2020,'.repeat(20_000)}`, true],
    ] as const) {
      const answer = await request(target);
      expectWellFormed(answer, target.slice(0, 80));
      if (refused) expect(answer.status, target.slice(0, 80)).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses request bodies and other methods politely', async () => {
    for (const [method, target, body] of [
      ['POST', '/api/search?q=a', JSON.stringify({ q: 'x'.repeat(100_000) })],
      ['POST', '/api/search', '{not json'],
      ['PUT', '/api/documents', '{}'],
      ['DELETE', '/api/paragraphs/x', undefined],
    ] as const) {
      expectWellFormed(await request(target, { method, ...(body ? { body } : {}) }), `${method} ${target}`);
    }
  });

  it('never serves files named by a path id', async () => {
    for (const id of [
      '..%2F..%2Fpackage.json',
      '%2E%2E%2F%2E%2E%2Fsrc%2Fconfig.ts',
      '..%5C..%5Cpackage.json',
    ]) {
      for (const endpoint of ['/api/documents/', '/api/paragraphs/']) {
        const answer = await request(endpoint + id);
        expect(answer.status, endpoint + id).toBe(404);
        expect(answer.body).not.toContain('policy-search');
      }
    }
  });

  it('refuses a 10,000-character query with 400 quickly', async () => {
    const query = encodeAny('知识产权质押融资 '.repeat(1_112).slice(0, 10_000));
    for (const mode of ['keyword', 'semantic', 'hybrid']) {
      const started = performance.now();
      const answer = await request(`/api/search?mode=${mode}&q=${query}`);
      expect(performance.now() - started).toBeLessThan(500);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: expect.any(String) } });
    }
  });

  it('keeps answering normal requests after the fuzzing', async () => {
    const health = await request('/api/health');
    expect(health.status).toBe(200);
    const search = await request(`/api/search?mode=keyword&q=${encodeURIComponent('知识产权质押融资')}`);
    expect(search.status).toBe(200);
    expect((JSON.parse(search.body) as { total: number }).total).toBeGreaterThan(0);
  });
});
