/**
 * Matching query terms against paragraph text, the final word on every candidate the postings
 * return: exact phrase containment that ignores punctuation and spaces, word occurrence counts,
 * and sentence splitting for 同句. These run per candidate, so they scan without allocating.
 */

import { isHan } from '../text/analyze.ts';

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
/** One letter or digit: what phrase matching and highlighting compare on. */
export const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SENTENCE_END = /[。！？；!?;\n]+/u;

/** The text with everything but letters and digits removed: what a phrase is compared against. */
export function compactText(text: string): string {
  return text.replace(NOT_LETTER_OR_DIGIT, '');
}

/**
 * How many UTF-16 units at `i` a phrase match may skip: 0 for a letter or digit, else the
 * character's width — the characters the keyword index's n-grams skip too (`matchTokens`), so a
 * match the postings prove is one this accepts. Outside the basic plane that is any symbol (an
 * emoji) and a lone surrogate; a supplementary letter (a rare Han character) is kept.
 */
function skippableWidth(text: string, i: number, code: number): number {
  if (code < 0x80) {
    const letterOrDigit =
      (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    return letterOrDigit ? 0 : 1;
  }
  // Han, as `matchTokens` counts it (its blocks' unassigned code points too), is never skipped.
  if (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff)
  )
    return 0;
  if (code >= 0xd800 && code <= 0xdfff) {
    const point = text.codePointAt(i) as number;
    if (point <= 0xffff) return 1;
    const char = String.fromCodePoint(point);
    return isHan(char) || LETTER_OR_DIGIT.test(char) ? 0 : 2;
  }
  return LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 0 : 1;
}

/** Whether `compactNeedle` (letters and digits only) occurs in the text with skippable characters allowed between. */
function containsSkipping(text: string, compactNeedle: string): boolean {
  for (
    let start = text.indexOf(compactNeedle[0] as string);
    start !== -1;
    start = text.indexOf(compactNeedle[0] as string, start + 1)
  ) {
    let j = 1;
    let i = start + 1;
    while (j < compactNeedle.length && i < text.length) {
      const code = text.charCodeAt(i);
      if (code === compactNeedle.charCodeAt(j)) {
        j++;
        i++;
      } else {
        const width = skippableWidth(text, i, code);
        if (width === 0) break;
        i += width;
      }
    }
    if (j === compactNeedle.length) return true;
  }
  return false;
}

/**
 * A test for one term, prepared once and run on many texts: true when a text contains the term
 * with its characters adjacent and in order, ignoring punctuation and spaces (数据、知识产权 contains
 * 数据知识产权; 数据…知识产权 with words between does not). Latin letters compare case-insensitively.
 */
export function phraseMatcher(term: string): (text: string) => boolean {
  const latin = hasLatinLetter(term);
  const needle = latin ? term.toLowerCase() : term;
  const compactNeedle = compactText(needle);
  return (text) => {
    const haystack = latin ? text.toLowerCase() : text;
    if (haystack.includes(needle)) return true;
    return compactNeedle !== '' && containsSkipping(haystack, compactNeedle);
  };
}

/** Whether a text holds a Latin letter: such a phrase is matched case-insensitively, on lower-cased texts. */
export function hasLatinLetter(text: string): boolean {
  return LATIN_LETTER.test(text);
}

const LATIN_LETTER = /[A-Za-z]/;

/** True when the text contains the term as a phrase (see {@link phraseMatcher}); both sides normalized. */
export function containsPhrase(text: string, term: string): boolean {
  return phraseMatcher(term)(text);
}

/** The sentences of a paragraph, split at 。！？； and line breaks. */
export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).filter((sentence) => sentence !== '');
}
