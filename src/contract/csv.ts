/** CSV text for spreadsheet users: RFC 4180 quoting, a BOM so Excel reads UTF-8 Chinese correctly. */

const BOM = '\uFEFF';
/** Cells a spreadsheet would run as a formula; a leading apostrophe keeps them text. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted when it holds a quote, comma or line break; formula-like text defused. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV file: header row, then one row per record, CRLF line ends. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
