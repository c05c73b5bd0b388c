/**
 * Snippets: about 120 characters of a paragraph around its best match, cut at sentence or clause
 * boundaries where possible, HTML-escaped, with every matched term wrapped in <mark>.
 */
import { SNIPPET } from '../config.ts';
import { compactText, LETTER_OR_DIGIT } from './text-match.ts';

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

/**
 * The text compacted to its letters and digits, lower-cased, as code units, and where each sits in
 * the text: buffers kept between calls. With the compacted text built as a string (slices joined,
 * then flattened by the first search in it) and the matches as [start, end] pairs sorted by a
 * comparator, a call made about four times the garbage (test/bench/snippet-cost.ts: 527 scavenges
 * against 121 in 200,000 calls; BENCHMARKS.md, "Snippets without garbage").
 */
let compactBuffer = new Uint16Array(1024);
let positionBuffer = new Int32Array(1024);

const BOUNDARY = /[。！？；!?;\n，、,：:]/u;

// How each code unit is compacted, learned on first sight (so a character is tested, and made a
// string, once per process): 0 not seen yet, or one of these.
/** A letter or digit whose lower case is one unit (`loweredCodeOf`): kept as that unit. */
const KEPT = 1;
/** Neither a letter nor a digit (punctuation, a space, a lone surrogate half): dropped. */
const DROPPED = 2;
/** A letter whose lower case is longer than one unit (İ → i̇): lower-cased as a string. */
const EXPANDED = 3;
const compactionOf = new Uint8Array(0x10000);
const loweredCodeOf = new Uint16Array(0x10000);

function learnCompaction(code: number): number {
  const char = String.fromCharCode(code);
  const lower = char.toLowerCase();
  const compaction = !LETTER_OR_DIGIT.test(char) ? DROPPED : lower.length === 1 ? KEPT : EXPANDED;
  compactionOf[code] = compaction;
  loweredCodeOf[code] = lower.charCodeAt(0);
  return compaction;
}

// Each match found, as one number that sorts by start and then by end, longest first, sorted in a
// buffer kept between calls (numerically: no comparator, no pair per match). Offsets stay below
// 2^26 (a 64 MB paragraph), so a key stays below 2^52, exact in a double.
const RANGE_KEY_SCALE = 2 ** 26;
let rangeKeys: Float64Array = new Float64Array(256);
const rangeKey = (start: number, end: number) => start * RANGE_KEY_SCALE + (RANGE_KEY_SCALE - 1 - end);
function growKeys(keys: Float64Array): Float64Array {
  const grown = new Float64Array(keys.length * 2);
  grown.set(keys);
  return grown;
}

/** Whether the rest of `needle` follows its first unit at `at` in `compact`. */
function occursAt(compact: Uint16Array, at: number, needle: string): boolean {
  for (let unit = 1; unit < needle.length; unit++) {
    if (compact[at + unit] !== needle.charCodeAt(unit)) return false;
  }
  return true;
}

/**
 * Offsets of every occurrence of each term in the text, tolerant of punctuation and spaces inside
 * the occurrence (a phrase matches 产权、质押 for 产权质押), case-insensitive, merged where they overlap.
 */
export function findHighlights(text: string, terms: string[]): [number, number][] {
  // Compare on letters and digits only, remembering where each kept unit sits in the text.
  // Lower-casing lengthens one character at most to two units (İ → i̇), each placed at its source.
  if (positionBuffer.length < text.length * 2) {
    positionBuffer = new Int32Array(text.length * 2);
    compactBuffer = new Uint16Array(text.length * 2);
  }
  const positions = positionBuffer;
  const compact = compactBuffer;
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const compaction = compactionOf[code] || learnCompaction(code);
    if (compaction === KEPT) {
      compact[kept] = loweredCodeOf[code] as number;
      positions[kept++] = i;
    } else if (compaction === EXPANDED) {
      const lower = String.fromCharCode(code).toLowerCase();
      for (let unit = 0; unit < lower.length; unit++) {
        compact[kept] = lower.charCodeAt(unit);
        positions[kept++] = i;
      }
    }
  }
  let found = 0;
  for (const term of terms) {
    const needle = compactText(term.toLowerCase());
    if (needle === '') continue;
    const first = needle.charCodeAt(0);
    // Occurrences do not overlap one another (as String#indexOf stepped past each one).
    for (let from = 0; from + needle.length <= kept; from++) {
      if (compact[from] !== first || !occursAt(compact, from, needle)) continue;
      if (found === rangeKeys.length) rangeKeys = growKeys(rangeKeys);
      rangeKeys[found++] = rangeKey(
        positions[from] as number,
        (positions[from + needle.length - 1] as number) + 1,
      );
      from += needle.length - 1;
    }
  }
  const sorted = rangeKeys.subarray(0, found).sort();
  const merged: [number, number][] = [];
  for (const key of sorted) {
    const start = Math.floor(key / RANGE_KEY_SCALE);
    const end = RANGE_KEY_SCALE - 1 - (key - start * RANGE_KEY_SCALE);
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
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
