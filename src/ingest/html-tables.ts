/**
 * Tables of a parsed HTML page (a saved web page, or a Word file converted by mammoth) → one
 * tab-separated line per row, the shape `tables.ts` reads (like the 2020 task list): the pieces of
 * a cell (its <p> paragraphs) are kept apart by a wide gap, which `tables.ts` splits on.
 */
import type { HTMLElement } from 'node-html-parser';
import { escapeText } from './html-escape.ts';

/** Separates two pieces of one cell; `tables.ts` splits cells at two or more spaces. */
const PIECE_GAP = '   ';

function cellText(cell: HTMLElement): string {
  const blocks = cell
    .querySelectorAll('p, li, div')
    .filter((block) => block.querySelector('p, li, div') === null);
  const pieces = (blocks.length > 0 ? blocks.map((block) => block.text) : [cell.text])
    .map((piece) => piece.replace(/\s+/gu, ' ').trim())
    .filter((piece) => piece !== '');
  return pieces.join(PIECE_GAP);
}

/** Replaces every table under `root` (innermost first) by one `<div>` line per row, cells tab-separated. */
export function flattenTables(root: HTMLElement): void {
  // Inner tables first, so a nested table becomes text inside its outer cell.
  for (const table of root.querySelectorAll('table').reverse()) {
    const rows = table
      .querySelectorAll('tr')
      .map((row) => row.querySelectorAll('td, th').map(cellText))
      .filter((cells) => cells.some((cell) => cell !== ''));
    table.replaceWith(rows.map((cells) => `<div>${escapeText(cells.join('\t'))}</div>`).join(''));
  }
}
