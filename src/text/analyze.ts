/**
 * The one analyzer shared by the indexer and every query: normalized text → tokens, two sets for
 * two jobs. The keyword index keys on {@link matchTokens} — CJK characters, bigrams and trigrams
 * and Latin/digit runs, no jieba — so a query that occurs verbatim is found however jieba would cut
 * the paragraph; BM25 scores jieba's {@link contentWords}. The corpus embedder's vocabulary is
 * {@link indexTokens}: jieba search-mode words (minus stop words) plus CJK bigrams.
 */
import { normalizeText } from './normalize.ts';
import { segmentForSearch, segmentWords } from './segment-words.ts';
import { isStopWord } from './stop-words.ts';

/**
 * Version of normalize → segment → tokens. Bump on any change to normalization, the dictionary,
 * the stop words or the token rules: the loader refuses an index built by another version.
 */
export const ANALYZER_VERSION = 3;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when a character is a CJK ideograph. */
export function isHan(char: string): boolean {
  return isHanCodePoint(char.codePointAt(0) ?? 0);
}

/** True for a code point in the CJK Unified Ideographs blocks (BMP, extension A, compatibility, planes 2–3). */
function isHanCodePoint(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3ffff)
  );
}

/**
 * Bigrams of adjacent CJK characters. Punctuation and spaces are skipped rather than breaking
 * the run, so a phrase typed without the 、 or ， of the text still finds it; letters and digits
 * do break it. A code-point loop, not a regular expression: it runs over every indexed character.
 */
export function cjkBigrams(text: string): string[] {
  const bigrams: string[] = [];
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) as number;
    const char = code > 0xffff ? text.slice(i, i + 2) : (text[i] as string);
    if (code > 0xffff) i++;
    if (isHanCodePoint(code)) {
      if (previous) bigrams.push(previous + char);
      previous = char;
    } else if (code < 0x80 ? /[A-Za-z0-9]/.test(char) : LETTER_OR_DIGIT.test(char)) {
      previous = '';
    }
  }
  return bigrams;
}

/**
 * The tokens the keyword index keys on, exact and cheap: every CJK character, every bigram and
 * trigram of adjacent CJK characters (punctuation skipped, as in {@link cjkBigrams}), and runs of
 * other letters and digits, lower-cased (`pct`, `2021`). Recall never depends on how jieba cut a
 * paragraph, and a term of up to three characters is one token whose postings are its matches.
 */
export function matchTokens(text: string): string[] {
  const tokens: string[] = [];
  let previous = '';
  let beforePrevious = '';
  let runStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? (text.codePointAt(i) as number) : 0x20;
    const width = code > 0xffff ? 2 : 1;
    const han = isHanCodePoint(code);
    const letterOrDigit =
      !han && (code < 0x80 ? isAsciiAlphanumeric(code) : LETTER_OR_DIGIT.test(text.slice(i, i + width)));
    if (runStart !== -1 && !letterOrDigit) {
      tokens.push(text.slice(runStart, i).toLowerCase());
      runStart = -1;
    }
    if (han) {
      const char = text.slice(i, i + width);
      tokens.push(char);
      if (previous) tokens.push(previous + char);
      if (beforePrevious) tokens.push(beforePrevious + previous + char);
      beforePrevious = previous;
      previous = char;
    } else if (letterOrDigit) {
      if (runStart === -1) runStart = i;
      previous = '';
      beforePrevious = '';
    }
    i += width - 1;
  }
  return tokens;
}

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
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

/** The corpus embedder's tokens for one normalized paragraph: search-mode words plus CJK bigrams (with repeats). */
export function indexTokens(text: string): string[] {
  return [...searchWords(text), ...cjkBigrams(text)];
}

/** The corpus embedder's tokens for one query, after the same normalization documents get. */
export function queryTokens(term: string): string[] {
  return indexTokens(normalizeText(term));
}
