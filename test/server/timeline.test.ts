import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineResponse } from '../../src/search/timeline.ts';
import { type ErrorBody, jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

describe('GET /api/timeline', () => {
  it.each([
    ['no q', '', 'INVALID_PARAMETER'],
    ['an unknown mode', 'q=专利&mode=fuzzy', 'INVALID_PARAMETER'],
    ['a q of 201 characters', `q=${'知'.repeat(201)}`, 'QUERY_TOO_LONG'],
  ])('answers 400 for %s', async (_label, query, code) => {
    const { status, type, body } = await jsonOf<ErrorBody>(await app.get(`/api/timeline?${query}`));
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.code).toBe(code);
  });

  it.each([
    ['知识产权质押融资', 2020],
    ['数据知识产权', 2023],
    ['一窗通办', 2021],
  ])('finds that %s first appears in %i', async (query, year) => {
    const { status, type, body } = await jsonOf<TimelineResponse>(
      await app.get(`/api/timeline?q=${encodeURIComponent(query)}&mode=keyword`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body).toMatchObject({ query, mode: 'keyword' });
    expect(body.first?.year).toBe(year);
    expect(body.first?.text).toContain(query);
    expect(body.years[0]?.year).toBe(year);
    const years = body.years.map((y) => y.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    for (const entry of body.years) {
      expect(entry.hits.length).toBeLessThanOrEqual(3);
      expect(entry.hits.length).toBeLessThanOrEqual(entry.count);
      for (const hit of entry.hits) expect(hit.text.replace(/[^\p{L}\p{N}]/gu, '')).toContain(query);
    }
  });

  it('answers first: null and no years when nothing matches', async () => {
    const { status, body } = await jsonOf<TimelineResponse>(
      await app.get(`/api/timeline?q=${encodeURIComponent('量子引力波')}&mode=keyword`),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ first: null, years: [] });
  });

  it('keeps meaning-only evidence apart in hybrid mode: possible paragraphs are never counted or first', async () => {
    const { status, body } = await jsonOf<TimelineResponse>(
      await app.get(`/api/timeline?q=${encodeURIComponent('知识产权质押融资')}&mode=hybrid`),
    );
    expect(status).toBe(200);
    expect(body.first?.year).toBe(2020);
    expect(Array.isArray(body.possible)).toBe(true);
    const counted = new Set(
      body.years.flatMap((y: { hits: { id: string }[] }) => y.hits.map((hit) => hit.id)),
    );
    for (const entry of body.possible) {
      for (const hit of entry.hits) {
        expect(counted.has(hit.id)).toBe(false);
        expect(hit.matchedBy).toEqual(['semantic']);
        expect(hit.text.replace(/[^\p{L}\p{N}]/gu, '')).not.toContain('知识产权质押融资');
      }
    }
  });
});
