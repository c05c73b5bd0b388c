/**
 * A typed prefix as the suggestion index reads it: normalized exactly like a query (traditional →
 * simplified, the policy phrase table, widths), lower-cased, and — because a prefix can stop half-way
 * through a Taiwan phrase the table maps whole — a trailing part of such a phrase completed to its
 * mainland form (智慧財產 → 知识产权).
 */

import { normalizeText } from '../text/normalize.ts';
import { TAIWAN_ONLY_PHRASES } from '../text/policy-phrases.ts';

/** Shortest unfinished Taiwan phrase that is completed: two characters (智慧, 数位) are common words of their own. */
const MIN_PARTIAL_PHRASE = 3;

/** The normalized form of the prefix `typed`, ready for the suggestion index. */
export function normalizeSuggestPrefix(typed: string): string {
  // Chinese is written without spaces: 知识产权 质押 is the start of 知识产权质押融资.
  const normalized = normalizeText(typed)
    .toLowerCase()
    .trim()
    .replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
  return completePartialPhrase(normalized);
}

function completePartialPhrase(prefix: string): string {
  for (const [taiwan, mainland] of Object.entries(TAIWAN_ONLY_PHRASES)) {
    for (let length = taiwan.length - 1; length >= MIN_PARTIAL_PHRASE; length--) {
      if (prefix.endsWith(taiwan.slice(0, length))) return prefix.slice(0, -length) + mainland;
    }
  }
  return prefix;
}
