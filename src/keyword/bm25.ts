/**
 * BM25 (Robertson & Zaragoza, 2009) as a small pure function: one query word's contribution to one
 * paragraph's score, with boosts for the word appearing in the section headings or the title.
 */

/** Everything BM25 needs about one word in one paragraph. */
export interface Bm25Input {
  /** Occurrences of the word in the paragraph text. */
  termFrequency: number;
  /** Paragraphs in the corpus containing the word. */
  documentFrequency: number;
  /** Paragraphs in the corpus. */
  documentCount: number;
  /** Paragraph length in characters. */
  length: number;
  /** Mean paragraph length in characters. */
  averageLength: number;
  /** The word occurs in the paragraph's section headings. */
  inSection?: boolean;
  /** The word occurs in the document title. */
  inTitle?: boolean;
}

/** BM25 parameters: saturation k1, length normalization b, and field boosts (see KEYWORD_RANKING in src/config.ts). */
export interface Bm25Parameters {
  k1: number;
  b: number;
  sectionBoost: number;
  titleBoost: number;
}

/** Inverse document frequency, BM25+ style (never negative, even for a word in most paragraphs). */
export function inverseDocumentFrequency(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One word's BM25 contribution to one paragraph, field boosts included. */
export function bm25WordScore(input: Bm25Input, parameters: Bm25Parameters): number {
  const { k1, b } = parameters;
  const idf = inverseDocumentFrequency(input.documentFrequency, input.documentCount);
  const lengthRatio = input.averageLength > 0 ? input.length / input.averageLength : 1;
  const tf = input.termFrequency;
  const textPart = tf > 0 ? (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * lengthRatio)) : 0;
  const fieldPart =
    (input.inSection ? parameters.sectionBoost : 0) + (input.inTitle ? parameters.titleBoost : 0);
  return idf * (textPart + fieldPart);
}
