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

/** What stays fixed for one query word across all paragraphs it is scored in. */
export interface Bm25Word {
  documentFrequency: number;
  documentCount: number;
  averageLength: number;
}

/** Scores one word in one paragraph: occurrences, length in characters, and whether headings / title hold it. */
export type Bm25WordScorer = (
  termFrequency: number,
  length: number,
  inSection: boolean,
  inTitle: boolean,
) => number;

/** A word's BM25 scorer with its IDF and the parameters fixed, for scoring many paragraphs in a loop. */
export function prepareWordScorer(word: Bm25Word, parameters: Bm25Parameters): Bm25WordScorer {
  const { k1, b, sectionBoost, titleBoost } = parameters;
  const idf = inverseDocumentFrequency(word.documentFrequency, word.documentCount);
  const lengthScale = word.averageLength > 0 ? (k1 * b) / word.averageLength : 0;
  const lengthBase = word.averageLength > 0 ? k1 * (1 - b) : k1;
  return (termFrequency, length, inSection, inTitle) => {
    const textPart =
      termFrequency > 0
        ? (termFrequency * (k1 + 1)) / (termFrequency + lengthBase + lengthScale * length)
        : 0;
    return idf * (textPart + (inSection ? sectionBoost : 0) + (inTitle ? titleBoost : 0));
  };
}

/** One word's BM25 contribution to one paragraph, field boosts included. */
export function bm25WordScore(input: Bm25Input, parameters: Bm25Parameters): number {
  return prepareWordScorer(input, parameters)(
    input.termFrequency,
    input.length,
    input.inSection === true,
    input.inTitle === true,
  );
}
