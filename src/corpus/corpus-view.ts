/**
 * The one view of a loaded corpus that every reader shares — keyword search, filters, facets, the
 * timeline and the searcher: paragraphs by seq and id, documents by id, and each paragraph's
 * document position as a typed array. Built once per loaded index, with its keyword index.
 */
import type { Corpus, DocumentMeta, Paragraph } from '../types.ts';

/** Lookups over a corpus: by id, and from a paragraph's seq to its document. */
export interface CorpusView {
  corpus: Corpus;
  documentById: Map<string, DocumentMeta>;
  /** Paragraph id → seq. */
  seqById: Map<string, number>;
  /** Position in `corpus.documents` of each paragraph's document, by seq: what hot loops read. */
  documentPosition: Int32Array;
  /** The document of the paragraph at `seq`. */
  documentOf(seq: number): DocumentMeta;
  /** The paragraph at `seq`; throws on a seq outside the corpus (a bug, not a client error). */
  paragraphAt(seq: number): Paragraph;
  /** The seqs of a document's paragraphs, in order. */
  seqsOfDocument(docId: string): number[];
}

/** Builds the lookups once; throws when a paragraph names a document the corpus lacks. */
export function createCorpusView(corpus: Corpus): CorpusView {
  const documentById = new Map(corpus.documents.map((doc) => [doc.id, doc]));
  const positionById = new Map(corpus.documents.map((doc, position) => [doc.id, position]));
  const seqById = new Map<string, number>();
  const seqsByDocument = new Map<string, number[]>();
  const documentPosition = new Int32Array(corpus.paragraphs.length);
  corpus.paragraphs.forEach((paragraph, seq) => {
    const position = positionById.get(paragraph.docId);
    if (position === undefined)
      throw new Error(`Paragraph ${paragraph.id} names unknown document ${paragraph.docId}.`);
    documentPosition[seq] = position;
    seqById.set(paragraph.id, seq);
    const seqs = seqsByDocument.get(paragraph.docId);
    if (seqs) seqs.push(seq);
    else seqsByDocument.set(paragraph.docId, [seq]);
  });
  const paragraphAt = (seq: number): Paragraph => {
    const paragraph = corpus.paragraphs[seq];
    if (!paragraph) throw new RangeError(`no paragraph at seq ${seq}`);
    return paragraph;
  };
  return {
    corpus,
    documentById,
    seqById,
    documentPosition,
    paragraphAt,
    documentOf(seq) {
      const doc = corpus.documents[documentPosition[seq] ?? -1];
      if (!doc) throw new RangeError(`no paragraph at seq ${seq}`);
      return doc;
    },
    seqsOfDocument: (docId) => seqsByDocument.get(docId) ?? [],
  };
}
