/**
 * A document's units cut into bigram ids at build time, so that a comparison made on request (two
 * documents of different series, which the build does not align) reads the ids instead of scanning
 * the texts. The ids are those of one table the build scans every stored document with; each unit
 * keeps its ids in the order first seen, which is the order a comparison's own table would number
 * them in (`ScanNumbering` in `unit-profile.ts` renumbers them so), and its clauses (cut at ，：) as
 * positions in that list. A record is a flat list of 32-bit integers (little-endian, as on every
 * platform Node runs on):
 *
 *   unitCount, then per unit: idCount, id × idCount, clauseCount (0: one clause, the unit),
 *   then per clause: length, position × length
 */
import { GramTable } from './gram-table.ts';
import { clauseRanges } from './unit-profile.ts';
import type { MeasureUnit } from './units.ts';

/** Raised for bytes that are not a whole, intact scan record; the message says what is wrong. */
export class ScanRecordError extends Error {}

/** A decoded scan record, and one past the largest stored id it names. */
export interface UnitScan {
  record: Int32Array;
  storedIds: number;
}

/** Scans documents' units for their records, all with one table (ids comparable between records). */
export class UnitScanner {
  private readonly table = new GramTable();

  /** The scan record of one document's units. */
  encode(units: readonly MeasureUnit[]): Uint8Array {
    const values: number[] = [units.length];
    for (let at = 0; at < units.length; at++) {
      const text = (units[at] as MeasureUnit).text;
      const parts = clauseRanges(text);
      // As `profileDocument` scans it: a text of fewer than two clauses is one clause.
      const { ordered, clauseIds } = this.table.idsInScanOrder(text, parts.length < 2 ? [] : parts);
      values.push(ordered.length);
      for (let index = 0; index < ordered.length; index++) values.push(ordered[index] as number);
      values.push(clauseIds.length);
      if (clauseIds.length === 0) continue;
      const positionOf = new Map<number, number>();
      for (let index = 0; index < ordered.length; index++) positionOf.set(ordered[index] as number, index);
      for (const list of clauseIds) {
        values.push(list.length);
        for (const id of list) values.push(positionOf.get(id) as number);
      }
    }
    const record = Int32Array.from(values);
    return new Uint8Array(record.buffer, record.byteOffset, record.byteLength);
  }
}

/**
 * The scan of a record made by {@link UnitScanner.encode}, checked whole against the document's
 * `unitCount` units (every count, id and position inside its bounds, nothing left over).
 */
export function decodeScanRecord(bytes: Uint8Array, unitCount: number): UnitScan {
  if (bytes.byteLength % 4 !== 0) throw new ScanRecordError('its length is not a multiple of 4 bytes');
  const record =
    bytes.byteOffset % 4 === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
      : new Int32Array(bytes.slice().buffer);
  if (record[0] !== unitCount)
    throw new ScanRecordError(`it scans ${record[0]} units where the document has ${unitCount}`);
  let at = 1;
  let storedIds = 0;
  const take = (what: string, unit: number) => {
    const value = record[at++];
    if (value === undefined || value < 0) throw new ScanRecordError(`its unit ${unit} has no valid ${what}`);
    return value;
  };
  for (let unit = 0; unit < unitCount; unit++) {
    const count = take('id count', unit);
    if (at + count > record.length) throw new ScanRecordError(`its unit ${unit} runs past its end`);
    for (let index = 0; index < count; index++) {
      const id = record[at + index] as number;
      if (id < 0) throw new ScanRecordError(`its unit ${unit} names a negative id`);
      if (id >= storedIds) storedIds = id + 1;
    }
    at += count;
    const clauses = take('clause count', unit);
    for (let clause = 0; clause < clauses; clause++) {
      const length = take('clause length', unit);
      if (at + length > record.length) throw new ScanRecordError(`its unit ${unit} runs past its end`);
      for (let index = 0; index < length; index++) {
        const position = record[at + index] as number;
        if (position < 0 || position >= count)
          throw new ScanRecordError(`a clause of its unit ${unit} points outside the unit`);
      }
      at += length;
    }
  }
  if (at !== record.length) throw new ScanRecordError(`${record.length - at} values follow its last unit`);
  return { record, storedIds };
}
