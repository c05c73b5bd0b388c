/**
 * PDF → plain text lines for the rest of the pipeline, read with unpdf (a packaged pdf.js). The
 * text items of each page are grouped into visual lines by their baseline; a line that runs to the
 * right margin continues into the next (a wrapped paragraph); a run of lines whose pieces stand in
 * the same columns is a table and comes out tab-separated, one line per visual row, with the
 * columns placed by the header's positions — the shape `tables.ts` turns into one paragraph per
 * row. A PDF without a text layer (a scan) is reported, never guessed at.
 */
import { getDocumentProxy } from 'unpdf';

/** The text of a PDF, or why it has none. */
export type PdfTextResult = { ok: true; text: string; pages: number } | { ok: false; reason: string };

/** One positioned run of text as pdf.js reports it. */
interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** A visual line: its pieces separated by wide gaps (cells of a table, or one piece of prose). */
interface VisualLine {
  y: number;
  size: number;
  pieces: { text: string; x: number; right: number }[];
}

/** Fewer visible characters than this per page means the pages are images: a scan. */
const MIN_CHARS_PER_PAGE = 10;
/** Runs whose baselines differ by less than this share of the font size are on one line. */
const SAME_LINE = 0.4;
/** A gap wider than this many font sizes separates two cells of a row. */
const CELL_GAP = 1.5;
/** A line ending within this many font sizes of the right margin is wrapped, not finished. */
const WRAP_MARGIN = 2;
/** A piece within this many font sizes of a column's left edge stands in that column. */
const COLUMN_SLACK = 1;
/** A page number alone on a line: 3, - 3 -, — 3 —, 第3页. */
const PAGE_NUMBER = /^(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)$/u;
/** Heading-like lines never join the next line even when they are long. */
const SENTENCE_END = /[。！？；：]$/u;

/** Reads the text of a PDF file: prose lines, wrapped lines joined, tables as tab-separated rows. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfTextResult> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    return { ok: false, reason: `unreadable PDF (${firstLine(error)})` };
  }
  try {
    const pageLines: VisualLine[][] = [];
    let characters = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a = 0, b = 0, , , x = 0, y = 0] = item.transform as number[];
        runs.push({ text: item.str, x, y, width: item.width, size: Math.hypot(a, b) || 10 });
        characters += item.str.replace(/\s/gu, '').length;
      }
      pageLines.push(visualLines(runs).filter((line) => !PAGE_NUMBER.test(lineText(line).trim())));
      page.cleanup();
    }
    if (characters < MIN_CHARS_PER_PAGE * pdf.numPages) {
      return {
        ok: false,
        reason: `scanned PDF: no text layer (${characters} characters on ${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'}); run OCR on it first`,
      };
    }
    return { ok: true, text: pageLines.flatMap(linesToText).join('\n'), pages: pdf.numPages };
  } catch (error) {
    return { ok: false, reason: `unreadable PDF (${firstLine(error)})` };
  } finally {
    await pdf.destroy();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/** Groups runs into lines top to bottom, and each line's runs into pieces split at wide gaps. */
function visualLines(runs: TextRun[]): VisualLine[] {
  const sorted = [...runs].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: { y: number; size: number; runs: TextRun[] }[] = [];
  for (const run of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - run.y) < SAME_LINE * Math.max(last.size, run.size)) {
      last.runs.push(run);
      last.size = Math.max(last.size, run.size);
    } else {
      lines.push({ y: run.y, size: run.size, runs: [run] });
    }
  }
  return lines.map((line) => {
    const pieces: VisualLine['pieces'] = [];
    for (const run of line.runs.sort((p, q) => p.x - q.x)) {
      const last = pieces[pieces.length - 1];
      if (last && run.x - last.right < CELL_GAP * line.size) {
        last.text += run.text;
        last.right = Math.max(last.right, run.x + run.width);
      } else {
        pieces.push({ text: run.text, x: run.x, right: run.x + run.width });
      }
    }
    return { y: line.y, size: line.size, pieces };
  });
}

function lineText(line: VisualLine): string {
  return line.pieces.map((piece) => piece.text).join(' ');
}

/** Column left edges a line defines when it has two or more pieces. */
function columnsOf(line: VisualLine): number[] | null {
  return line.pieces.length >= 2 ? line.pieces.map((piece) => piece.x) : null;
}

/** Which column each piece stands in, or null when a piece fits none (the line is not a row). */
function placeInColumns(line: VisualLine, columns: number[]): number[] | null {
  const slack = COLUMN_SLACK * line.size;
  const placed: number[] = [];
  for (const piece of line.pieces) {
    const column = columns.findIndex((x) => Math.abs(piece.x - x) <= slack);
    if (column === -1) return null;
    const next = columns[column + 1];
    // A piece that runs past the next column's edge is prose across the page, not a cell.
    if (next !== undefined && piece.right > next + slack) return null;
    placed.push(column);
  }
  return placed;
}

/** One page's lines as text: tables tab-separated, wrapped prose lines joined. */
function linesToText(lines: VisualLine[]): string[] {
  // The margins of each type size: a headline in larger type may reach further than the body.
  const rightBySize = new Map<number, number>();
  const leftBySize = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size);
    const end = line.pieces[line.pieces.length - 1]?.right ?? 0;
    rightBySize.set(size, Math.max(rightBySize.get(size) ?? 0, end));
    leftBySize.set(size, Math.min(leftBySize.get(size) ?? Number.POSITIVE_INFINITY, line.pieces[0]?.x ?? 0));
  }
  const out: string[] = [];
  let prose = '';
  const flush = () => {
    if (prose !== '') out.push(prose);
    prose = '';
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as VisualLine;
    const columns = columnsOf(line);
    const rows: string[] = [];
    if (columns) {
      let end = i + 1;
      while (end < lines.length) {
        const placed = placeInColumns(lines[end] as VisualLine, columns);
        if (placed === null) break;
        const cells = columns.map(() => '');
        (lines[end] as VisualLine).pieces.forEach((piece, p) => {
          const column = placed[p] as number;
          cells[column] = cells[column] + piece.text;
        });
        rows.push(cells.join('\t'));
        end++;
      }
      if (rows.length > 0) {
        flush();
        out.push(line.pieces.map((piece) => piece.text).join('\t'), ...rows);
        i = end;
        continue;
      }
    }
    const text = lineText(line).trim();
    prose += text;
    // Wrapped: this line reaches the right margin and the next, in the same type, starts at the left one.
    const last = line.pieces[line.pieces.length - 1];
    const next = lines[i + 1];
    const size = Math.round(line.size);
    const wrapped =
      last !== undefined &&
      last.right >= (rightBySize.get(size) ?? 0) - WRAP_MARGIN * line.size &&
      next !== undefined &&
      Math.round(next.size) === size &&
      (next.pieces[0]?.x ?? 0) <= (leftBySize.get(size) ?? 0) + SAME_LINE * line.size;
    if (!wrapped || SENTENCE_END.test(text)) flush();
    i++;
  }
  flush();
  return out;
}
