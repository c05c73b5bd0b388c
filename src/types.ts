/**
 * The shared vocabulary of the engine: what the indexer produces, what the index stores and what
 * the API returns. Every layer imports its types from here so that no shape is declared twice.
 */

/** Metadata of one indexed document, as served by `/api/documents`. */
export interface DocumentMeta {
  /** Stable id: derived from `source`, so it survives rebuilds of unchanged input. */
  id: string;
  /** Path of the file relative to the input folder, with `/` separators, e.g. `000_2b34ef53993d7fe3.txt`. */
  source: string;
  title: string;
  /** The work year the document plans for; null when the text names none. */
  year: number | null;
  /** The span the document covers when it is more than one year, e.g. `2021–2022`. */
  period: string | null;
  /** ISO date (YYYY-MM-DD) the document was published, when the text gives it. */
  published: string | null;
  /** ISO date (YYYY-MM-DD) the document was signed, when the text gives it. */
  signed: string | null;
  issuer: string | null;
  /** The document number (文号), e.g. 国知发运字〔2021〕3号. */
  number: string | null;
  paragraphCount: number;
}

/** One searchable unit: a paragraph (or a table row, or a law's article) with its context. */
export interface Paragraph {
  /** Stable id: the document id plus a hash of the paragraph's own text. */
  id: string;
  docId: string;
  /** Position in its document, from 0. */
  ordinal: number;
  /** Headings above the paragraph, outermost first. */
  section: string[];
  /** Normalized text: simplified script, unified punctuation and whitespace. What is searched. */
  text: string;
  /** The paragraph as it stood in the source, before normalization. */
  original: string;
  /** Responsible bodies named for this paragraph (（…负责）, a table's 执行部门 column). */
  agencies: string[];
  /** Extra named fields a table row carries, e.g. `{ 执行部门: '…', 完成时间: '…' }`. */
  fields?: Record<string, string>;
}

/** A document as ingestion produces it: metadata plus its paragraphs in order. */
export interface IngestedDocument {
  meta: DocumentMeta;
  paragraphs: Paragraph[];
  /** Non-fatal notes for the build summary, e.g. "no year found". */
  warnings: string[];
}

/** A file the indexer could not take, with the reason shown in the build summary. */
export interface SkippedFile {
  source: string;
  reason: string;
}

/**
 * How a hit was found: `keyword` (the query's own terms), `semantic` (the embedding's neighbours),
 * `concept` (hybrid's concept-coverage list: the query's words or the official terms the reviewed
 * thesaurus maps them to).
 */
export type MatchSource = 'keyword' | 'semantic' | 'concept';

/** The search modes the API accepts. */
export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

/** Filters a search can be narrowed by; every list is OR within itself, AND across lists. */
export interface SearchFilters {
  years?: number[];
  docIds?: string[];
  agencies?: string[];
}

/** A validated search request. */
export interface SearchRequest {
  query: string;
  mode: SearchMode;
  limit: number;
  offset: number;
  filters: SearchFilters;
}

/** A paragraph with the fields of its document a reader needs beside it. */
export interface ParagraphContext {
  id: string;
  docId: string;
  source: string;
  title: string;
  year: number | null;
  section: string[];
  text: string;
  agencies: string[];
}

/** One search result as the API returns it. */
export interface Hit extends ParagraphContext {
  /** About 120 characters around the best match, HTML-escaped, matches wrapped in `<mark>`. */
  snippet: string;
  /** [start, end) character offsets of the matched terms in `text`. */
  highlights: [number, number][];
  score: number;
  matchedBy: readonly MatchSource[];
}

/** Counts over the whole result set (not just the returned page). */
export interface Facets {
  years: { year: number; count: number }[];
  documents: { id: string; title: string; count: number }[];
  agencies: { name: string; count: number }[];
}

/** The body of `GET /api/search`. */
export interface SearchResponse {
  query: string;
  mode: SearchMode;
  total: number;
  tookMs: number;
  hits: Hit[];
  facets: Facets;
}

/** Which embedder built the vector index, so queries can be embedded the same way. */
export interface EmbedderInfo {
  kind: 'transformer' | 'corpus';
  /** Model id (transformer) or a content hash of the trained model (corpus). */
  model: string;
  dimensions: number;
}

/** `index-data/<build>/manifest.json`: what was built, from what, by which version of the code. */
export interface Manifest {
  /** Layout version of `index-data/`; the loader refuses any other. */
  formatVersion: number;
  /** Version of the text analyzer (normalize → segment → tokens); a mismatch means rebuild. */
  analyzerVersion: number;
  builtAt: string;
  /** Absolute input folder the build read. */
  inputDir: string;
  /** Hash over the input files' paths, sizes and modification times: changes when any input does. */
  inputFingerprint: string;
  documents: number;
  paragraphs: number;
  embedder: EmbedderInfo | null;
  /** Similarity cut-offs calibrated on this index's own vectors at build time (absent in indexes built before them). */
  similarity?: SimilarityCalibration;
}

/**
 * Cosine cut-offs of one index, read from the similarity of random pairs of its paragraphs
 * (src/embedding/similarity-calibration.ts), so no model's scale is hard-coded.
 */
export interface SimilarityCalibration {
  /** Semantic results below this cosine are dropped: a nearest neighbour of anything is not a match. */
  searchFloor: number;
  /** Meaning-only timeline evidence below this cosine is not shown at all, not even as 可能相关. */
  timelineFloor: number;
  /** Random pairs the quantiles were read from. */
  pairs: number;
}

/**
 * Every indexed paragraph in one array, in document order; a paragraph's position is its `seq`,
 * the dense integer key the keyword and vector indexes use.
 */
export interface Corpus {
  documents: DocumentMeta[];
  paragraphs: Paragraph[];
}
