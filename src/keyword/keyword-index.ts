/**
 * The keyword index: a FlexSearch 0.8 Document index over the corpus paragraphs, keyed by seq.
 *
 * The analyzer runs outside FlexSearch: each field is stored as its analyzer tokens joined by
 * spaces and FlexSearch's encoder only splits on the space, so the index and every query see
 * exactly the tokens of `src/text/analyze.ts`. FlexSearch answers "which paragraphs hold all of
 * these tokens"; BM25 statistics (term frequency, paragraph length) are read from the paragraph
 * text itself, which the corpus keeps anyway, so no side index is needed.
 *
 * Filters are not FlexSearch tags: in 0.8.212 a tag query over two fields returns the union of
 * the fields (year OR agency), while filters must be AND across fields; a per-seq lookup is
 * exact and costs one array read per candidate.
 */
import { Document, Encoder } from 'flexsearch';
import { ANALYZER_VERSION, indexTokens } from '../text/analyze.ts';
import type { Corpus, DocumentMeta } from '../types.ts';

/** Layout version of the exported keyword files; bump when their shape changes. */
export const KEYWORD_INDEX_FORMAT = 1;

/** The FlexSearch fields; `title` is per document, so it is looked up through the document, not indexed per paragraph. */
const FIELDS = ['text', 'section'] as const;

/** The keyword index: FlexSearch plus per-seq lookups derived from the corpus. */
export interface KeywordIndex {
  flex: Document;
  corpus: Corpus;
  /** Document of each seq. */
  documentOf: DocumentMeta[];
  /** Section headings of each seq joined by a space, lower-cased, for the section boost. */
  sectionOf: string[];
  /** Mean paragraph length in characters, BM25's avgdl. */
  averageLength: number;
}

function createFlex(): Document {
  // The analyzer already normalized, lower-cased and segmented; FlexSearch must not change a token.
  const encoder = new Encoder({
    split: ' ',
    normalize: false,
    dedupe: false,
    numeric: false,
    minlength: 1,
    cache: false,
  });
  return new Document({
    tokenize: 'strict',
    encoder,
    resolution: 1,
    fastupdate: false,
    cache: false,
    document: { id: 'seq', index: [...FIELDS] },
  });
}

function deriveLookups(corpus: Corpus): Omit<KeywordIndex, 'flex' | 'corpus'> {
  const byId = new Map(corpus.documents.map((document) => [document.id, document]));
  const documentOf: DocumentMeta[] = [];
  const sectionOf: string[] = [];
  let totalLength = 0;
  for (const paragraph of corpus.paragraphs) {
    const document = byId.get(paragraph.docId);
    if (!document) throw new Error(`Paragraph ${paragraph.id} names unknown document ${paragraph.docId}.`);
    documentOf.push(document);
    sectionOf.push(paragraph.section.join(' ').toLowerCase());
    totalLength += paragraph.text.length;
  }
  const averageLength = corpus.paragraphs.length ? totalLength / corpus.paragraphs.length : 1;
  return { documentOf, sectionOf, averageLength };
}

function uniqueTokens(text: string): string {
  return [...new Set(indexTokens(text.toLowerCase()))].join(' ');
}

/** Builds the keyword index over every paragraph of the corpus; ids are seqs. */
export function buildKeywordIndex(corpus: Corpus): KeywordIndex {
  const flex = createFlex();
  corpus.paragraphs.forEach((paragraph, seq) => {
    flex.add({ seq, text: uniqueTokens(paragraph.text), section: uniqueTokens(paragraph.section.join(' ')) });
  });
  return { flex, corpus, ...deriveLookups(corpus) };
}

/** FlexSearch's export as key → data, plus a `keyword.meta` entry recording the format and analyzer version. */
export function exportKeywordIndex(index: KeywordIndex): Record<string, string> {
  const files: Record<string, string> = {};
  // With a synchronous handler FlexSearch exports synchronously (src/serialize.js: `save`).
  index.flex.export((key: string, data: string) => {
    files[key] = data;
  });
  files['keyword.meta'] = JSON.stringify({
    format: KEYWORD_INDEX_FORMAT,
    analyzerVersion: ANALYZER_VERSION,
    paragraphs: index.corpus.paragraphs.length,
  });
  return files;
}

/** Restores an exported keyword index for the same corpus; throws when the files were made for another one. */
export function importKeywordIndex(files: Record<string, string>, corpus: Corpus): KeywordIndex {
  const metaText = files['keyword.meta'];
  if (!metaText) throw new Error('The keyword index files lack keyword.meta; rebuild the index.');
  const meta = JSON.parse(metaText) as { format: number; analyzerVersion: number; paragraphs: number };
  if (meta.format !== KEYWORD_INDEX_FORMAT || meta.analyzerVersion !== ANALYZER_VERSION) {
    throw new Error(
      `The keyword index has format ${meta.format} / analyzer ${meta.analyzerVersion}; this code needs ` +
        `${KEYWORD_INDEX_FORMAT} / ${ANALYZER_VERSION}. Rebuild the index.`,
    );
  }
  if (meta.paragraphs !== corpus.paragraphs.length) {
    throw new Error(
      `The keyword index covers ${meta.paragraphs} paragraphs but the corpus has ${corpus.paragraphs.length}.`,
    );
  }
  const flex = createFlex();
  for (const [key, data] of Object.entries(files)) {
    if (key !== 'keyword.meta') flex.import(key, data);
  }
  return { flex, corpus, ...deriveLookups(corpus) };
}

/** Seqs whose field holds every one of the tokens, in ascending order; all of them (no limit). */
export function findAllTokens(
  index: KeywordIndex,
  tokens: string[],
  field: 'text' | 'section' = 'text',
): number[] {
  if (tokens.length === 0) return [];
  const results = index.flex.search({
    query: tokens.join(' '),
    index: field,
    limit: index.corpus.paragraphs.length || 1,
  });
  const ids = (results[0]?.result ?? []) as number[];
  return ids;
}

/** How many paragraphs hold a token in their text: the length of its posting list, 0 when absent. */
export function documentFrequency(index: KeywordIndex, token: string): number {
  // FlexSearch keeps no df; with resolution 1 a token's postings are map.get(token)[0].
  const field = (index.flex as unknown as { index: Map<string, { map: Map<string, number[][]> }> }).index.get(
    'text',
  );
  const postings = field?.map.get(token);
  return postings?.[0]?.length ?? 0;
}
