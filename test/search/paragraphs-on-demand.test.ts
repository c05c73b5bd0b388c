/**
 * A server never holds every paragraph of an opened index: each answer that shows paragraphs reads
 * them through the corpus view (src/corpus/corpus-view.ts), and `corpus.paragraphs` — every
 * paragraph made whole, for tools that want them all — is never made by a search, a timeline, a
 * document, a paragraph, similar paragraphs, an export, a comparison or a type-ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraphsMade } from '../../src/corpus/paragraph-source.ts';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';
import { loadSeedCorpus } from '../helpers/seed-corpus.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

let index: OpenedIndex;
beforeAll(async () => {
  index = await openIndex(await seedIndexDir());
});
afterAll(async () => {
  await index?.close();
});

describe('an opened index', () => {
  it('answers every kind of request without making corpus.paragraphs, then makes it on demand', async () => {
    const searcher = createSearcher(index, { resultCache: false });
    const seeds = loadSeedCorpus();
    const modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
    for (const mode of modes) {
      const request = { query: '知识产权质押融资', mode, limit: 10, offset: 0, filters: {} };
      const response = await searcher.search(request);
      expect(response.hits.length).toBeGreaterThan(0);
      // Filtered by an agency the facets name: the filter reads each candidate's agencies.
      const agency = response.facets.agencies[0]?.name as string;
      expect(agency).toBeDefined();
      const filtered = await searcher.search({ ...request, filters: { agencies: [agency] } });
      for (const hit of filtered.hits) expect(hit.agencies).toContain(agency);
      await searcher.timeline('知识产权质押融资', mode);
      await searcher.exportRows({ query: '专利', mode, filters: {} });
    }
    const first = seeds.paragraphs[0];
    expect(first).toBeDefined();
    const shown = searcher.paragraph(first?.id as string);
    expect(shown?.paragraph.original).toBe(first?.original);
    expect(await searcher.similar(first?.id as string, { limit: 5, sameDocument: false })).not.toBeNull();
    const [from, to] = seeds.documents;
    expect(searcher.document(from?.id as string)?.paragraphs.length).toBeGreaterThan(0);
    expect(searcher.lineage().compare(from?.id as string, to?.id as string)).not.toBeNull();
    expect(searcher.lineage().lineage(first?.id as string)).not.toBeNull();
    expect(await searcher.suggest('知识', 5)).not.toHaveLength(0);
    expect(searcher.summary().paragraphs).toBe(seeds.paragraphs.length);
    expect(paragraphsMade(index.corpus)).toBe(false);

    expect(index.corpus.paragraphs).toEqual(seeds.paragraphs);
    expect(paragraphsMade(index.corpus)).toBe(true);
  });
});
