/**
 * Writes small Chinese PDFs for the ingestion tests with pdf-lib: text drawn at given positions in
 * a subset of WenQuanYi Micro Hei (installed by .ci/run, like the browser tests' font), or a page
 * with only a picture — what a scanner produces.
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';

/** The CJK font the tests embed (Debian's fonts-wqy-microhei, a TrueType collection). */
export const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Text at a position of an A4 page (points from the bottom left). */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  size: number;
}

// pdf-lib embeds a single font; fontkit opens a .ttc as a collection, so hand pdf-lib its first face.
const firstFace = {
  create(data: Uint8Array) {
    const font = fontkit.create(data) as ReturnType<typeof fontkit.create> & { fonts?: unknown[] };
    return font.fonts ? font.fonts[0] : font;
  },
} as unknown as typeof fontkit;

/** A PDF whose pages hold the given texts, in a font subset of the characters used. */
export async function makeTextPdf(pages: PlacedText[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(firstFace);
  const font: PDFFont = await pdf.embedFont(readFileSync(CJK_FONT), { subset: true });
  for (const texts of pages) {
    const page = pdf.addPage([595, 842]);
    for (const { text, x, y, size } of texts) page.drawText(text, { x, y, size, font });
  }
  return pdf.save();
}

/** A PDF of pages that are pictures only (grey boxes standing in for scanned images): no text layer. */
export async function makeScannedPdf(pageCount: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) {
    const page = pdf.addPage([595, 842]);
    page.drawRectangle({ x: 50, y: 50, width: 495, height: 742, color: rgb(0.9, 0.9, 0.9) });
  }
  return pdf.save();
}

/** Lays out prose as a PDF would: the first line indented two characters, lines wrapped at the margin. */
export function layParagraph(
  text: string,
  top: number,
  options: { left: number; width: number; size: number },
) {
  const { left, width, size } = options;
  const perLine = Math.floor(width / size);
  const placed: PlacedText[] = [];
  let rest = text;
  let first = true;
  let y = top;
  while (rest !== '') {
    const indent = first ? 2 : 0;
    const take = perLine - indent;
    placed.push({ text: rest.slice(0, take), x: left + indent * size, y, size });
    rest = rest.slice(take);
    first = false;
    y -= size * 1.6;
  }
  return { placed, bottom: y };
}
