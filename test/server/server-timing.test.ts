import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

/** One metric of a Server-Timing header. */
interface Metric {
  name: string;
  dur: number;
  desc?: string;
}

/** Parses a Server-Timing header strictly (`name[;desc="…"];dur=N`), failing the test on anything else. */
function parseServerTiming(header: string | null): Metric[] {
  expect(header).toBeTruthy();
  return (header ?? '').split(', ').map((raw) => {
    const match = /^([A-Za-z0-9_-]+)(?:;desc="([^"\\]*)")?;dur=(\d+(?:\.\d+)?)$/.exec(raw);
    expect(match, `metric ${raw}`).not.toBeNull();
    const [, name = '', desc, dur = ''] = match ?? [];
    return { name, dur: Number(dur), ...(desc === undefined ? {} : { desc }) };
  });
}

/** The parts of a header apart from `total`, and `total`. */
function split(metrics: Metric[]): { parts: Metric[]; total: number } {
  const total = metrics.filter(({ name }) => name === 'total');
  expect(total).toHaveLength(1);
  expect(metrics.at(-1)?.name).toBe('total');
  return { parts: metrics.filter(({ name }) => name !== 'total'), total: total[0]?.dur ?? 0 };
}

const sum = (metrics: Metric[]) => metrics.reduce((acc, { dur }) => acc + dur, 0);
const SEARCH_PHASES = new Set(['parse', 'keyword', 'semantic', 'concept', 'fuse', 'snippets', 'facets']);
const EPSILON = 1e-6;

describe('Server-Timing on GET /api/search', () => {
  it.each([
    ['keyword', 'q=知识产权质押融资&mode=keyword&limit=5', ['parse', 'keyword', 'snippets', 'facets']],
    ['keyword, a page past one screen (bulk lane)', 'q=知识产权&mode=keyword&limit=50', ['lane', 'keyword']],
    ['semantic', 'q=知识产权质押融资&mode=semantic&limit=5', ['parse', 'semantic', 'snippets', 'facets']],
    ['hybrid', 'q=知识产权质押融资&mode=hybrid&limit=5', ['parse', 'keyword', 'semantic', 'concept', 'fuse']],
  ])(
    'breaks a %s search into parts that add up to at most total and tookMs',
    async (_label, query, expected) => {
      const response = await app.get(`/api/search?${query}`);
      const metrics = parseServerTiming(response.headers.get('server-timing'));
      const { status, body } = await jsonOf(response);
      expect(status).toBe(200);
      const { parts, total } = split(metrics);
      const names = parts.map(({ name }) => name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(['middleware', 'params', ...expected, 'serialize']));
      expect(sum(parts)).toBeLessThanOrEqual(total + EPSILON);
      const searchParts = parts.filter(({ name }) => SEARCH_PHASES.has(name));
      expect(body.tookMs).toBeGreaterThanOrEqual(sum(searchParts) - EPSILON);
      expect(body.tookMs).toBeLessThanOrEqual(total + 0.01);
      for (const { name, desc } of parts) expect(desc, name).toMatch(/\S/);
    },
  );

  it('sends no Server-Timing with a 400', async () => {
    const response = await app.get('/api/search?q=');
    expect(response.status).toBe(400);
    expect(response.headers.get('server-timing')).toBeNull();
  });
});

describe('Server-Timing on GET /api/timeline and /api/export', () => {
  it.each([
    ['a timeline', '/api/timeline?q=知识产权质押融资', 'timeline'],
    ['a JSON export', '/api/export?q=知识产权质押融资&mode=keyword&format=json', 'export'],
    ['a CSV export', '/api/export?q=知识产权质押融资&mode=keyword&format=csv', 'export'],
  ])('times %s, its parts within total', async (_label, url, phase) => {
    const response = await app.get(url);
    expect(response.status).toBe(200);
    const { parts, total } = split(parseServerTiming(response.headers.get('server-timing')));
    expect(parts.map(({ name }) => name)).toEqual(['middleware', 'params', 'lane', phase, 'serialize']);
    expect(sum(parts)).toBeLessThanOrEqual(total + EPSILON);
    await response.arrayBuffer();
  });
});
