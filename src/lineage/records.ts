/**
 * What the index stores for lineage, as bytes: one document's measure units, and one alignment of
 * two documents' units (the default comparisons: editions of one series). A comparison right after
 * a start then reads them instead of cutting, scanning, scoring and aligning two documents. Pure:
 * values in, deflated JSON out, and back; any defect of the bytes is a {@link LineageRecordError}.
 * (The store checks each record's CRC-32 before it is decoded.)
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AlignedLink, Alignment } from './align.ts';
import type { MeasureUnit } from './units.ts';

/** Raised for bytes that are not a whole, intact record; the message says what is wrong. */
export class LineageRecordError extends Error {}

/** zlib's fastest level: the records are written once per build and inflated on a cold request. */
const DEFLATE_LEVEL = 1;

type StoredUnit = [paragraphId: string, ordinal: number, heading: 0 | 1, text: string, agencies: number];

/** A document's units as one deflated record. */
export function encodeUnitRecord(units: readonly MeasureUnit[]): Uint8Array {
  // Agency lists repeat from unit to unit (a paragraph's units share one): each distinct list once.
  const agencyLists: string[][] = [];
  const listAt = new Map<string, number>();
  const stored: StoredUnit[] = units.map((unit) => {
    const key = JSON.stringify(unit.agencies);
    let at = listAt.get(key);
    if (at === undefined) {
      at = agencyLists.length;
      agencyLists.push(unit.agencies);
      listAt.set(key, at);
    }
    return [unit.paragraphId, unit.ordinal, unit.kind === 'heading' ? 1 : 0, unit.text, at];
  });
  return deflate({ units: stored, agencies: agencyLists });
}

/** The units of a record made by {@link encodeUnitRecord}. */
export function decodeUnitRecord(bytes: Uint8Array): MeasureUnit[] {
  const parsed = inflate(bytes) as { units?: StoredUnit[]; agencies?: string[][] };
  if (!Array.isArray(parsed.units) || !Array.isArray(parsed.agencies))
    throw new LineageRecordError('it holds no units');
  const { agencies } = parsed;
  return parsed.units.map(([paragraphId, ordinal, heading, text, list], index) => {
    const named = agencies[list];
    if (typeof paragraphId !== 'string' || typeof text !== 'string' || !Array.isArray(named))
      throw new LineageRecordError(`its unit ${index} is malformed`);
    return {
      index,
      paragraphId,
      ordinal,
      text,
      kind: heading === 1 ? 'heading' : 'measure',
      agencies: named,
    };
  });
}

/** An alignment of two documents' units as one deflated record. */
export function encodeAlignmentRecord(alignment: Alignment): Uint8Array {
  return deflate(alignment);
}

/**
 * The alignment of a record made by {@link encodeAlignmentRecord}, checked against the unit counts
 * of the two documents it aligns (an index outside them is a defect).
 */
export function decodeAlignmentRecord(bytes: Uint8Array, fromCount: number, toCount: number): Alignment {
  const alignment = inflate(bytes) as Alignment;
  const inside = (indexes: unknown, count: number) =>
    Array.isArray(indexes) && indexes.every((at) => Number.isInteger(at) && at >= 0 && at < count);
  const linkOk = (link: AlignedLink) =>
    inside(link.from, fromCount) &&
    inside(link.to, toCount) &&
    typeof link.score === 'number' &&
    typeof link.status === 'string' &&
    link.changes !== undefined;
  if (
    !Array.isArray(alignment.links) ||
    !alignment.links.every(linkOk) ||
    !inside(alignment.onlyFrom, fromCount) ||
    !inside(alignment.onlyTo, toCount)
  )
    throw new LineageRecordError('its links do not fit the two documents');
  return alignment;
}

function deflate(value: unknown): Uint8Array {
  return new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'), { level: DEFLATE_LEVEL }));
}

function inflate(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = inflateRawSync(bytes).toString('utf8');
  } catch (error) {
    throw new LineageRecordError(`it does not inflate (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new LineageRecordError('it is not valid JSON');
  }
}
