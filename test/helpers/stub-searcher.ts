/**
 * A searcher over nothing, for server tests that replace only the parts they exercise
 * (`{ ...emptySearcher(), search: … }`): every answer is empty, no index is opened.
 */
import type { Searcher } from '../../src/search/searcher.ts';

/** A searcher with no documents whose every answer is empty. */
export function emptySearcher(): Searcher {
  return {
    summary: () => ({
      documents: 0,
      paragraphs: 0,
      builtAt: '2024-01-01T00:00:00.000Z',
      embedder: null,
      semantic: 'none',
    }),
    hasSemantic: () => false,
    search: async (request) => ({
      query: request.query,
      mode: request.mode,
      total: 0,
      tookMs: 0,
      hits: [],
      facets: { years: [], documents: [], agencies: [] },
    }),
    exportRows: async () => [],
    timeline: async (query, mode) => ({ query, mode, first: null, years: [], possible: [] }),
    similar: async () => null,
    lineage: () => ({ compare: () => null, series: () => null, lineage: () => null }),
    documents: () => [],
    document: () => null,
    paragraph: () => null,
    suggest: async () => [],
    warmSuggestions: async () => {},
  };
}
