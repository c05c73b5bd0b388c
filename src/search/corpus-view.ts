import type { Corpus, DocumentMeta, Paragraph } from '../types.ts';

/** Lookups over a corpus that every search needs: by id, and from a paragraph's seq to its document. */
export interface CorpusView {
  corpus: Corpus;
  documentById: Map<string, DocumentMeta>;
  /** Paragraph id → seq. */
  seqById: Map<string, number>;
  /** The document of the paragraph at `seq`. */
  documentOf(seq: number): DocumentMeta;
  /** The paragraph at `seq`; throws on a seq outside the corpus (a bug, not a client error). */
  paragraphAt(seq: number): Paragraph;
  /** The seqs of a document's paragraphs, in order. */
  seqsOfDocument(docId: string): number[];
}

/** Builds the lookups once, when the index is loaded. */
export function createCorpusView(corpus: Corpus): CorpusView {
  const documentById = new Map(corpus.documents.map((doc) => [doc.id, doc]));
  const seqById = new Map<string, number>();
  const seqsByDocument = new Map<string, number[]>();
  corpus.paragraphs.forEach((paragraph, seq) => {
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
    paragraphAt,
    documentOf(seq) {
      const doc = documentById.get(paragraphAt(seq).docId);
      if (!doc) throw new RangeError(`paragraph ${seq} belongs to no document`);
      return doc;
    },
    seqsOfDocument: (docId) => seqsByDocument.get(docId) ?? [],
  };
}
