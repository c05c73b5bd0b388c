/**
 * Matching query terms against paragraph text, the final word on every candidate FlexSearch
 * returns: exact phrase containment that ignores punctuation and spaces, word occurrence counts,
 * and sentence splitting for 同句.
 */

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const SENTENCE_END = /[。！？；!?;\n]+/u;

/** The text with everything but letters and digits removed: what a phrase is compared against. */
export function compactText(text: string): string {
  return text.replace(NOT_LETTER_OR_DIGIT, '');
}

/**
 * True when the text contains the term with its characters adjacent and in order, ignoring
 * punctuation and spaces on either side (数据、知识产权 contains 数据知识产权; 数据…知识产权 with words
 * between does not). Case-insensitive for Latin letters; both sides are expected normalized.
 */
export function containsPhrase(text: string, term: string): boolean {
  const haystack = text.toLowerCase();
  const needle = term.toLowerCase();
  if (haystack.includes(needle)) return true;
  const compactNeedle = compactText(needle);
  return compactNeedle !== '' && compactText(haystack).includes(compactNeedle);
}

/** Non-overlapping occurrences of a (lower-case) word in a (lower-case) text. */
export function countOccurrences(text: string, word: string): number {
  if (word === '') return 0;
  let count = 0;
  let from = text.indexOf(word);
  while (from !== -1) {
    count++;
    from = text.indexOf(word, from + word.length);
  }
  return count;
}

/** The sentences of a paragraph, split at 。！？； and line breaks. */
export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).filter((sentence) => sentence !== '');
}
