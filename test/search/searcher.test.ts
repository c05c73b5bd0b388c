import { beforeAll, describe, expect, it } from 'vitest';
import { containsPhrase } from '../../src/keyword/text-match.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import type { SearchMode, SearchRequest } from '../../src/types.ts';
import { seedIndex, seedSearcher } from '../helpers/seed-index.ts';

let searcher: Searcher;
beforeAll(async () => {
  searcher = await seedSearcher();
});

const request = (query: string, mode: SearchMode, more: Partial<SearchRequest> = {}): SearchRequest => ({
  query,
  mode,
  limit: 100,
  offset: 0,
  filters: {},
  ...more,
});

describe('createSearcher().search', () => {
  it.each(['keyword', 'semantic', 'hybrid'] as const)(
    'answers %s mode with hits that say how they matched',
    async (mode) => {
      const response = await searcher.search(request('知识产权质押融资', mode, { limit: 10 }));
      expect(response.mode).toBe(mode);
      expect(response.hits.length).toBeGreaterThan(0);
      if (mode !== 'hybrid') {
        for (const hit of response.hits) expect(hit.matchedBy).toEqual([mode]);
        return;
      }
      // Hybrid: each hit names exactly the lists that hold it, in fusion order (keyword, then semantic).
      const idsOf = async (of: SearchMode) =>
        new Set(
          (await searcher.exportRows({ query: '知识产权质押融资', mode: of, filters: {} })).map(
            ({ id }) => id,
          ),
        );
      const [keywordIds, semanticIds] = [await idsOf('keyword'), await idsOf('semantic')];
      const expected = (id: string) => [
        ...(keywordIds.has(id) ? ['keyword'] : []),
        ...(semanticIds.has(id) ? ['semantic'] : []),
      ];
      expect(response.hits.map(({ id, matchedBy }) => [id, matchedBy])).toEqual(
        response.hits.map(({ id }) => [id, expected(id)]),
      );
      expect(response.hits.some(({ matchedBy }) => matchedBy.length === 2)).toBe(true);
    },
  );

  it.each(['知识产权质押融资', '一窗通办', '专利导航', '地理标志', '数据知识产权', '商标'])(
    'ranks every paragraph holding %s as a phrase above every other hit in hybrid mode',
    async (query) => {
      const { hits } = await searcher.search(request(query, 'hybrid'));
      const holds = hits.map((hit) => containsPhrase(hit.text, query));
      const lastPhrase = holds.lastIndexOf(true);
      const firstOther = holds.indexOf(false);
      expect(lastPhrase).toBeGreaterThanOrEqual(0);
      if (firstOther >= 0) expect(lastPhrase).toBeLessThan(firstOther);
    },
  );

  it('counts facets over the whole result set, not the page', async () => {
    const page = await searcher.search(request('知识产权', 'keyword', { limit: 5 }));
    const yearCount = page.facets.years.reduce((sum, { count }) => sum + count, 0);
    const documentCount = page.facets.documents.reduce((sum, { count }) => sum + count, 0);
    expect(page.hits).toHaveLength(5);
    expect(documentCount).toBe(page.total);
    expect(yearCount).toBe(page.total);
  });

  it('pages through the same ranking', async () => {
    const whole = await searcher.search(request('知识产权', 'hybrid', { limit: 30 }));
    const second = await searcher.search(request('知识产权', 'hybrid', { limit: 10, offset: 10 }));
    expect(second.hits.map((hit) => hit.id)).toEqual(whole.hits.slice(10, 20).map((hit) => hit.id));
  });

  it.each(['keyword', 'semantic', 'hybrid'] as const)(
    'applies year and agency filters in %s mode',
    async (mode) => {
      const { hits } = await searcher.search(
        request('知识产权保护', mode, { filters: { years: [2021], agencies: ['市场监管总局'] } }),
      );
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.year).toBe(2021);
        expect(hit.agencies).toContain('市场监管总局');
      }
    },
  );

  it('marks the query words that occur in a meaning-only hit', async () => {
    const { hits } = await searcher.search(request('用专利向银行贷款', 'semantic'));
    const marked = hits.filter((hit) => hit.snippet.includes('<mark>'));
    expect(marked.length).toBeGreaterThan(0);
    for (const hit of marked) expect(hit.snippet).toMatch(/<mark>(专利|银行|贷款)<\/mark>/);
  });

  it('orders semantic hits by similarity and cuts off those below the index’s calibrated floor', async () => {
    const { hits } = await searcher.search(request('企业到国外打官司', 'semantic'));
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const floor = (await seedIndex()).semantic?.calibration.searchFloor ?? Infinity;
    expect(floor).toBeGreaterThan(0);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(floor);
  });
});

describe('createSearcher().timeline', () => {
  it.each([
    ['知识产权质押融资', 2020],
    ['数据知识产权', 2023],
    ['一窗通办', 2021],
  ])('finds in keyword mode that %s first appears in %i', async (query, year) => {
    const timeline = await searcher.timeline(query, 'keyword');
    expect(timeline.first?.year).toBe(year);
    expect(timeline.years[0]?.year).toBe(year);
  });

  it('does not let scattered words make a false first in keyword mode', async () => {
    const timeline = await searcher.timeline('数据知识产权', 'keyword');
    const scattered = await searcher.search(request('数据 知识产权', 'keyword'));
    expect(scattered.facets.years.some(({ year }) => year < 2023)).toBe(true);
    expect(timeline.years.map(({ year }) => year)).toEqual([2023]);
  });

  it('keeps every phrase match of keyword mode in hybrid mode', async () => {
    const keyword = await searcher.timeline('知识产权质押融资', 'keyword');
    const hybrid = await searcher.timeline('知识产权质押融资', 'hybrid');
    for (const { year, count } of keyword.years) {
      expect(hybrid.years.find((entry) => entry.year === year)?.count).toBeGreaterThanOrEqual(count);
    }
  });
});

describe('createSearcher().similar', () => {
  it('returns paragraphs of other documents, most similar first', async () => {
    const [doc] = searcher.documents().filter((d) => d.source.startsWith('003'));
    const paragraphs = searcher.document(doc?.id ?? '')?.paragraphs ?? [];
    const id = paragraphs[3]?.id ?? '';
    const hits = (await searcher.similar(id, { limit: 8, sameDocument: false })) ?? [];
    expect(hits).toHaveLength(8);
    for (const hit of hits) expect(hit.docId).not.toBe(doc?.id);
  });

  it('answers null for an unknown paragraph', async () => {
    expect(await searcher.similar('missing', { limit: 3, sameDocument: false })).toBeNull();
  });
});
