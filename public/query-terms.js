/** The literal words of a query, for marking them in a paragraph the page shows in full. */

import { el } from './dom.js';

const OPERATOR_WORDS = new Set(['OR', 'AND', 'NOT']);

/**
 * The words a query asks for: operators, brackets, quotes and excluded (-word) terms removed.
 * @param {string} query
 * @returns {string[]}
 */
export function queryTerms(query) {
  return query
    .replace(/同[句段]\(/g, ' ')
    .split(/[\s"“”()（）|]+/)
    .filter((word) => word && !word.startsWith('-') && !OPERATOR_WORDS.has(word.toUpperCase()));
}

/**
 * A fragment of the text with every occurrence of the terms wrapped in `<mark>`; text nodes only.
 * @param {string} text
 * @param {string[]} terms
 * @returns {DocumentFragment}
 */
export function markTerms(text, terms) {
  const fragment = document.createDocumentFragment();
  const ranges = [];
  for (const term of terms) {
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) {
      ranges.push([at, at + term.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (start < cursor) continue;
    fragment.append(
      document.createTextNode(text.slice(cursor, start)),
      el('mark', { text: text.slice(start, end) }),
    );
    cursor = end;
  }
  fragment.append(document.createTextNode(text.slice(cursor)));
  return fragment;
}
