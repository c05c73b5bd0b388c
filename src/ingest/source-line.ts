/**
 * Step 3 of ingestion: the unit every later step works on, one non-empty line of the source, kept
 * both as it stood and normalized.
 */
import { normalizeText } from '../text/normalize.ts';

/** One line of a document: its normalized `text` (what rules match on) and its `original`. */
export interface SourceLine {
  text: string;
  original: string;
  /** Named columns of a table row (set by the table step); such a line is always one paragraph. */
  fields?: Record<string, string>;
  /** The source marked a boundary before this line (an HTML comment such as <!-- INFO END -->). */
  breakBefore?: boolean;
}

// Inline markup that survives in text dumps of web pages and PDFs (003's <p>/<b> cells).
const INLINE_TAGS = /<\/?(?:p|b|strong|em|i|u|span|font|br)\b[^>]*>/giu;
const HTML_COMMENT = /<!--[\s\S]*?-->/gu;

/** Markup-free text of one raw line: HTML comments and inline tags removed. */
export function stripInlineMarkup(raw: string): string {
  return raw.replace(HTML_COMMENT, '').replace(INLINE_TAGS, ' ');
}

/** Split decoded text into non-empty lines, each normalized; blank lines carry no structure here. */
export function toSourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let breakBefore = false;
  // A comment spanning lines shrinks to an empty one, which still marks the boundary it stood for.
  for (const original of text.replace(HTML_COMMENT, '<!---->').split(/\r\n|\r|\n/u)) {
    if (/^\s*<!--[\s\S]*-->\s*$/u.test(original)) breakBefore = true;
    const normalized = normalizeText(stripInlineMarkup(original));
    if (normalized === '') continue;
    lines.push(breakBefore ? { text: normalized, original, breakBefore } : { text: normalized, original });
    breakBefore = false;
  }
  return lines;
}
