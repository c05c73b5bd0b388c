/**
 * Word (.docx) → HTML for the rest of the pipeline, converted by mammoth: Word's heading styles
 * become <h1>…<h6> (section headings), tables become tab-separated rows (`html-tables.ts`), images
 * are dropped. A file mammoth cannot open is reported with the reason, never thrown.
 */
import mammoth from 'mammoth';
import { parse } from 'node-html-parser';
import { flattenTables } from './html-tables.ts';

/** The HTML of a Word file, or why it cannot be read. */
export type DocxTextResult = { ok: true; html: string } | { ok: false; reason: string };

/** Converts a .docx file's bytes to simple HTML with its tables flattened to tab-separated rows. */
export async function docxToHtml(bytes: Uint8Array): Promise<DocxTextResult> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images carry no searchable text; leaving them out keeps the HTML small.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { ok: false, reason: `unreadable Word file (${message})` };
  }
  const root = parse(html);
  flattenTables(root);
  return { ok: true, html: root.toString() };
}
