import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, serveSeedApp } from '../helpers/seed-app.ts';
import type { ServedApp } from '../helpers/serve-app.ts';

/** The body of `/api/suggest`, or of an error. */
interface SuggestBody {
  suggestions: { text: string; kind: string; count: number }[];
  error?: { code: string; message: string };
}

let app: ServedApp;
beforeAll(async () => {
  app = await serveSeedApp();
});
afterAll(() => app.close());

const suggest = (query: string) => app.get(`/api/suggest?${query}`);

describe('GET /api/suggest', () => {
  it.each([
    ['no q', '', 'q is required: the start of a query.'],
    ['a blank q', 'q=%20', 'q is required: the start of a query.'],
    ['a q of 51 characters', `q=${encodeURIComponent('知'.repeat(51))}`, 'q takes at most 50 characters.'],
    ['a repeated q', 'q=知&q=专', 'q must be given once.'],
    ['limit=0', 'q=知&limit=0', 'limit must be a whole number from 1 to 20.'],
    ['limit=21', 'q=知&limit=21', 'limit must be a whole number from 1 to 20.'],
  ])('answers 400 in JSON for %s', async (_label, query, message) => {
    const { status, type, body } = await jsonOf<SuggestBody>(await suggest(query));
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/json/);
    expect(body).toEqual({ error: { code: 'INVALID_PARAMETER', message } });
  });

  it('completes a prefix from the seeds: terms, agencies and titles, most frequent first', async () => {
    const { status, type, body } = await jsonOf<SuggestBody>(
      await suggest(`q=${encodeURIComponent('知识产')}`),
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    const suggestions = body.suggestions as { text: string; kind: string; count: number }[];
    expect(suggestions).toHaveLength(8);
    expect(suggestions[0]).toEqual({ text: '知识产权', kind: 'term', count: expect.any(Number) });
    expect(new Set(suggestions.map((s) => s.kind))).toEqual(new Set(['term', 'agency', 'title']));
    const terms = suggestions.filter((s) => s.kind === 'term');
    expect(terms.map((s) => s.count)).toEqual(terms.map((s) => s.count).sort((a, b) => b - a));
    expect(terms.some((s) => s.text === '知识产权保护')).toBe(true);
  });

  it('normalizes like a query: 智慧財產 gets the suggestions of 知识产权', async () => {
    const traditional = await jsonOf<SuggestBody>(await suggest(`q=${encodeURIComponent('智慧財產')}`));
    const simplified = await jsonOf<SuggestBody>(await suggest(`q=${encodeURIComponent('知识产权')}`));
    expect(traditional.body).toEqual(simplified.body);
    expect(traditional.body.suggestions[0]?.text).toBe('知识产权');
  });

  it('respects limit, and answers an empty list for a prefix nothing starts with', async () => {
    const { body } = await jsonOf<SuggestBody>(await suggest(`q=${encodeURIComponent('质押')}&limit=1`));
    expect(body.suggestions).toEqual([{ text: '质押融资', kind: 'term', count: expect.any(Number) }]);
    expect((await jsonOf<SuggestBody>(await suggest('q=zzzz'))).body).toEqual({ suggestions: [] });
  });
});
