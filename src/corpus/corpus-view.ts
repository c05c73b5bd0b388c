/**
 * The one view of a loaded corpus that every reader shares — keyword search, filters, facets, the
 * timeline and the searcher: paragraphs by seq and id, documents by id, and each paragraph's
 * document position as a typed array. Built once per loaded index, with its keyword index, over a
 * {@link ParagraphSource}: the paragraphs in memory, or those of `paragraphs.bin` read on demand.
 */
import type { Corpus, DocumentMeta, Paragraph } from '../types.ts';
import { type ParagraphSource, paragraphsInMemory } from './paragraph-source.ts';

/** Lookups over a corpus: by id, and from a paragraph's seq to its document. */
export interface CorpusView {
  /** The documents; `corpus.paragraphs` is for tools that want every paragraph (searches read through the view). */
  corpus: Corpus;
  documentById: Map<string, DocumentMeta>;
  /** How many paragraphs the corpus holds. */
  paragraphCount: number;
  /** Paragraph id → seq, or undefined. */
  seqOf(id: string): number | undefined;
  /** Position in `corpus.documents` of each paragraph's document, by seq: what hot loops read. */
  documentPosition: Int32Array;
  /** The document of the paragraph at `seq`. */
  documentOf(seq: number): DocumentMeta;
  /** The searched text of the paragraph at `seq` ('' outside the corpus): what phrase checks read. */
  textAt(seq: number): string;
  /** The id of the paragraph at `seq`. */
  idAt(seq: number): string;
  /** The headings above the paragraph at `seq`. */
  sectionAt(seq: number): string[];
  /** The agencies named for the paragraph at `seq`. */
  agenciesAt(seq: number): string[];
  /** The whole paragraph at `seq`; throws on a seq outside the corpus (a bug, not a client error). */
  paragraphAt(seq: number): Paragraph;
  /** The whole paragraphs of a document, in order, read in one go. */
  paragraphsOfDocument(docId: string): Paragraph[];
  /** The seqs of a document's paragraphs, in order. */
  seqsOfDocument(docId: string): number[];
}

/**
 * Builds the lookups once, over `source` (default: the corpus's own paragraph array); throws when a
 * paragraph names a document the corpus lacks.
 */
export function createCorpusView(
  corpus: Corpus,
  source: ParagraphSource = paragraphsInMemory(corpus),
): CorpusView {
  const { documents } = corpus;
  const documentById = new Map(documents.map((doc) => [doc.id, doc]));
  const { documentPosition } = source;
  const seqsByPosition = new Map<number, number[]>();
  for (let seq = 0; seq < source.count; seq++) {
    const position = documentPosition[seq] as number;
    if (!documents[position]) throw new Error(`Paragraph ${seq} names no known document.`);
    const seqs = seqsByPosition.get(position);
    if (seqs) seqs.push(seq);
    else seqsByPosition.set(position, [seq]);
  }
  const positionById = new Map(documents.map((doc, position) => [doc.id, position]));
  const seqsOfDocument = (docId: string): number[] => seqsByPosition.get(positionById.get(docId) ?? -1) ?? [];
  const paragraphAt = (seq: number): Paragraph => {
    if (!(seq >= 0 && seq < source.count)) throw new RangeError(`no paragraph at seq ${seq}`);
    return source.read(seq, seq + 1)[0] as Paragraph;
  };
  return {
    corpus,
    documentById,
    paragraphCount: source.count,
    seqOf: (id) => source.seqOf(id),
    documentPosition,
    documentOf(seq) {
      const doc = documents[documentPosition[seq] ?? -1];
      if (!doc) throw new RangeError(`no paragraph at seq ${seq}`);
      return doc;
    },
    textAt: (seq) => source.text(seq),
    idAt: (seq) => source.id(seq),
    sectionAt: (seq) => source.section(seq),
    agenciesAt: (seq) => source.agencies(seq),
    paragraphAt,
    paragraphsOfDocument(docId) {
      const seqs = seqsOfDocument(docId);
      const first = seqs[0];
      if (first === undefined) return [];
      // A document's paragraphs are consecutive seqs (one array in document order): one read.
      if ((seqs[seqs.length - 1] as number) - first + 1 === seqs.length)
        return source.read(first, first + seqs.length);
      return seqs.map(paragraphAt);
    },
    seqsOfDocument,
  };
}
