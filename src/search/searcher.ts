/**
 * The searcher: the one object routes and the CLI talk to. It answers searches in three modes,
 * timelines, similar paragraphs and document lookups over a loaded index; no route touches an
 * index directly.
 */
import { RESULT_CACHE, SEARCH } from '../config.ts';
import type { CorpusView } from '../corpus/corpus-view.ts';
import { createLineageService, type LineageService } from '../lineage/lineage-service.ts';
import type { LoadedIndex } from '../persist/loaded-index.ts';
import { buildCorpusSuggestions } from '../suggest/build-suggestions.ts';
import { type SuggestIndex, type Suggestion, searchSuggestions } from '../suggest/suggest-index.ts';
import type {
  DocumentMeta,
  EmbedderInfo,
  Hit,
  Paragraph,
  ParagraphContext,
  SearchFilters,
  SearchMode,
  SearchRequest,
  SearchResponse,
} from '../types.ts';
import type { SemanticStatus } from '../vector/pending-neighbours.ts';
import { computeFacets } from './facets.ts';
import { contextOf, toHit } from './hits.ts';
import { prepareQuery } from './prepare-query.ts';
import { rankParagraphs } from './rank-paragraphs.ts';
import { createResultCache, type ResultCacheOptions, type ResultCacheStats } from './result-cache.ts';
import { type SearchPhase, type SearchTiming, timed, tookMsOf } from './search-timing.ts';
import type { Ranking, Scored } from './search-types.ts';
import { similarParagraphs } from './similar.ts';
import { buildTimeline, type TimelineResponse } from './timeline.ts';

/** A paragraph in context, as `/api/paragraphs/:id` serves it: with its untouched text and table fields. */
export interface ParagraphInContext extends ParagraphContext {
  original: string;
  fields?: Record<string, string>;
}

/** The body of `GET /api/paragraphs/:id`. */
export interface ParagraphWithNeighbours {
  paragraph: ParagraphInContext;
  prev: ParagraphInContext | null;
  next: ParagraphInContext | null;
}

/** The body of `GET /api/documents/:id`. */
export interface DocumentWithParagraphs {
  document: DocumentMeta;
  paragraphs: Pick<Paragraph, 'id' | 'section' | 'text' | 'original' | 'agencies' | 'fields'>[];
}

/** One row of an export: a hit with its citation line. */
export interface ExportRow extends Hit {
  number: string | null;
  citation: string;
}

/** What the index holds, for `/api/health`. */
export interface IndexSummary {
  documents: number;
  paragraphs: number;
  builtAt: string;
  embedder: EmbedderInfo | null;
  /** The result cache's counts since this index was served; absent when the cache is off. */
  cache?: ResultCacheStats;
  /** The semantic half: none in the index, still loading after start, ready, or failed to load. */
  semantic: SemanticStatus['state'];
  /** Why the semantic half failed to load (only when `semantic` is `failed`). */
  semanticError?: string;
}

/** How {@link createSearcher} serves: the result cache's bounds, or `false` for none. */
export interface SearcherOptions {
  resultCache?: ResultCacheOptions | false;
}

/** Everything the API and the CLI can ask. Unknown ids give null, bad queries throw a SearchError. */
export interface Searcher {
  summary(): IndexSummary;
  /** Whether semantic and hybrid modes are available (the index has embeddings). */
  hasSemantic(): boolean;
  /**
   * One page of ranked hits with facets; `tookMs` covers all of it. A `timing`, when given, gets
   * the duration of each phase (the server's Server-Timing header).
   */
  search(request: SearchRequest, timing?: SearchTiming): Promise<SearchResponse>;
  /** The whole result set (up to `SEARCH.exportMaxRows`), for export. */
  exportRows(request: { query: string; mode: SearchMode; filters: SearchFilters }): Promise<ExportRow[]>;
  timeline(query: string, mode: SearchMode): Promise<TimelineResponse>;
  /** Closest paragraphs by meaning, in other documents unless `sameDocument`; null for an unknown id. */
  similar(id: string, options: { limit: number; sameDocument: boolean }): Promise<Hit[] | null>;
  documents(): DocumentMeta[];
  document(id: string): DocumentWithParagraphs | null;
  paragraph(id: string): ParagraphWithNeighbours | null;
  /** Up to `limit` completions of a typed prefix: terms, agencies and titles of the corpus. */
  suggest(prefix: string, limit: number): Promise<Suggestion[]>;
  /** Makes the suggestion tables a kind at a time, leaving the event loop free between them (a server calls it once it serves). */
  warmSuggestions(): Promise<void>;
  /** Measure lineage over the same index: comparisons, series and chains (src/lineage). */
  lineage(): LineageService;
}

/** A searcher over `index`; builds its lookups once. Repeated searches are answered from its result cache. */
export function createSearcher(index: LoadedIndex, options: SearcherOptions = {}): Searcher {
  // One view per loaded index, built with its keyword index and read by every part of a search.
  const view = index.keyword.view;
  const context = { index, view };
  // An index built in memory (tests, benchmarks) may come without suggestions: they are built on first use.
  let suggestions: SuggestIndex | undefined = index.suggest;
  let lineage: LineageService | null = null;
  // One cache per searcher: a live reload serves a new searcher, so answers from the old build go with it.
  const cacheOptions = options.resultCache ?? RESULT_CACHE;
  const cache = cacheOptions === false ? null : createResultCache(cacheOptions);
  /** One search computed afresh; `started` is when the request reached the searcher. */
  async function computeSearch(
    request: SearchRequest,
    timing: SearchTiming | undefined,
    started: number,
  ): Promise<SearchResponse> {
    const query = timed(timing, 'parse', () => {
      const prepared = prepareQuery(request.query);
      // Keyword and hybrid modes read the tree first thing anyway: parsing it here bills it to `parse`.
      if (request.mode !== 'semantic') void prepared.tree;
      return prepared;
    });
    const ranking = await rankParagraphs(
      timing ? { index, view, timing } : context,
      query,
      request.mode,
      request.filters,
    );
    const page = timed(timing, PAGE_PHASE[request.mode], () =>
      ranking.slice(request.offset, request.offset + request.limit),
    );
    const hits = timed(timing, 'snippets', () => page.map((scored) => hitFor(view, scored, ranking)));
    const facets = timed(timing, 'facets', () => computeFacets(view, ranking.seqs));
    // Taken last: the hits' snippets and the facets are part of the search the user waited for.
    const tookMs = tookMsOf(performance.now() - started);
    const response = {
      query: request.query,
      mode: request.mode,
      total: ranking.total,
      tookMs,
      hits,
      facets,
    };
    return response;
  }

  return {
    lineage: () => {
      lineage ??= createLineageService(index);
      return lineage;
    },
    summary: () => ({
      documents: index.corpus.documents.length,
      paragraphs: view.paragraphCount,
      builtAt: index.manifest.builtAt,
      embedder: index.manifest.embedder,
      ...(cache ? { cache: cache.stats() } : {}),
      ...semanticSummary(index),
    }),
    hasSemantic: () => index.semantic !== null,
    async search(request, timing) {
      const started = performance.now();
      if (!cache) return computeSearch(request, timing, started);
      const { response, source } = await cache.answer(request, () => computeSearch(request, timing, started));
      // A cached or shared answer carries the time this request took (the lookup, or the wait), not
      // the time the first one did.
      return source === 'computed'
        ? response
        : { ...response, tookMs: tookMsOf(performance.now() - started) };
    },
    async exportRows(request) {
      const ranking = await rankParagraphs(
        context,
        prepareQuery(request.query),
        request.mode,
        request.filters,
      );
      return ranking.slice(0, SEARCH.exportMaxRows).map((scored) => {
        const hit = hitFor(view, scored, ranking);
        const doc = view.documentOf(scored.seq);
        // Added to the fresh hit: keys after a spread are slow to define (hits.ts).
        return Object.assign(hit, { number: doc.number, citation: citationOf(doc, hit.id) });
      });
    },
    timeline: (query, mode) => buildTimeline(context, prepareQuery(query), mode),
    async similar(id, options) {
      const seq = view.seqOf(id);
      if (seq === undefined) return null;
      return (await similarParagraphs(context, seq, options)).map((scored) => toHit(view, scored, []));
    },
    documents: () => index.corpus.documents,
    document(id) {
      const document = view.documentById.get(id);
      if (!document) return null;
      const paragraphs = view
        .paragraphsOfDocument(id)
        .map(({ id: paragraphId, section, text, original, agencies, fields }) => {
          return { id: paragraphId, section, text, original, agencies, ...(fields ? { fields } : {}) };
        });
      return { document, paragraphs };
    },
    paragraph(id) {
      const seq = view.seqOf(id);
      if (seq === undefined) return null;
      const { documentPosition } = view;
      const neighbour = (at: number) =>
        at >= 0 && at < view.paragraphCount && documentPosition[at] === documentPosition[seq]
          ? inContext(view, at)
          : null;
      return { paragraph: inContext(view, seq), prev: neighbour(seq - 1), next: neighbour(seq + 1) };
    },
    async suggest(prefix, limit) {
      suggestions ??= buildCorpusSuggestions(index.corpus);
      // A build in slices already under way is waited for rather than repeated in one block.
      await suggestions.warm?.();
      return searchSuggestions(suggestions, prefix, limit);
    },
    async warmSuggestions() {
      suggestions ??= buildCorpusSuggestions(index.corpus);
      await suggestions.warm?.();
    },
  };
}

/** Where the semantic half stands, for the summary: an index opened in the background says; any other has it loaded or has none. */
function semanticSummary(index: LoadedIndex): Pick<IndexSummary, 'semantic' | 'semanticError'> {
  const status: SemanticStatus =
    index.semanticStatus?.() ?? (index.semantic ? { state: 'ready' } : { state: 'none' });
  return status.state === 'failed'
    ? { semantic: 'failed', semanticError: status.reason }
    : { semantic: status.state };
}

/** The phase that picks a page out of a ranking: the keyword top n, the neighbours, or the fused order. */
const PAGE_PHASE: Readonly<Record<SearchMode, SearchPhase>> = {
  keyword: 'keyword',
  semantic: 'semantic',
  hybrid: 'fuse',
};

function hitFor(view: CorpusView, scored: Scored, ranking: Ranking): Hit {
  const terms = scored.matchedBy.includes('keyword')
    ? ranking.keywordTerms
    : scored.matchedBy.includes('concept')
      ? ranking.conceptTerms
      : ranking.queryWords;
  return toHit(view, scored, terms);
}

function inContext(view: CorpusView, seq: number): ParagraphInContext {
  const paragraph = view.paragraphAt(seq);
  // Added to the fresh context: keys after a spread are slow to define (hits.ts).
  return Object.assign(
    contextOf(view, seq),
    { original: paragraph.original },
    paragraph.fields ? { fields: paragraph.fields } : {},
  );
}

/** How a paragraph is cited: title, 文号, year and the paragraph id that finds it again. */
function citationOf(doc: DocumentMeta, paragraphId: string): string {
  const parts = [`《${doc.title}》`];
  if (doc.number) parts.push(doc.number);
  if (doc.year !== null) parts.push(`${doc.year}年`);
  parts.push(`段落 ${paragraphId}`);
  return parts.join('，');
}
