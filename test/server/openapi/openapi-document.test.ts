import { validate } from '@readme/openapi-parser';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../../../src/server/app.ts';
import { API_ROUTES, buildOpenApiDocument } from '../../../src/server/openapi/openapi-document.ts';
import { errorSchema } from '../../../src/server/openapi/response-schemas.ts';
import { seedSearcher } from '../../helpers/seed-index.ts';
import { type ServedApp, serveApp } from '../../helpers/serve-app.ts';

/** Every `METHOD path` Express has registered, with `:id` written as OpenAPI's `{id}`. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: unknown[]) => {
    for (const layer of stack as {
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: unknown[] };
    }[]) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router.stack);
  return found;
}

let expressApp: Express;
let app: ServedApp;
let documentId: string;
let otherDocumentId: string;
let paragraphId: string;
beforeAll(async () => {
  expressApp = createApp(await seedSearcher(), { rateLimit: false, logError: () => {} });
  app = await serveApp(expressApp);
  const { documents } = await (await app.get('/api/documents')).json();
  documentId = documents[0].id;
  otherDocumentId = documents[1].id;
  const { paragraphs } = await (await app.get(`/api/documents/${documentId}`)).json();
  paragraphId = paragraphs[3].id;
});
afterAll(() => app.close());

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(buildOpenApiDocument()) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('lists every API route Express has registered, and no other', () => {
    const apiRoutes = registeredRoutes(expressApp).filter((route) => route.includes(' /api/'));
    const documented = Object.entries(buildOpenApiDocument().paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(apiRoutes.length).toBeGreaterThanOrEqual(11);
    expect(new Set(documented)).toEqual(new Set(apiRoutes));
  });

  it('documents the Server-Timing header of the search, timeline and export answers', () => {
    const paths = buildOpenApiDocument().paths ?? {};
    const timed = Object.entries(paths)
      .filter(([, item]) => item?.get?.responses?.['200']?.headers?.['Server-Timing'])
      .map(([path]) => path);
    expect(timed.sort()).toEqual(['/api/export', '/api/search', '/api/timeline']);
  });

  it('is served at /api/openapi.json', async () => {
    const response = await app.get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});

/** A real request for each documented route and status; ids are filled in once the seeds are served. */
const requests: Record<string, Record<number, () => string>> = {
  '/api/search': {
    200: () => '/api/search?q=知识产权质押融资&mode=hybrid&limit=3&year=2020-2023',
    400: () => '/api/search?q="知识产权',
  },
  '/api/suggest': { 200: () => '/api/suggest?q=知识产&limit=8', 400: () => '/api/suggest?q=' },
  '/api/timeline': { 200: () => '/api/timeline?q=数据知识产权', 400: () => '/api/timeline?mode=x&q=a' },
  '/api/export': {
    200: () => '/api/export?q=质押融资&format=json',
    400: () => '/api/export?q=质押融资&format=pdf',
  },
  '/api/documents': { 200: () => '/api/documents' },
  '/api/documents/{id}': { 200: () => `/api/documents/${documentId}`, 404: () => '/api/documents/nope' },
  '/api/paragraphs/{id}': { 200: () => `/api/paragraphs/${paragraphId}`, 404: () => '/api/paragraphs/nope' },
  '/api/paragraphs/{id}/similar': {
    200: () => `/api/paragraphs/${paragraphId}/similar?limit=3`,
    400: () => `/api/paragraphs/${paragraphId}/similar?limit=0`,
    404: () => '/api/paragraphs/nope/similar',
  },
  '/api/compare': {
    200: () => `/api/compare?from=${documentId}&to=${otherDocumentId}`,
    400: () => `/api/compare?from=${documentId}&to=${documentId}`,
    404: () => `/api/compare?from=${documentId}&to=nope`,
  },
  '/api/documents/{id}/series': {
    200: () => `/api/documents/${documentId}/series`,
    404: () => '/api/documents/nope/series',
  },
  '/api/paragraphs/{id}/lineage': {
    200: () => `/api/paragraphs/${paragraphId}/lineage`,
    404: () => '/api/paragraphs/nope/lineage',
  },
  '/api/health': { 200: () => '/api/health' },
  '/api/openapi.json': { 200: () => '/api/openapi.json' },
  '/api/docs': { 200: () => '/api/docs' },
};

const cases = API_ROUTES.flatMap((route) =>
  [200, ...route.errors].map((status) => [route.path, status, route] as const),
);

describe('real responses match their schema', () => {
  it('has a request for every documented route and status', () => {
    for (const [path, status] of cases) expect(requests[path]?.[status], `${path} ${status}`).toBeDefined();
  });

  it.each(cases)('GET %s answers %i as documented', async (path, status, route) => {
    const url = requests[path]?.[status]?.();
    if (!url) throw new Error(`no request for ${path} ${status}`);
    const response = await app.get(encodeURI(url));
    expect(response.status).toBe(status);
    const type = response.headers.get('content-type')?.split(';')[0] ?? '';
    const text = await response.text();
    if (status !== 200) {
      expect(type).toBe('application/json');
      expect(errorSchema.parse(JSON.parse(text))).toBeTruthy();
      return;
    }
    const schema = route.ok[type as keyof typeof route.ok] as z.ZodType | undefined;
    expect(schema, `${path} answered ${type}, which its 200 response does not list`).toBeDefined();
    const body = type === 'application/json' ? JSON.parse(text) : text;
    const parsed = schema?.safeParse(body);
    expect(parsed?.success ? [] : parsed?.error.issues).toEqual([]);
    // The Server-Timing header is sent exactly where the document says it is.
    expect(response.headers.has('server-timing'), `${path} Server-Timing`).toBe(route.timed === true);
  });

  // Routes with a second 200 media type, asked for by a parameter.
  it.each([
    ['/api/export', () => '/api/export?q=质押融资&format=csv'],
    ['/api/compare', () => `/api/compare?from=${documentId}&to=${otherDocumentId}&format=csv`],
  ])('GET %s answers text/csv as documented', async (path, url) => {
    const response = await app.get(encodeURI(url()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')?.split(';')[0]).toBe('text/csv');
    const schema = API_ROUTES.find((route) => route.path === path)?.ok['text/csv'];
    const text = await response.text();
    expect(schema?.safeParse(text).success).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(2);
  });
});
