/**
 * One file in, one document out, in this order (each step's file header carries its number):
 * 1 decode (decode.ts) → 2 plain text: HTML to lines (html-text.ts) or Markdown front matter split
 * off (front-matter.ts) → 3 lines, each normalized (source-line.ts) → 4 strip chrome
 * (strip-chrome.ts) → 5 tables (tables.ts) → 6 metadata, then the sidecar (metadata.ts) → 7
 * structure: headings to section paths (structure.ts) → 8 paragraphs: dedupe, agencies
 * (agencies.ts), stable ids (paragraphs.ts). Pure: bytes and an optional parsed sidecar in, data
 * out; a file that cannot be read is returned as skipped, never thrown.
 */
import type { IngestedDocument, SkippedFile } from '../types.ts';
import { decodeBytes } from './decode.ts';
import { splitFrontMatter } from './front-matter.ts';
import { htmlToText } from './html-text.ts';
import { applySidecar, extractMetadata, findHeadline } from './metadata.ts';
import { buildParagraphs, documentId } from './paragraphs.ts';
import { type SourceLine, toSourceLines } from './source-line.ts';
import { stripChrome } from './strip-chrome.ts';
import { structureLines } from './structure.ts';
import { expandTables } from './tables.ts';

/** What the indexer hands ingestion for one file. */
export interface IngestInput {
  /** Path relative to the input folder, `/`-separated. */
  source: string;
  bytes: Uint8Array;
  /** The parsed `<file>.meta.json`, when one lies beside the file. */
  sidecar?: unknown;
  /** Why a sidecar that exists could not be read (e.g. invalid JSON); becomes a warning. */
  sidecarError?: string;
}

/** True for a result that is a skipped file rather than a document. */
export function isSkipped(result: IngestedDocument | SkippedFile): result is SkippedFile {
  return 'reason' in result;
}

function plainText(source: string, text: string): { body: string; frontMatter: Record<string, string> } {
  if (/\.html?$/iu.test(source)) return { body: htmlToText(text), frontMatter: {} };
  const { body, fields } = splitFrontMatter(text);
  return { body, frontMatter: fields };
}

/** Lines that restate metadata rather than carry text: the headline, title repeats, the 文号 alone. */
function withoutTitleLines(lines: readonly SourceLine[], title: string, number: string | null): SourceLine[] {
  const headline = findHeadline(lines);
  return lines.filter((line, index) => {
    const text = line.text.replace(/^#{1,6}\s*/u, '');
    if (index === 0 && headline !== null) return false;
    return text !== title && text !== number;
  });
}

/** Ingest one file: a document with its paragraphs and warnings, or the reason it was skipped. */
export function ingestFile(input: IngestInput): IngestedDocument | SkippedFile {
  const { source } = input;
  const decoded = decodeBytes(input.bytes);
  if (!decoded.ok) return { source, reason: decoded.reason };

  const { body, frontMatter } = plainText(source, decoded.text);
  const allLines = toSourceLines(body);
  const lines = expandTables(stripChrome(allLines));
  const extracted = extractMetadata({ source, allLines, lines, frontMatter });
  const sidecar = applySidecar(extracted, input.sidecar);
  const { meta } = sidecar;
  const warnings = [...(input.sidecarError ? [input.sidecarError] : []), ...sidecar.warnings].map(
    (warning) => `${source}: ${warning}`,
  );

  const docId = documentId(source);
  const paragraphs = buildParagraphs(
    docId,
    structureLines(withoutTitleLines(lines, meta.title, meta.number)),
  );
  if (paragraphs.length === 0)
    return { source, reason: 'no text (only front matter, headings or page chrome)' };
  if (meta.year === null) warnings.push(`${source}: no year found; indexed with year null`);

  return {
    meta: { id: docId, source, ...meta, paragraphCount: paragraphs.length },
    paragraphs,
    warnings,
  };
}
