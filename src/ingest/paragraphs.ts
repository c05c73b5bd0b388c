/**
 * Step 8 of ingestion: drop repeated paragraphs (a page that repeats its body), read each one's
 * agencies, and give every document and paragraph an id that survives rebuilds of unchanged input.
 */
import { createHash } from 'node:crypto';
import type { Paragraph } from '../types.ts';
import { paragraphAgencies } from './agencies.ts';
import type { StructuredBlock } from './structure.ts';

function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** A document's id: the first 12 hex digits of sha1 of its source path. */
export function documentId(source: string): string {
  return sha1Hex(source).slice(0, 12);
}

/**
 * Paragraphs of one document in order: identical texts kept once (the first), ids
 * `${docId}-${sha1(text) 8 hex}` so editing one paragraph renames no other; `-2`, `-3` on a clash.
 */
export function buildParagraphs(docId: string, blocks: readonly StructuredBlock[]): Paragraph[] {
  const seenTexts = new Set<string>();
  const usedIds = new Set<string>();
  const paragraphs: Paragraph[] = [];
  for (const block of blocks) {
    if (block.text === '' || seenTexts.has(block.text)) continue;
    seenTexts.add(block.text);
    const base = `${docId}-${sha1Hex(block.text).slice(0, 8)}`;
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    const paragraph: Paragraph = {
      id,
      docId,
      ordinal: paragraphs.length,
      section: block.section,
      text: block.text,
      original: block.original,
      agencies: paragraphAgencies(block.text, block.fields),
    };
    if (block.fields) paragraph.fields = block.fields;
    paragraphs.push(paragraph);
  }
  return paragraphs;
}
