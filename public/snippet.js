/**
 * Turns the API's snippet (HTML-escaped text with `<mark>` around matches) into DOM nodes without
 * ever parsing it as HTML: the string is split on the exact `<mark>` / `</mark>` tokens, entities in
 * the pieces are decoded by hand, and every piece becomes a text node. Anything else that looks like
 * a tag stays visible text.
 */

import { el } from './dom.js';

const MARK_TOKEN = /(<mark>|<\/mark>)/;
/** @type {Record<string, string>} */
const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the few entities an HTML escaper produces (&amp; &lt; &gt; &quot; &#39; &#x27; …).
 * @param {string} text
 * @returns {string}
 */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#x')) return codePoint(Number.parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return codePoint(Number.parseInt(lower.slice(1), 10), whole);
    return NAMED_ENTITIES[lower] ?? whole;
  });
}

/**
 * @param {number} value
 * @param {string} fallback returned when `value` is no code point
 */
function codePoint(value, fallback) {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}

/**
 * Renders a snippet as a fragment of text nodes and `<mark>` elements.
 * @param {string} snippet
 * @returns {DocumentFragment}
 */
export function snippetFragment(snippet) {
  const fragment = document.createDocumentFragment();
  let depth = 0;
  for (const piece of snippet.split(MARK_TOKEN)) {
    if (piece === '<mark>') {
      depth += 1;
    } else if (piece === '</mark>') {
      depth = Math.max(0, depth - 1);
    } else if (piece) {
      const text = decodeEntities(piece);
      fragment.append(depth > 0 ? el('mark', { text }) : document.createTextNode(text));
    }
  }
  return fragment;
}
