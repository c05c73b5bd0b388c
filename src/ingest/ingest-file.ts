/**
 * One file in, one document out, in this order (each step's file header carries its number):
 * 1 decode (decode.ts; a PDF or Word file is read by pdf-text.ts / docx-text.ts instead) → 2 plain text: HTML to lines (html-text.ts) or Markdown front matter split
 * off (front-matter.ts) → 3 lines, each normalized (source-line.ts) → 4 strip chrome
 * (strip-chrome.ts) → 5 tables (tables.ts) → 6 metadata, then the sidecar (metadata.ts) → 7
 * structure: headings to section paths (structure.ts) → 8 paragraphs: dedupe, agencies
 * (agencies.ts), stable ids (paragraphs.ts). Pure: bytes and an optional parsed sidecar in, data
 * out; a file that cannot be read is returned as skipped, never thrown.
 * Text formats (.txt, .md, .html, .htm) are read synchronously by {@link ingestFile};
 * {@link ingestDocument} also reads .pdf and .docx, whose libraries are async.
 */
import type { IngestedDocument, SkippedFile } from '../types.ts';
import { decodeBytes } from './decode.ts';
import { docxToHtml } from './docx-text.ts';
import { splitFrontMatter } from './front-matter.ts';
import { readGovPage } from './gov-page.ts';
import { htmlToText } from './html-text.ts';
import { applySidecar, type ExtractedMeta, extractMetadata, findHeadline } from './metadata.ts';
import { buildParagraphs, documentId } from './paragraphs.ts';
import { pdfToText } from './pdf-text.ts';
import { type SourceLine, toSourceLines } from './source-line.ts';
import { stripChrome } from './strip-chrome.ts';
import { structureLines } from './structure.ts';
import { expandTables } from './tables.ts';

/** File extensions ingestion reads (lower case, with the dot); everything else is not a document. */
export const DOCUMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  '.txt',
  '.md',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
]);

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

/** A document's text once its format is read: HTML (a page, a converted Word file) or plain text. */
interface DocumentText {
  text: string;
  format: 'html' | 'plain';
}

function plainText(document: DocumentText): {
  body: string;
  frontMatter: Record<string, string>;
  pageMeta: Partial<ExtractedMeta>;
} {
  if (document.format === 'html') {
    const page = readGovPage(document.text);
    return { body: htmlToText(page.html), frontMatter: {}, pageMeta: page.meta };
  }
  const { body, fields } = splitFrontMatter(document.text);
  return { body, frontMatter: fields, pageMeta: {} };
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

function extensionOf(source: string): string {
  return /\.[^./]+$/u.exec(source)?.[0]?.toLowerCase() ?? '';
}

/**
 * Ingest one file of any supported format (see {@link DOCUMENT_EXTENSIONS}): PDF and Word files are
 * read to text first; a scanned PDF or a damaged file is returned as skipped with the reason.
 */
export async function ingestDocument(input: IngestInput): Promise<IngestedDocument | SkippedFile> {
  const { source } = input;
  const extension = extensionOf(source);
  if (extension === '.pdf') {
    const pdf = await pdfToText(input.bytes);
    return pdf.ok ? ingestText(input, { text: pdf.text, format: 'plain' }) : { source, reason: pdf.reason };
  }
  if (extension === '.docx') {
    const docx = await docxToHtml(input.bytes);
    return docx.ok ? ingestText(input, { text: docx.html, format: 'html' }) : { source, reason: docx.reason };
  }
  return ingestFile(input);
}

/** Ingest one text file (.txt, .md, .html, .htm): a document with its paragraphs and warnings, or the reason it was skipped. */
export function ingestFile(input: IngestInput): IngestedDocument | SkippedFile {
  const decoded = decodeBytes(input.bytes);
  if (!decoded.ok) return { source: input.source, reason: decoded.reason };
  const format = /^\.html?$/u.test(extensionOf(input.source)) ? 'html' : 'plain';
  return ingestText(input, { text: decoded.text, format });
}

function ingestText(input: IngestInput, document: DocumentText): IngestedDocument | SkippedFile {
  const { source } = input;
  const { body, frontMatter, pageMeta } = plainText(document);
  const allLines = toSourceLines(body);
  const lines = expandTables(stripChrome(allLines));
  const extracted = { ...extractMetadata({ source, allLines, lines, frontMatter }), ...pageMeta };
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
