/**
 * What lineage can read of a build's stored records (each document's measure units, each series
 * comparison, the large documents' unit scans): the shape `src/persist/lineage-records.ts` reads
 * them into, declared here so the lineage code depends on no storage.
 */
import type { Alignment } from './align.ts';
import type { UnitScan } from './unit-scans.ts';
import type { MeasureUnit } from './units.ts';

/** The lineage records of a build, read on demand. */
export interface StoredLineage {
  /** The document's units, or null (no records in this build, another version, a damaged record: cut them instead). */
  unitsOf(docId: string): MeasureUnit[] | null;
  /**
   * The alignment of two documents' units made with options of key `optionsKey`, checked against
   * their unit counts; null when the build stored none for these options (or it is damaged).
   */
  alignmentOf(
    fromId: string,
    toId: string,
    optionsKey: string,
    counts: { from: number; to: number },
  ): Alignment | null;
  /**
   * The stored scan of the document's `unitCount` units (ids comparable with every other stored
   * scan of the build), or null: a smaller document, a build without scans, a damaged record.
   */
  scanOf?(docId: string, unitCount: number): UnitScan | null;
}
