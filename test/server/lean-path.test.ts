/**
 * The lean request path (src/server/lean-path.ts) against the Express app it stands in front of: the
 * same requests to an app served with its lean path and to one with `leanPath: false` give the same
 * status, the same bytes and the same headers; the lean path really answers its routes (Express's
 * `handle` is never reached for them) and leaves every other request to Express untouched. Under a
 * rate limit, a remote client's lean answers carry the same RateLimit headers, its lean and Express
 * requests count against one budget, and the lean path refuses with Express's 429.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Express } from 'express';
import { MemoryStore } from 'express-rate-limit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSearcher, type Searcher } from '../../src/search/searcher.ts';
import { type AppOptions, createApp } from '../../src/server/app.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { seedIndex } from '../helpers/seed-index.ts';
import { emptySearcher } from '../helpers/stub-searcher.ts';

/** What a client received, headers by lower-case name. */
interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An app on an ephemeral loopback port, with its Express app to spy on. */
interface Served {
  app: Express;
  send(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<Received>;
  close(): Promise<void>;
}

/**
 * An address of this machine that the server does not take for loopback, so it sees a remote client
 * (one the rate limiter counts): the first external IPv4 interface, else 127.0.0.2 (routed to the
 * loopback interface on Linux, but not one of the loopback addresses the limiter skips).
 */
const REMOTE =
  Object.values(networkInterfaces())
    .flat()
    .find((face) => face !== undefined && face.family === 'IPv4' && !face.internal)?.address ?? '127.0.0.2';

/** An app on an ephemeral port of `host` (loopback by default), which its client connects from. */
async function serve(searcher: Searcher, options: AppOptions, host = '127.0.0.1'): Promise<Served> {
  const app = createApp(searcher, { rateLimit: false, logError: () => {}, ...options });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    app,
    // node:http rather than fetch: it sends the path as written (`#`, odd letter case) and keeps every header.
    send: (method, path, headers = {}, body = '') =>
      new Promise((resolve, reject) => {
        const options = { host, localAddress: host, port, method, path, headers };
        const req = request(options, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        });
        req.on('error', reject);
        req.end(body);
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * An answer without its times, which differ from one request to the next (the Date header, the
 * Server-Timing durations, `tookMs` and so the body's length, the seconds the rate limit's window has
 * left, which count down with the clock); everything else must not.
 */
function withoutTimes(received: Received) {
  const { date, 'server-timing': serverTiming, 'content-length': length, ...headers } = received.headers;
  if (typeof headers.ratelimit === 'string') headers.ratelimit = headers.ratelimit.replace(/t=\d+/, 't=?');
  if (headers['retry-after'] !== undefined) headers['retry-after'] = '?';
  return {
    status: received.status,
    headers,
    // A body's length is its own (HEAD: the body it would have had, checked by the GET of the same request).
    lengthHeld:
      length !== undefined && (received.body.length === 0 || Number(length) === received.body.length),
    // Server-Timing's metric names, in order (their durations differ).
    timingNames:
      typeof serverTiming === 'string' ? serverTiming.split(', ').map((e) => e.split(';')[0]) : null,
    body: received.body.toString('utf8').replace(/"tookMs":[\d.e+-]+/g, '"tookMs":0'),
  };
}

/** Sends one request to both apps, in turn, and returns what each answered without its times. */
async function bothAnswer(
  lean: Served,
  express: Served,
  method: string,
  path: string,
  headers?: Record<string, string>,
  body?: string,
) {
  return {
    lean: withoutTimes(await lean.send(method, path, headers, body)),
    express: withoutTimes(await express.send(method, path, headers, body)),
  };
}

/**
 * A spy on `app.handle`, where Express takes every request it serves (the app function calls it;
 * it is not in Express's types): called means the request went through Express.
 */
function spyOnExpress(app: Express) {
  return vi.spyOn(app as unknown as { handle: (...args: unknown[]) => void }, 'handle');
}

const Q = encodeURIComponent;
/** A seed document (2020年推动知识产权高质量发展任务清单) and one of its paragraphs: ids are content hashes. */
const DOC = '1e74c1c12c10';
const PARAGRAPH = '1e74c1c12c10-02b36724';

describe('the lean path over the seed index', () => {
  let lean: Served;
  let express: Served;
  beforeAll(async () => {
    // A searcher each without a result cache: a cached answer's Server-Timing has no search phases,
    // and some requests below go to one app only.
    const index = await seedIndex();
    lean = await serve(createSearcher(index, { resultCache: false }), {});
    express = await serve(createSearcher(index, { resultCache: false }), { leanPath: false });
  });
  afterAll(async () => {
    await lean.close();
    await express.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // [what, path, status]: requests the lean path answers.
  const served: [string, string, number][] = [
    ['a keyword search', `/api/search?q=${Q('知识产权质押融资')}&mode=keyword`, 200],
    ['a hybrid search (the default mode)', `/api/search?q=${Q('专利转化')}`, 200],
    [
      'a search with filters and a second page',
      `/api/search?q=${Q('专利')}&mode=keyword&year=2021-2023&offset=20`,
      200,
    ],
    [
      'a search with a repeated filter',
      `/api/search?q=${Q('知识产权')}&mode=keyword&year=2020&year=2023`,
      200,
    ],
    ['a long page (the bulk lane)', `/api/search?q=${Q('知识产权')}&mode=keyword&limit=60`, 200],
    [
      'a query with + and %20 for spaces',
      `/api/search?q=${Q('知识产权')}+${Q('质押')}%20${Q('融资')}&mode=keyword`,
      200,
    ],
    ['a search that finds nothing', `/api/search?q=zzqxwv&mode=keyword`, 200],
    [
      'a search with quotes and unicode escapes',
      `/api/search?q=${Q('"知识产权" \u2028😀')}&mode=keyword`,
      200,
    ],
    ['a search without q', '/api/search', 400],
    ['a search with an empty q', '/api/search?q=&mode=keyword', 400],
    ['a repeated q', `/api/search?q=${Q('专利')}&q=${Q('商标')}`, 400],
    ['an unclosed quote', `/api/search?q=${Q('"专利')}&mode=keyword`, 400],
    ['a limit out of range', `/api/search?q=${Q('专利')}&limit=0`, 400],
    ['an unknown mode', `/api/search?q=${Q('专利')}&mode=fuzzy`, 400],
    ['a malformed percent escape', '/api/search?q=%E4%B8&mode=keyword', 400],
    ['a timeline', `/api/timeline?q=${Q('知识产权质押融资')}`, 200],
    ['a timeline without q', '/api/timeline', 400],
    ['the health', '/api/health', 200],
    ['the documents', '/api/documents', 200],
    ['a document', `/api/documents/${DOC}`, 200],
    ['an unknown document', '/api/documents/nothing', 404],
    ['a paragraph with its neighbours', `/api/paragraphs/${PARAGRAPH}`, 200],
    ['an unknown paragraph', '/api/paragraphs/nothing', 404],
    ['similar paragraphs', `/api/paragraphs/${PARAGRAPH}/similar?limit=5&sameDocument=true`, 200],
    ['similar paragraphs with a bad limit', `/api/paragraphs/${PARAGRAPH}/similar?limit=0`, 400],
    ['a series', `/api/documents/${DOC}/series`, 200],
    ['a lineage', `/api/paragraphs/${PARAGRAPH}/lineage`, 200],
    ['the lineage of an unknown paragraph', '/api/paragraphs/nothing/lineage', 404],
    ['suggestions', `/api/suggest?q=${Q('知识产')}`, 200],
    ['suggestions with a bad limit', `/api/suggest?q=${Q('知识产')}&limit=99`, 400],
  ];

  it.each(served)('answers %s (%s) as Express does, byte for byte', async (_what, path, status) => {
    const handle = spyOnExpress(lean.app);
    const { lean: fast, express: slow } = await bothAnswer(lean, express, 'GET', path);
    expect(fast).toEqual(slow);
    expect(fast.status).toBe(status);
    expect(handle).not.toHaveBeenCalled();
  });

  it.each(served)('answers HEAD for %s (%s) as Express does: same headers, no body', async (_what, path) => {
    const { lean: fast, express: slow } = await bothAnswer(lean, express, 'HEAD', path);
    expect(fast).toEqual(slow);
    expect(fast.body).toBe('');
  });

  it('sends the recorded security and CORS headers, Server-Timing and the content headers', async () => {
    const answer = await lean.send('GET', `/api/search?q=${Q('专利')}&mode=keyword`);
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(answer.headers['server-timing']).toMatch(/^middleware;.*, total;dur=[\d.]+$/);
    expect(answer.headers['x-powered-by']).toBeUndefined();
  });

  it('sends a search answer written in pieces with its whole length and no chunked encoding', async () => {
    const answer = await lean.send('GET', `/api/search?q=${Q('知识产权')}&mode=keyword&limit=60`);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(JSON.parse(answer.body.toString('utf8')).hits.length).toBeGreaterThan(20);
  });

  // [what, method, path, request headers]: requests Express must answer, because it would answer them
  // differently from the lean routes (or they are not the lean routes' at all).
  const declined: [string, string, string, Record<string, string>][] = [
    ['a trailing slash', 'GET', `/api/search/?q=${Q('专利')}`, {}],
    ['other letter case', 'GET', `/API/Search?q=${Q('专利')}`, {}],
    ['a percent-encoded path', 'GET', `/api/%73earch?q=${Q('专利')}`, {}],
    ['a fragment in the URL', 'GET', `/api/search?q=${Q('专利')}#top`, {}],
    ['a conditional request', 'GET', `/api/search?q=${Q('专利')}&mode=keyword`, { 'if-none-match': '*' }],
    [
      'a preflight',
      'OPTIONS',
      '/api/search',
      { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    ],
    ['a POST', 'POST', '/api/search', {}],
    ['a percent escape in a path parameter', 'GET', `/api/paragraphs/${PARAGRAPH.replace('-', '%2D')}`, {}],
    ['a malformed escape in a path parameter', 'GET', '/api/documents/%E0%A4%A', {}],
    ['a trailing slash after a path parameter', 'GET', `/api/documents/${DOC}/`, {}],
    ['an export', 'GET', `/api/export?q=${Q('专利')}&mode=keyword`, {}],
    ['a comparison', 'GET', `/api/compare?from=${DOC}&to=${DOC}`, {}],
    ['an unknown API path', 'GET', '/api/nothing', {}],
    ['the API reference', 'GET', '/api/openapi.json', {}],
  ];

  it.each(declined)('leaves %s to Express, which answers as before', async (_what, method, path, headers) => {
    const handle = spyOnExpress(lean.app);
    const { lean: fast, express: slow } = await bothAnswer(lean, express, method, path, headers);
    expect(fast).toEqual(slow);
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it('leaves a GET with a JSON body to Express, whose body parser reads it', async () => {
    const handle = spyOnExpress(lean.app);
    const headers = { 'content-type': 'application/json', 'content-length': '1' };
    const { lean: fast, express: slow } = await bothAnswer(
      lean,
      express,
      'GET',
      `/api/search?q=${Q('专利')}`,
      headers,
      '{',
    );
    expect(fast).toEqual(slow);
    expect(fast.status).toBe(400);
    expect(handle).toHaveBeenCalledTimes(1);
  });
});

describe('the lean path with the result cache on', () => {
  it('answers a repeated search (its hits and facets sent from remembered bytes) as Express does', async () => {
    const index = await seedIndex();
    const lean = await serve(createSearcher(index), {});
    const express = await serve(createSearcher(index), { leanPath: false });
    try {
      const path = `/api/search?q=${Q('知识产权质押融资')}&mode=keyword`;
      const first = await bothAnswer(lean, express, 'GET', path);
      const second = await bothAnswer(lean, express, 'GET', path);
      expect(second.lean).toEqual(second.express);
      expect(second.lean.body).toBe(first.lean.body);
      expect(second.lean.timingNames).not.toEqual(first.lean.timingNames);
    } finally {
      await lean.close();
      await express.close();
    }
  });
});

describe('the lean path with a rate limit, from loopback', () => {
  it.each([
    ['counts loopback too: the lean path answers, counted', false, [200, 200, 429]],
    ['skips loopback: the lean path answers, uncounted', true, [200, 200, 200]],
  ] as const)('%s', async (_what, skipLoopback, expected) => {
    const rateLimit = { windowMs: 60_000, limit: 2, skipLoopback };
    const searcher = emptySearcher();
    const lean = await serve(searcher, { rateLimit });
    const express = await serve(searcher, { rateLimit, leanPath: false });
    try {
      const handle = spyOnExpress(lean.app);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { lean: fast, express: slow } = await bothAnswer(lean, express, 'GET', '/api/search?q=x');
        expect(fast).toEqual(slow);
        // Skipped: no limiter ran, so no RateLimit headers.
        expect(fast.headers.ratelimit === undefined).toBe(skipLoopback);
        statuses.push(fast.status);
      }
      expect(statuses).toEqual(expected);
      expect(handle).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
      await lean.close();
      await express.close();
    }
  });
});

describe(`the lean path for a remote client (${REMOTE}) under the rate limit`, () => {
  const rateLimit = { windowMs: 60_000, limit: 1_000, skipLoopback: true };
  let lean: Served;
  let express: Served;
  beforeAll(async () => {
    const index = await seedIndex();
    lean = await serve(createSearcher(index, { resultCache: false }), { rateLimit }, REMOTE);
    express = await serve(
      createSearcher(index, { resultCache: false }),
      { rateLimit, leanPath: false },
      REMOTE,
    );
  });
  afterAll(async () => {
    await lean.close();
    await express.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // [what, path, status]: lean routes, answered and refused by the limiter, as Express answers them.
  const counted: [string, string, number][] = [
    ['a keyword search', `/api/search?q=${Q('知识产权质押融资')}&mode=keyword`, 200],
    ['a hybrid search', `/api/search?q=${Q('专利转化')}`, 200],
    ['a search that finds nothing', `/api/search?q=zzqxwv&mode=keyword`, 200],
    [
      'a search with quotes and unicode escapes',
      `/api/search?q=${Q('"知识产权" \u2028😀')}&mode=keyword`,
      200,
    ],
    ['a search without q', '/api/search', 400],
    ['a timeline', `/api/timeline?q=${Q('知识产权质押融资')}`, 200],
    ['the health', '/api/health', 200],
    ['a document', `/api/documents/${DOC}`, 200],
    ['an unknown paragraph', '/api/paragraphs/nothing', 404],
    ['similar paragraphs', `/api/paragraphs/${PARAGRAPH}/similar?limit=5`, 200],
    ['suggestions', `/api/suggest?q=${Q('知识产')}`, 200],
  ];

  it.each(counted)(
    'answers %s (%s) with the RateLimit headers, as Express does',
    async (_what, path, status) => {
      const handle = spyOnExpress(lean.app);
      for (const method of ['GET', 'HEAD']) {
        const { lean: fast, express: slow } = await bothAnswer(lean, express, method, path);
        expect(fast).toEqual(slow);
        expect(fast.status).toBe(status);
        expect(fast.headers.ratelimit).toMatch(/^"1000-in-1min"; r=\d+; t=\?$/);
        expect(fast.headers['ratelimit-policy']).toMatch(/^"1000-in-1min"; q=1000; w=60; pk=:[\w=+/]+:$/);
      }
      expect(handle).not.toHaveBeenCalled();
    },
  );
});

describe(`one rate limit count per remote client (${REMOTE}), whichever way its requests come in`, () => {
  const LEAN = '/api/search?q=x';
  const EXPRESS = '/api/openapi.json';
  // [what, the paths requested in turn]: with a limit of 3, the fourth request is refused.
  const cases: [string, string[]][] = [
    ['lean, lean, Express, then lean', [LEAN, LEAN, EXPRESS, LEAN]],
    ['lean, lean, lean, then Express', [LEAN, LEAN, LEAN, EXPRESS]],
    ['Express, Express, lean, then Express', [EXPRESS, EXPRESS, LEAN, EXPRESS]],
    ['Express, Express, Express, then lean', [EXPRESS, EXPRESS, EXPRESS, LEAN]],
  ];

  it.each(cases)('counts %s against one budget', async (_what, paths) => {
    const rateLimit = { windowMs: 60_000, limit: 3, skipLoopback: true };
    const searcher = emptySearcher();
    const lean = await serve(searcher, { rateLimit }, REMOTE);
    const express = await serve(searcher, { rateLimit, leanPath: false }, REMOTE);
    try {
      const handle = spyOnExpress(lean.app);
      const answers = [];
      for (const path of paths) {
        const { lean: fast, express: slow } = await bothAnswer(lean, express, 'GET', path);
        expect(fast).toEqual(slow);
        answers.push([fast.status, fast.headers.ratelimit]);
      }
      expect(answers).toEqual([
        [200, '"3-in-1min"; r=2; t=?'],
        [200, '"3-in-1min"; r=1; t=?'],
        [200, '"3-in-1min"; r=0; t=?'],
        [429, '"3-in-1min"; r=0; t=?'],
      ]);
      // Express saw its own routes' requests only.
      expect(handle).toHaveBeenCalledTimes(paths.filter((path) => path === EXPRESS).length);
    } finally {
      vi.restoreAllMocks();
      await lean.close();
      await express.close();
    }
  });

  it.each(['GET', 'HEAD'])('refuses a %s past the limit on the lean path as Express does', async (method) => {
    const rateLimit = { windowMs: 60_000, limit: 1, skipLoopback: true };
    const searcher = emptySearcher();
    const lean = await serve(searcher, { rateLimit }, REMOTE);
    const express = await serve(searcher, { rateLimit, leanPath: false }, REMOTE);
    try {
      await bothAnswer(lean, express, method, LEAN);
      const handle = spyOnExpress(lean.app);
      const { lean: fast, express: slow } = await bothAnswer(lean, express, method, LEAN);
      expect(fast).toEqual(slow);
      expect(fast.status).toBe(429);
      expect(fast.headers['retry-after']).toBe('?');
      if (method === 'GET') expect(JSON.parse(fast.body).error.code).toBe('RATE_LIMITED');
      expect(handle).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
      await lean.close();
      await express.close();
    }
  });
});

describe(`the rate limiter failing for a remote client (${REMOTE})`, () => {
  it('answers 500 as Express does, logged once by either way in', async () => {
    const rateLimit = { windowMs: 60_000, limit: 10, skipLoopback: true };
    const searcher = emptySearcher();
    const logged: unknown[][] = [[], []];
    const lean = await serve(searcher, { rateLimit, logError: (e) => logged[0]?.push(e) }, REMOTE);
    const express = await serve(
      searcher,
      { rateLimit, leanPath: false, logError: (e) => logged[1]?.push(e) },
      REMOTE,
    );
    try {
      // The store both limiters count in, failing: the limiter passes the error on (passOnStoreError is off).
      vi.spyOn(MemoryStore.prototype, 'increment').mockRejectedValue(new Error('store down'));
      const handle = spyOnExpress(lean.app);
      const { lean: fast, express: slow } = await bothAnswer(lean, express, 'GET', '/api/search?q=x');
      expect(fast).toEqual(slow);
      expect(fast.status).toBe(500);
      expect(JSON.parse(fast.body).error.code).toBe('INTERNAL');
      expect(logged.map((errors) => errors.length)).toEqual([1, 1]);
      expect(handle).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
      await lean.close();
      await express.close();
    }
  });
});

describe('the lean path when the search fails or runs late', () => {
  // [what, searcher's search, request time limit, status, error code]
  const cases: [string, Searcher['search'], number, number, string][] = [
    ['a search past the time limit', () => new Promise(() => {}), 50, 503, 'TIMEOUT'],
    [
      'a search that throws',
      async () => {
        throw new Error('disk on fire');
      },
      10_000,
      500,
      'INTERNAL',
    ],
  ];

  // [who asks, the server's host, its rate limit]: a remote client's answer carries the RateLimit headers.
  const clients: [string, string, AppOptions['rateLimit']][] = [
    ['loopback, no limit', '127.0.0.1', false],
    ['a remote client, counted', REMOTE, { windowMs: 60_000, limit: 10, skipLoopback: true }],
  ];
  const table = clients.flatMap(([who, host, rateLimit]) =>
    cases.map(([what, ...rest]) => [what, who, ...rest, host, rateLimit] as const),
  );

  it.each(table)(
    'answers %s from %s as Express does',
    async (_what, _who, search, requestTimeoutMs, status, code, host, rateLimit) => {
      const searcher = { ...emptySearcher(), search };
      const logged: unknown[][] = [[], []];
      const lean = await serve(
        searcher,
        { rateLimit, requestTimeoutMs, logError: (e) => logged[0]?.push(e) },
        host,
      );
      const express = await serve(
        searcher,
        { rateLimit, requestTimeoutMs, leanPath: false, logError: (e) => logged[1]?.push(e) },
        host,
      );
      try {
        const handle = spyOnExpress(lean.app);
        const { lean: fast, express: slow } = await bothAnswer(lean, express, 'GET', '/api/search?q=x');
        expect(fast).toEqual(slow);
        expect(fast.status).toBe(status);
        expect(JSON.parse(fast.body).error.code).toBe(code);
        expect(fast.headers.ratelimit === undefined).toBe(rateLimit === false);
        // The fault is logged once by either way in; a timeout is an answer, not a fault.
        expect(logged[0]).toHaveLength(status === 500 ? 1 : 0);
        expect(logged[1]).toHaveLength(logged[0]?.length ?? -1);
        expect(handle).not.toHaveBeenCalled();
      } finally {
        vi.restoreAllMocks();
        await lean.close();
        await express.close();
      }
    },
  );
});
