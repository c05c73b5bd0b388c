/**
 * A six-paragraph corpus for filters and facets: three documents (2020, 2021, no year), two
 * paragraphs each, naming 知识产权局 and 市场监管总局 in different combinations.
 */
import type { Corpus, DocumentMeta, Paragraph } from '../../src/types.ts';
import { documentMeta } from './document-meta.ts';

/** A document of two paragraphs. */
export function twoParagraphDocument(id: string, year: number | null): DocumentMeta {
  return documentMeta(id, { year, paragraphCount: 2 });
}

/** A paragraph of `docId` naming `agencies`. */
export function agencyParagraph(docId: string, ordinal: number, agencies: string[]): Paragraph {
  return { id: `${docId}-${ordinal}`, docId, ordinal, section: [], text: '段落', original: '段落', agencies };
}

/** The corpus: seqs 0–1 in a (2020), 2–3 in b (2021), 4–5 in c (no year). */
export const agencyCorpus: Corpus = {
  documents: [
    twoParagraphDocument('a', 2020),
    twoParagraphDocument('b', 2021),
    twoParagraphDocument('c', null),
  ],
  paragraphs: [
    agencyParagraph('a', 0, ['知识产权局']),
    agencyParagraph('a', 1, ['知识产权局', '市场监管总局']),
    agencyParagraph('b', 0, ['市场监管总局']),
    agencyParagraph('b', 1, []),
    agencyParagraph('c', 0, ['知识产权局']),
    agencyParagraph('c', 1, []),
  ],
};
