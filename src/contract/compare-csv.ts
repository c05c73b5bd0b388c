/** A comparison of two documents as CSV: what `/api/compare?format=csv` and `npm run compare -- --csv` write. */
import type { CompareResponse } from '../lineage/compare.ts';
import { toCsv } from './csv.ts';

const CSV_HEADER = [
  'status',
  'score',
  'fromParagraphIds',
  'fromText',
  'toParagraphIds',
  'toText',
  'numbersRemoved',
  'numbersAdded',
  'agenciesAdded',
  'agenciesRemoved',
];

/** A comparison as CSV rows: every link, then the dropped and the new units, one row each. */
export function compareCsv(comparison: CompareResponse): string {
  const ids = (units: { paragraphId: string }[]) => units.map((unit) => unit.paragraphId).join(' ');
  const texts = (units: { text: string }[]) => units.map((unit) => unit.text).join('\n');
  const rows: (string | number | null)[][] = comparison.links.map((link) => [
    link.status,
    link.score,
    ids(link.from),
    texts(link.from),
    ids(link.to),
    texts(link.to),
    link.changes.numbers.removed.join(' '),
    link.changes.numbers.added.join(' '),
    link.changes.agenciesAdded.join('、'),
    link.changes.agenciesRemoved.join('、'),
  ]);
  for (const unit of comparison.onlyFrom)
    rows.push(['dropped', null, unit.paragraphId, unit.text, '', '', '', '', '', '']);
  for (const unit of comparison.onlyTo)
    rows.push(['new', null, '', '', unit.paragraphId, unit.text, '', '', '', '']);
  return toCsv(CSV_HEADER, rows);
}
