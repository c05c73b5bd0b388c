/**
 * `openIndex(…, { semanticInBackground: true })` on the seed index, as the server opens it at start:
 * it returns with the keyword side loaded and the semantic worker still loading or just done, says
 * where the load stands, and once it has settled answers hybrid searches exactly as an index opened
 * whole does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchRequest } from '../../src/types.ts';
import { seedIndex, seedIndexDir } from '../helpers/seed-index.ts';

let background: OpenedIndex;

beforeAll(async () => {
  background = await openIndex(await seedIndexDir(), {}, { semanticInBackground: true });
});

afterAll(async () => {
  await background?.close();
});

const REQUEST: SearchRequest = {
  query: '知识产权质押融资',
  mode: 'hybrid',
  limit: 20,
  offset: 0,
  filters: {},
};

describe('openIndex with the semantic half in the background', () => {
  it('returns with the keyword side open and says where the semantic load stands', async () => {
    expect(['loading', 'ready']).toContain(background.semanticStatus?.().state);
    const keyword = await createSearcher(background).search({ ...REQUEST, mode: 'keyword' });
    expect(keyword.total).toBeGreaterThan(0);
    expect(await background.semanticSettled).toEqual({ state: 'ready' });
    expect(createSearcher(background).summary().semantic).toBe('ready');
  });

  it('answers hybrid searches as an index opened whole does', async () => {
    const whole = createSearcher(await seedIndex(), { resultCache: false });
    const answer = await createSearcher(background, { resultCache: false }).search(REQUEST);
    const reference = await whole.search(REQUEST);
    expect(answer.hits.map((hit) => [hit.id, hit.score])).toEqual(
      reference.hits.map((hit) => [hit.id, hit.score]),
    );
  });
});
