/**
 * Snippets: about 120 characters of a paragraph around its best match, cut at sentence or clause
 * boundaries where possible, HTML-escaped, with every matched term wrapped in <mark>.
 */
import { SNIPPET } from '../config.ts';

/** A snippet ready for innerHTML, and the [start, end) offsets of every match in the full text. */
export interface Snippet {
  snippet: string;
  highlights: [number, number][];
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that can open markup or break out of an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] as string);
}

/** Where each character of the compacted text sits in the original, reused by {@link findHighlights}. */
let positionBuffer = new Int32Array(1024);

const BOUNDARY = /[。！？；!?;\n，、,：:]/u;
const KEPT = /[\p{L}\p{N}]/u;

/**
 * Offsets of every occurrence of each term in the text, tolerant of punctuation and spaces inside
 * the occurrence (a phrase matches 产权、质押 for 产权质押), case-insensitive, merged where they overlap.
 */
export function findHighlights(text: string, terms: string[]): [number, number][] {
  // Compare on letters and digits only, remembering where each kept character sits in the text
  // (in a buffer kept between calls: an array grown per character was most of a search's garbage).
  // Lower-casing lengthens one character at most to two units (İ → i̇), each placed at its source.
  if (positionBuffer.length < text.length * 2) positionBuffer = new Int32Array(text.length * 2);
  const positions = positionBuffer;
  let kept = 0;
  let compact = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Fast paths for what a policy text is made of (CJK, digits, lower-case Latin), kept as runs
    // sliced in one piece; anything else is tested and lower-cased one character at a time.
    if (
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x61 && code <= 0x7a)
    ) {
      positions[kept++] = i;
      continue;
    }
    compact += text.slice(runStart, i);
    runStart = i + 1;
    const char = text[i] as string;
    if (KEPT.test(char)) {
      const lower = char.toLowerCase();
      for (let unit = 0; unit < lower.length; unit++) positions[kept++] = i;
      compact += lower;
    }
  }
  compact += text.slice(runStart);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = term.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (needle === '') continue;
    for (
      let from = compact.indexOf(needle);
      from !== -1;
      from = compact.indexOf(needle, from + needle.length)
    ) {
      const start = positions[from] as number;
      const end = (positions[from + needle.length - 1] as number) + 1;
      ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * The window start that shows the best match: a window holding one of the longest highlights
 * (the whole query phrase beats its parts, which also match), then the most highlights.
 */
function bestWindowStart(highlights: [number, number][], length: number): number {
  const longest = Math.max(...highlights.map(([from, to]) => to - from));
  let best = highlights[0]?.[0] ?? 0;
  let bestScore = -1;
  let right = 0;
  let longestInWindow = 0;
  for (let left = 0; left < highlights.length; left++) {
    const start = (highlights[left] as [number, number])[0];
    while (right < highlights.length && (highlights[right] as [number, number])[1] <= start + length) {
      const [from, to] = highlights[right] as [number, number];
      if (to - from === longest) longestInWindow++;
      right++;
    }
    const score = (longestInWindow > 0 ? highlights.length + 1 : 0) + (right - left);
    if (score > bestScore) {
      bestScore = score;
      best = start;
    }
    const [from, to] = highlights[left] as [number, number];
    if (right > left && to - from === longest) longestInWindow--;
  }
  return best;
}

/** Moves a cut point to the nearest boundary within `reach` characters, searching in `direction`. */
function snapToBoundary(text: string, at: number, direction: -1 | 1, reach: number): number {
  for (let step = 0; step <= reach; step++) {
    const i = at + direction * step;
    if (i <= 0) return 0;
    if (i >= text.length) return text.length;
    // A cut after a boundary character: the start keeps it out, the end keeps it in.
    if (BOUNDARY.test(text[i - 1] as string)) return i;
  }
  return at;
}

/** Builds the snippet and highlight offsets for one paragraph and the terms a search matched. */
export function makeSnippet(text: string, terms: string[]): Snippet {
  const highlights = findHighlights(text, terms);
  const { length, lead, reach } = SNIPPET;
  let start = 0;
  let end = text.length;
  if (text.length > length) {
    const anchor = highlights.length ? bestWindowStart(highlights, length - lead) : 0;
    start = Math.max(0, anchor - lead);
    if (start > 0) start = snapToBoundary(text, start, -1, reach);
    if (start > anchor) start = Math.max(0, anchor - lead);
    end = Math.min(text.length, start + length);
    if (end < text.length) end = snapToBoundary(text, end, 1, reach);
  }
  let html = start > 0 ? '…' : '';
  let cursor = start;
  for (const [from, to] of highlights) {
    if (to <= start || from >= end) continue;
    const markStart = Math.max(from, start);
    const markEnd = Math.min(to, end);
    html += `${escapeHtml(text.slice(cursor, markStart))}<mark>${escapeHtml(text.slice(markStart, markEnd))}</mark>`;
    cursor = markEnd;
  }
  html += escapeHtml(text.slice(cursor, end));
  if (end < text.length) html += '…';
  return { snippet: html, highlights };
}
