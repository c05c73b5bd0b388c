/**
 * Step 2 of ingestion, for `.html` files: HTML → plain text lines for the rest of the pipeline: scripts, styles and navigation dropped,
 * block elements become line breaks, table cells tab-separated, headings marked with `#`, entities decoded.
 */
import { decodeHTML } from 'entities';

// Elements whose whole content is never document text.
const DROPPED_ELEMENTS = /<(script|style|noscript|template|nav|iframe|svg|head)\b[\s\S]*?<\/\1\s*>/giu;
const BLOCK_TAGS =
  /<\/?(?:p|div|br|li|ul|ol|tr|table|section|article|header|footer|aside|main|blockquote|pre|hr|dl|dt|dd|form|center|tbody|thead)\b[^>]*>/giu;
const CELL_TAGS = /<\/?(?:td|th)\b[^>]*>/giu;
const HEADING = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/giu;
const ANY_TAG = /<[^>]+>/gu;

/** Plain text of an HTML page, one block per line, with `#`…`######` marking h1–h6. */
export function htmlToText(html: string): string {
  return decodeHTML(
    html
      .replace(/<!--[\s\S]*?-->/gu, '')
      .replace(DROPPED_ELEMENTS, '\n')
      .replace(HEADING, (_m, level: string, inner: string) => `\n${'#'.repeat(Number(level))} ${inner}\n`)
      .replace(BLOCK_TAGS, '\n')
      .replace(CELL_TAGS, '\t')
      .replace(ANY_TAG, ''),
  );
}
