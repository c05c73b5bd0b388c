/**
 * Stored unit scans (`src/lineage/unit-scans.ts`): a comparison profiled from the scans a build
 * stored (one table's ids for every document, renumbered per comparison) is the comparison profiled
 * by scanning the texts — the same ids, clauses, counts and alignment, pair by pair of the seeds and
 * over random texts of every kind of character; and a damaged record is refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { LINEAGE } from '../../src/config.ts';
import { alignDocuments, type CompareOptions } from '../../src/lineage/compare.ts';
import { GramTable } from '../../src/lineage/gram-table.ts';
import { profileDocument, profileScannedDocument, ScanNumbering } from '../../src/lineage/unit-profile.ts';
import { decodeScanRecord, ScanRecordError, UnitScanner } from '../../src/lineage/unit-scans.ts';
import { type MeasureUnit, measureUnits } from '../../src/lineage/units.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { DocumentMeta, Paragraph } from '../../src/types.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const index = await seedIndex();
const documents = index.corpus.documents;
const unitsOf = new Map(
  documents.map((document) => [
    document.id,
    measureUnits(index.corpus.paragraphs.filter((paragraph) => paragraph.docId === document.id)),
  ]),
);
// One scanner for every document, as a build scans them (and in another order than compared).
const scanner = new UnitScanner();
const scanOf = new Map(
  [...documents].reverse().map((document) => {
    const units = unitsOf.get(document.id) as MeasureUnit[];
    return [document.id, decodeScanRecord(scanner.encode(units), units.length)];
  }),
);
const options: CompareOptions = {
  thresholds: LINEAGE.thresholds,
  weights: LINEAGE.score,
  limits: LINEAGE.candidates,
};

const pairs = documents.flatMap((from) =>
  documents
    .filter((to) => to !== from)
    .map((to) => ({ from, to, label: `${from.title.slice(0, 12)} → ${to.title.slice(0, 12)}` })),
);

/** Units of made-up texts: every kind of character the scan tells apart, clauses and duplicates. */
function randomUnits(count: number, seed: number): MeasureUnit[] {
  const alphabet = [
    '知',
    '识',
    '产',
    '权',
    '保',
    '护',
    '中',
    '1',
    '2',
    '.',
    'a',
    'B',
    '，',
    '：',
    ',',
    '《',
    '》',
    ' ',
  ];
  alphabet.push('\u{20000}', '\u{20001}', '\ud800', 'é', '９');
  const random = seededRandom(seed);
  const units: MeasureUnit[] = [];
  for (let at = 0; at < count; at++) {
    const length = Math.floor(random() * 40);
    let text = '';
    for (let char = 0; char < length; char++) text += alphabet[Math.floor(random() * alphabet.length)];
    if (at > 0 && random() < 0.1) text = (units[Math.floor(random() * at)] as MeasureUnit).text;
    units.push({ index: at, paragraphId: `p${at}`, ordinal: at, text, kind: 'measure', agencies: [] });
  }
  return units;
}

describe('stored unit scans', () => {
  it.each(pairs)('profile $label as scanning the texts does', ({ from, to }) => {
    const fromUnits = unitsOf.get(from.id) as MeasureUnit[];
    const toUnits = unitsOf.get(to.id) as MeasureUnit[];
    const table = new GramTable();
    const scanned = [profileDocument(fromUnits, table), profileDocument(toUnits, table)];
    const numbering = new ScanNumbering(
      Math.max(scanOf.get(from.id)?.storedIds ?? 0, scanOf.get(to.id)?.storedIds ?? 0),
    );
    const stored = [
      profileScannedDocument(fromUnits, scanOf.get(from.id)?.record as Int32Array, numbering),
      profileScannedDocument(toUnits, scanOf.get(to.id)?.record as Int32Array, numbering),
    ];
    expect(numbering.size).toBe(table.size);
    expect(stored).toEqual(scanned);
  });

  it.each(pairs)('align $label as scanning the texts does', ({ from, to }) => {
    const text = (document: DocumentMeta, scan: boolean) => ({
      document,
      paragraphs: [] as Paragraph[],
      units: unitsOf.get(document.id) as MeasureUnit[],
      ...(scan ? { scan: scanOf.get(document.id) ?? null } : {}),
    });
    const computed = alignDocuments(text(from, false), text(to, false), options);
    expect(alignDocuments(text(from, true), text(to, true), options)).toEqual(computed);
  });

  it.each([1, 2, 3, 4])('profile random texts as scanning them does (seed %i)', (seed) => {
    const a = randomUnits(120, seed);
    const b = randomUnits(90, seed + 100);
    const build = new UnitScanner();
    build.encode(randomUnits(50, seed + 200)); // ids the compared documents do not start from
    const scanA = decodeScanRecord(build.encode(a), a.length);
    const scanB = decodeScanRecord(build.encode(b), b.length);
    const table = new GramTable();
    const scanned = [profileDocument(a, table), profileDocument(b, table)];
    const numbering = new ScanNumbering(Math.max(scanA.storedIds, scanB.storedIds));
    const stored = [
      profileScannedDocument(a, scanA.record, numbering),
      profileScannedDocument(b, scanB.record, numbering),
    ];
    expect(stored).toEqual(scanned);
  });

  const units = unitsOf.get(documents[0]?.id as string) as MeasureUnit[];
  const good = () => new Int32Array(new UnitScanner().encode(units).slice().buffer);
  const asBytes = (values: Int32Array) => new Uint8Array(values.buffer);
  it.each([
    { defect: 'a length not of whole integers', bytes: () => new Uint8Array(7), message: /multiple of 4/ },
    { defect: 'another unit count', bytes: () => asBytes(good()), count: units.length + 1, message: /scans/ },
    { defect: 'a cut end', bytes: () => asBytes(good().slice(0, -3)), message: /unit/ },
    {
      defect: 'values after the last unit',
      bytes: () => asBytes(Int32Array.from([...good(), 0])),
      message: /follow its last unit/,
    },
    {
      defect: 'a negative id',
      bytes: () => {
        const values = good();
        values[2] = -5;
        return asBytes(values);
      },
      message: /negative id/,
    },
  ])('refuse a record with $defect', ({ bytes, count, message }) => {
    expect(() => decodeScanRecord(bytes(), count ?? units.length)).toThrow(ScanRecordError);
    expect(() => decodeScanRecord(bytes(), count ?? units.length)).toThrow(message);
  });

  it('refuse a clause position outside its unit', () => {
    // A unit of two clauses: its record ends with the clauses' positions.
    const twoClauses: MeasureUnit[] = [
      {
        index: 0,
        paragraphId: 'p',
        ordinal: 0,
        text: '加强知识产权保护，完善审查制度',
        kind: 'measure',
        agencies: [],
      },
    ];
    const values = new Int32Array(new UnitScanner().encode(twoClauses).slice().buffer);
    expect(decodeScanRecord(new Uint8Array(values.buffer.slice(0)), 1).record.length).toBe(values.length);
    values[values.length - 1] = 999;
    expect(() => decodeScanRecord(new Uint8Array(values.buffer), 1)).toThrow(/points outside/);
  });
});
