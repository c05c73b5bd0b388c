/**
 * Step 5 of ingestion: tab-separated tables (a PDF table dumped to text, like 003's task list) → one line per
 * row. The header row is read once and its repeats at page breaks dropped; a row whose first cell
 * is empty continues the row above across a page break; a row with only its first cell filled is
 * a section heading; `<p>`/`<b>` markup is removed. The first two columns (the task and its
 * measures) become the paragraph text; every later column (执行部门, 完成时间) becomes a field.
 */
import { normalizeText } from '../text/normalize.ts';
import { type SourceLine, stripInlineMarkup } from './source-line.ts';

/** A table needs at least a header and this many rows before lines are read as one. */
const MIN_TABLE_ROWS = 2;
/** Header cells are column names: short. */
const MAX_HEADER_CELL_LENGTH = 10;
/** Columns at and after this index are fields, not text. */
const FIRST_FIELD_COLUMN = 2;

interface Row {
  cells: string[][];
  originals: string[];
}

// Where one entry of a cell ends: a closing </p>, a wide gap, or a space before the next `label：`.
const PIECE_BREAK = /<\/p>|\s{2,}|\s+(?=[^\s，。：:<>]{1,6}[：:])/iu;

/** The pieces (<p> paragraphs or labelled entries) of one raw cell, markup removed and normalized. */
function cellPieces(raw: string): string[] {
  return raw
    .split(PIECE_BREAK)
    .map((piece) => normalizeText(stripInlineMarkup(piece)))
    .filter((piece) => piece !== '');
}

function splitCells(original: string): string[][] {
  return original.replace(/\s+$/u, '').split('\t').map(cellPieces);
}

/** A piece that starts with its own label (省份：…) is a new entry, never the tail of the one above. */
const LABELLED = /^[^，。：:]{1,6}[：:]/u;
const PIECE_END = /[。！？；：）)」”]$/u;

/** Append a continuation cell: a piece cut mid-sentence at the page break is joined to its first half. */
function mergeCell(into: string[], more: readonly string[]): void {
  more.forEach((piece, i) => {
    const last = into[into.length - 1];
    if (i === 0 && last !== undefined && !PIECE_END.test(last) && !LABELLED.test(piece)) {
      into[into.length - 1] = last + piece;
    } else {
      into.push(piece);
    }
  });
}

function isTableLine(line: SourceLine): boolean {
  return line.original.includes('\t');
}

function rowKey(cells: readonly string[][]): string {
  return cells.map((pieces) => pieces.join('')).join('\t');
}

/** Turn one run of tab-separated lines into heading lines and one field-carrying line per row. */
function expandTable(run: readonly SourceLine[]): SourceLine[] {
  const [headerLine, ...rest] = run;
  if (headerLine === undefined) return [];
  const header = splitCells(headerLine.original).map((pieces) => pieces.join(''));
  const headerKey = header.join('\t');
  const out: SourceLine[] = [];
  let row: Row | null = null;

  const flushRow = () => {
    if (row === null) return;
    const text = row.cells
      .slice(0, FIRST_FIELD_COLUMN)
      .map((pieces) => pieces.join(''))
      .filter((cell) => cell !== '')
      .map((cell, i, cells) => (i < cells.length - 1 && !PIECE_END.test(cell) ? `${cell}。` : cell))
      .join('');
    const fields: Record<string, string> = {};
    header.slice(FIRST_FIELD_COLUMN).forEach((name, offset) => {
      const value = (row?.cells[FIRST_FIELD_COLUMN + offset] ?? []).join('；');
      if (name !== '' && value !== '') fields[name] = value;
    });
    out.push({ text, original: row.originals.join('\n'), fields });
    row = null;
  };

  for (const line of rest) {
    const cells = splitCells(line.original);
    if (rowKey(cells) === headerKey) continue;
    const [first = [], ...others] = cells;
    const othersEmpty = others.every((pieces) => pieces.length === 0);
    if (first.length > 0 && othersEmpty) {
      flushRow();
      out.push({ text: first.join(''), original: line.original.trim() });
    } else if (first.length === 0 && row !== null) {
      const open: Row = row;
      cells.forEach((pieces, i) => {
        while (open.cells.length <= i) open.cells.push([]);
        mergeCell(open.cells[i] ?? [], pieces);
      });
      open.originals.push(line.original);
    } else {
      flushRow();
      row = { cells, originals: [line.original] };
    }
  }
  flushRow();
  return out;
}

function looksLikeHeader(line: SourceLine): boolean {
  const cells = splitCells(line.original).map((pieces) => pieces.join(''));
  return cells.length >= 2 && cells.every((cell) => cell !== '' && cell.length <= MAX_HEADER_CELL_LENGTH);
}

/** Replace every tab-separated table in a document's lines by its rows (see module doc). */
export function expandTables(lines: readonly SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line === undefined) break;
    let end = i;
    while (end < lines.length && isTableLine(lines[end] as SourceLine)) end++;
    if (end - i > MIN_TABLE_ROWS && looksLikeHeader(line)) {
      out.push(...expandTable(lines.slice(i, end)));
      i = end;
    } else {
      out.push(line);
      i++;
    }
  }
  return out;
}
