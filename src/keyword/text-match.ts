/**
 * Matching query terms against paragraph text, the final word on every candidate the postings
 * return: exact phrase containment that ignores punctuation and spaces, word occurrence counts,
 * and sentence splitting for 同句. These run per candidate, so they scan without allocating.
 */

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SENTENCE_END = /[。！？；!?;\n]+/u;

/** The text with everything but letters and digits removed: what a phrase is compared against. */
export function compactText(text: string): string {
  return text.replace(NOT_LETTER_OR_DIGIT, '');
}

/** True for a UTF-16 unit that is neither a letter nor a digit (punctuation, space, symbol). */
function isSkippable(code: number): boolean {
  if (code < 0x80) {
    return !(
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a)
    );
  }
  if (code >= 0x4e00 && code <= 0x9fff) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return !LETTER_OR_DIGIT.test(String.fromCharCode(code));
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
      } else if (isSkippable(code)) {
        i++;
      } else {
        break;
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
  const latin = /[A-Za-z]/.test(term);
  const needle = latin ? term.toLowerCase() : term;
  const compactNeedle = compactText(needle);
  return (text) => {
    const haystack = latin ? text.toLowerCase() : text;
    if (haystack.includes(needle)) return true;
    return compactNeedle !== '' && containsSkipping(haystack, compactNeedle);
  };
}

/** True when the text contains the term as a phrase (see {@link phraseMatcher}); both sides normalized. */
export function containsPhrase(text: string, term: string): boolean {
  return phraseMatcher(term)(text);
}

/** The sentences of a paragraph, split at 。！？； and line breaks. */
export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).filter((sentence) => sentence !== '');
}
