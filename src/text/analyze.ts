/**
 * The one analyzer shared by the indexer and every query: normalized text → search tokens.
 * Tokens are jieba search-mode words (minus stop words) plus CJK character bigrams, so a query
 * that occurs verbatim is found even where jieba cut the paragraph differently.
 */
import { normalizeText } from './normalize.ts';
import { segmentForSearch, segmentWords } from './segment-words.ts';
import { isStopWord } from './stop-words.ts';

/**
 * Version of normalize → segment → tokens. Bump on any change to normalization, the dictionary,
 * the stop words or the token rules: the loader refuses an index built by another version.
 */
export const ANALYZER_VERSION = 1;

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when a character is a CJK ideograph. */
export function isHan(char: string): boolean {
  return HAN.test(char);
}

/**
 * Bigrams of adjacent CJK characters. Punctuation and spaces are skipped rather than breaking
 * the run, so a phrase typed without the 、 or ， of the text still finds it; letters and digits
 * do break it.
 */
export function cjkBigrams(text: string): string[] {
  const bigrams: string[] = [];
  let previous = '';
  for (const char of text) {
    if (isHan(char)) {
      if (previous) bigrams.push(previous + char);
      previous = char;
    } else if (LETTER_OR_DIGIT.test(char)) {
      previous = '';
    }
  }
  return bigrams;
}

/** Meaningful words of a normalized text in precise mode, lower-cased, stop words and punctuation removed. */
export function contentWords(text: string): string[] {
  return segmentWords(text)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '' && !isStopWord(word));
}

/** Search-mode words of a normalized text, lower-cased, stop words and punctuation removed. */
export function searchWords(text: string): string[] {
  return segmentForSearch(text)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '' && !isStopWord(word));
}

/** The tokens stored for one normalized paragraph: search-mode words plus CJK bigrams (with repeats). */
export function indexTokens(text: string): string[] {
  return [...searchWords(text), ...cjkBigrams(text)];
}

/** The tokens of one query term, after the same normalization documents get. */
export function queryTokens(term: string): string[] {
  return indexTokens(normalizeText(term));
}
