import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hit } from '../../src/types.ts';
import { type ErrorBody, type ExportBody, jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

const search = (query: string) => app.get(`/api/search?${query}`);

describe('GET /api/search', () => {
  it.each([
    ['no q', '', 'INVALID_PARAMETER'],
    ['an empty q', 'q=', 'INVALID_PARAMETER'],
    ['a blank q', 'q=%20%20', 'INVALID_PARAMETER'],
    ['a q of 201 characters', `q=${'知'.repeat(201)}`, 'QUERY_TOO_LONG'],
    ['a q of 10,000 Chinese characters', `q=${encodeURIComponent('知'.repeat(10_000))}`, 'QUERY_TOO_LONG'],
    ['an unknown mode', 'q=专利&mode=fuzzy', 'INVALID_PARAMETER'],
    ['limit=0', 'q=专利&limit=0', 'INVALID_PARAMETER'],
    ['limit=101', 'q=专利&limit=101', 'INVALID_PARAMETER'],
    ['a fractional limit', 'q=专利&limit=1.5', 'INVALID_PARAMETER'],
    ['a negative offset', 'q=专利&offset=-1', 'INVALID_PARAMETER'],
    ['an offset past 10,000', 'q=专利&offset=10001', 'INVALID_PARAMETER'],
    ['a malformed year', 'q=专利&year=20x1', 'INVALID_PARAMETER'],
    ['a backwards year range', 'q=专利&year=2023-2020', 'INVALID_PARAMETER'],
    ['a repeated q', 'q=专利&q=商标', 'INVALID_PARAMETER'],
    ['an unbalanced quote', 'q=%22知识产权', 'INVALID_QUERY'],
  ])('answers 400 in JSON for %s, and again the same when asked again', async (_label, query, code) => {
    const { status, type, body } = await jsonOf<ErrorBody>(await search(query));
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/json/);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(5);
    // The lean path remembers checked query strings (search-params-memo.ts), never refused ones.
    const again = await jsonOf<ErrorBody>(await search(query));
    expect(again.status).toBe(400);
    expect(again.body).toEqual(body);
  });

  it('returns the documented shape for a keyword search', async () => {
    const { status, type, body } = await jsonOf(await search('q=知识产权质押融资&mode=keyword&limit=5'));
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body).toMatchObject({ query: '知识产权质押融资', mode: 'keyword' });
    expect(body.total).toBeGreaterThanOrEqual(body.hits.length);
    expect(body.tookMs).toBeGreaterThanOrEqual(0);
    const hit = body.hits[0] as Hit;
    for (const field of [
      'id',
      'docId',
      'source',
      'title',
      'year',
      'section',
      'text',
      'snippet',
      'highlights',
      'score',
      'agencies',
    ]) {
      expect(hit).toHaveProperty(field);
    }
    expect(hit.matchedBy).toEqual(['keyword']);
    expect(hit.snippet).toContain('<mark>');
    expect(Object.keys(body.facets).sort()).toEqual(['agencies', 'documents', 'years']);
  });

  it('filters by year list and range, and counts facets over the whole result set', async () => {
    const all = (await jsonOf(await search('q=知识产权&mode=keyword&limit=1'))).body;
    const yearTotal = all.facets.years.reduce((sum: number, y: { count: number }) => sum + y.count, 0);
    expect(yearTotal).toBe(all.total);
    const narrowed = (await jsonOf(await search('q=知识产权&mode=keyword&limit=100&year=2020,2023'))).body;
    expect(new Set(narrowed.hits.map((hit) => hit.year))).toEqual(new Set([2020, 2023]));
    const range = (await jsonOf(await search('q=知识产权&mode=keyword&limit=1&year=2020-2021'))).body;
    expect(range.facets.years.map((y: { year: number }) => y.year)).toEqual([2020, 2021]);
  });

  it.each([
    ['a filtered search', 'q=知识产权&mode=keyword&limit=3&year=2020-2021'],
    ['a search in the default mode', 'q=质押融资&limit=2'],
  ])('answers %s asked again the same (its checked parameters remembered)', async (_what, query) => {
    const first = (await jsonOf(await search(query))).body;
    const second = (await jsonOf(await search(query))).body;
    expect({ ...second, tookMs: 0 }).toEqual({ ...first, tookMs: 0 });
    expect(first.hits.length).toBeGreaterThan(0);
  });

  it('pages through the result set without overlap', async () => {
    const first = (await jsonOf(await search('q=知识产权&mode=keyword&limit=10&offset=0'))).body;
    const second = (await jsonOf(await search('q=知识产权&mode=keyword&limit=10&offset=10'))).body;
    const both = [...first.hits, ...second.hits].map((hit: { id: string }) => hit.id);
    expect(new Set(both).size).toBe(20);
    expect(second.total).toBe(first.total);
  });

  it('marks every hit with how it matched in hybrid mode', async () => {
    const { status, body } = await jsonOf(await search('q=用专利向银行贷款&mode=hybrid'));
    expect(status).toBe(200);
    const idsOf = async (mode: string) =>
      new Set(
        (
          await jsonOf<ExportBody>(await app.get(`/api/export?q=用专利向银行贷款&mode=${mode}&format=json`))
        ).body.rows.map(({ paragraphId }) => paragraphId),
      );
    const [keywordIds, semanticIds] = [await idsOf('keyword'), await idsOf('semantic')];
    // A paraphrase: most hits are found by meaning alone, and each says exactly which lists hold it.
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.some(({ matchedBy }) => matchedBy.join() === 'semantic')).toBe(true);
    // The concept-coverage list (the thesaurus-expanded words) is a list of its own, named last.
    expect(body.hits.some(({ matchedBy }) => matchedBy.includes('concept'))).toBe(true);
    for (const hit of body.hits) {
      const lists = hit.matchedBy.filter((source) => source !== 'concept');
      expect([hit.id, lists]).toEqual([
        hit.id,
        [...(keywordIds.has(hit.id) ? ['keyword'] : []), ...(semanticIds.has(hit.id) ? ['semantic'] : [])],
      ]);
      expect(hit.matchedBy).toEqual([...lists, ...(hit.matchedBy.includes('concept') ? ['concept'] : [])]);
      expect(hit.matchedBy.length).toBeGreaterThan(0);
    }
  });
});
