/**
 * Lineage records of a build: every document's measure units, and the alignment of every ordered
 * pair of editions of one series (the comparisons `/api/compare` and the lineage chains make by
 * default), each one deflated record in `lineage/records.bin`, found through `lineage/directory.json`
 * (where each lies, its CRC-32, and the key of the paragraphs it was made from). Both files are
 * written inside `saveIndex`'s build callback, so `checksums.json` covers them; an incremental build
 * copies every record whose documents did not change. Nothing is read at start-up: the directory on
 * the first comparison, a record when first needed. An index without the files (built before them),
 * with another record version or other comparison options, or with a damaged record still compares:
 * what is missing is computed from the paragraphs, as before, and the reason is logged once.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Alignment } from '../lineage/align.ts';
import {
  decodeAlignmentRecord,
  decodeUnitRecord,
  encodeAlignmentRecord,
  encodeUnitRecord,
} from '../lineage/records.ts';
import {
  alignmentsStorable,
  alignPairs,
  comparisonOptionsKey,
  DEFAULT_COMPARISON,
  seriesPairs,
} from '../lineage/series-alignments.ts';
import type { StoredLineage } from '../lineage/stored-lineage.ts';
import { decodeScanRecord, UnitScanner } from '../lineage/unit-scans.ts';
import { type MeasureUnit, measureUnits } from '../lineage/units.ts';
import type { Corpus, Paragraph } from '../types.ts';
import { BUILD_FILES, REBUILD_COMMAND } from './build-folder.ts';
import { type FileChecksum, fileChecksum } from './file-checksum.ts';

/** The files of a build that hold the lineage records, relative to the build folder. */
export const LINEAGE_RECORD_FILES = {
  directory: 'lineage/directory.json',
  records: 'lineage/records.bin',
} as const;

/**
 * What the records mean: raise it whenever the units (src/lineage/units.ts), the alignment (any
 * module of src/lineage/ it runs) or a record's layout change what a record holds, so that records
 * written by older code are not served as this code's answers. `test/lineage/stored-records.test.ts`
 * pins the seeds' answers to this version.
 */
export const LINEAGE_RECORD_VERSION = 1;

/**
 * What a unit scan record means (`src/lineage/unit-scans.ts`): raise it whenever the bigrams of a
 * text (`gram-table.ts`), its clauses or the record's layout change. Scans of another version (or
 * none: a build made before them) are not read — those documents are scanned on request, as before.
 */
export const LINEAGE_SCAN_VERSION = 1;

/**
 * Documents with at least this many units get their scan stored: scanning them is most of a
 * comparison made on request (two documents of different series); a smaller one scans in a few
 * milliseconds and would only grow the file (a scan takes ≈ 2 × 4 bytes per character).
 */
export const SCAN_MIN_UNITS = 400;

/** Where one record lies in `records.bin`, its CRC-32, and the content keys of the documents it was made from. */
type RecordEntry = [offset: number, bytes: number, crc32: string, ...contents: string[]];

/** `lineage/directory.json`. */
interface LineageDirectory {
  version: number;
  /** {@link comparisonOptionsKey} of the options the alignments were made with. */
  options: string;
  /** By document id: its units. */
  units: Record<string, RecordEntry>;
  /** By `fromId|toId`: the alignment of the two documents' units. */
  alignments: Record<string, RecordEntry>;
  /** Version of the scans ({@link LINEAGE_SCAN_VERSION}); absent in builds made before them. */
  scanVersion?: number;
  /** By document id (documents of at least {@link SCAN_MIN_UNITS} units): its units' bigram ids, one table for all. */
  scans?: Record<string, RecordEntry>;
}

/** A key of everything a document's units are cut from: equal keys, equal units. */
export function documentContentKey(paragraphs: readonly Paragraph[]): string {
  const hash = createHash('sha256');
  for (const paragraph of paragraphs)
    hash.update(
      JSON.stringify([
        paragraph.id,
        paragraph.ordinal,
        paragraph.section.at(-1) ?? '',
        paragraph.agencies,
        paragraph.text,
      ]),
    );
  return hash.digest('hex').slice(0, 32);
}

/** A corpus's paragraphs by document, in document order. */
function paragraphsByDocument(corpus: Corpus): Map<string, Paragraph[]> {
  const byDocument = new Map<string, Paragraph[]>(corpus.documents.map((document) => [document.id, []]));
  for (const paragraph of corpus.paragraphs) byDocument.get(paragraph.docId)?.push(paragraph);
  return byDocument;
}

/** The records of an earlier build, for an incremental build to copy. */
export interface PreviousLineageRecords {
  directory: LineageDirectory;
  records: Uint8Array;
}

/** The lineage records of the build in `buildDir` when they are of this code's version and intact; null otherwise. */
export function readPreviousLineageRecords(buildDir: string): PreviousLineageRecords | null {
  try {
    const checksums = JSON.parse(readFileSync(path.join(buildDir, BUILD_FILES.checksums), 'utf8'));
    const directoryBytes = readFileSync(path.join(buildDir, LINEAGE_RECORD_FILES.directory));
    const records = readFileSync(path.join(buildDir, LINEAGE_RECORD_FILES.records));
    if (
      !sameChecksum(fileChecksum(directoryBytes), checksums[LINEAGE_RECORD_FILES.directory]) ||
      !sameChecksum(fileChecksum(records), checksums[LINEAGE_RECORD_FILES.records])
    )
      return null;
    const directory = JSON.parse(directoryBytes.toString('utf8')) as LineageDirectory;
    return directory.version === LINEAGE_RECORD_VERSION ? { directory, records } : null;
  } catch {
    return null;
  }
}

function sameChecksum(a: FileChecksum, b: FileChecksum | undefined): boolean {
  return b !== undefined && a.bytes === b.bytes && a.crc32 === b.crc32;
}

function crc32Hex(bytes: Uint8Array): string {
  return crc32(bytes).toString(16).padStart(8, '0');
}

/**
 * The two files of `corpus`'s lineage records (name and contents, for the build writer): each
 * record copied from `previous` when the documents it was made from are unchanged, else made here.
 */
export function lineageRecordFiles(
  corpus: Corpus,
  previous: PreviousLineageRecords | null = null,
  options: { scanMinUnits?: number } = {},
): [string, string | Uint8Array[]][] {
  const optionsKey = comparisonOptionsKey(DEFAULT_COMPARISON);
  // Units do not depend on the comparison options; alignments are copied only when made with these.
  const earlierAlignments = previous?.directory.options === optionsKey ? previous.directory.alignments : {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  /** Appends a record (copied when `reused` names one of `previous` made from the same contents). */
  const append = (
    make: () => Uint8Array,
    contents: string[],
    reused: RecordEntry | undefined,
  ): RecordEntry => {
    let record: Uint8Array;
    let checksum: string;
    if (previous && reused && contents.every((content, at) => reused[3 + at] === content)) {
      record = previous.records.subarray(reused[0], reused[0] + reused[1]);
      checksum = reused[2];
    } else {
      record = make();
      checksum = crc32Hex(record);
    }
    const entry: RecordEntry = [offset, record.byteLength, checksum, ...contents];
    chunks.push(record);
    offset += record.byteLength;
    return entry;
  };
  const paragraphsOf = paragraphsByDocument(corpus);
  const contentOf = new Map<string, string>();
  const unitsCache = new Map<string, MeasureUnit[]>();
  const unitsOf = (docId: string) => {
    let units = unitsCache.get(docId);
    if (!units) {
      units = measureUnits(paragraphsOf.get(docId) ?? []);
      unitsCache.set(docId, units);
    }
    return units;
  };
  const units: Record<string, RecordEntry> = {};
  for (const [docId, paragraphs] of paragraphsOf) {
    const content = documentContentKey(paragraphs);
    contentOf.set(docId, content);
    units[docId] = append(
      () => encodeUnitRecord(unitsOf(docId)),
      [content],
      previous?.directory.units[docId],
    );
  }
  const alignments: Record<string, RecordEntry> = {};
  // Without stored alignments (the default options weigh embeddings) a service computes its own.
  for (const pairs of alignmentsStorable() ? seriesPairs(corpus.documents) : []) {
    const keyOf = (pair: (typeof pairs)[number]) => `${pair.from.id}|${pair.to.id}`;
    const contentsOf = (pair: (typeof pairs)[number]) => [
      contentOf.get(pair.from.id) as string,
      contentOf.get(pair.to.id) as string,
    ];
    for (const pair of pairs) {
      const textOf = (docId: string) => ({
        paragraphs: paragraphsOf.get(docId) ?? [],
        units: unitsOf(docId),
      });
      const made = () => encodeAlignmentRecord(alignPairs([pair], textOf)[0] as Alignment);
      alignments[keyOf(pair)] = append(made, contentsOf(pair), earlierAlignments[keyOf(pair)]);
    }
  }
  // Scans are made afresh every build, never copied: all of one build's share one table's ids.
  const scanner = new UnitScanner();
  const scanMinUnits = options.scanMinUnits ?? SCAN_MIN_UNITS;
  const scans: Record<string, RecordEntry> = {};
  for (const docId of paragraphsOf.keys()) {
    const documentUnits = unitsOf(docId);
    if (documentUnits.length < scanMinUnits) continue;
    scans[docId] = append(() => scanner.encode(documentUnits), [contentOf.get(docId) as string], undefined);
  }
  const directory: LineageDirectory = {
    version: LINEAGE_RECORD_VERSION,
    options: optionsKey,
    units,
    alignments,
    scanVersion: LINEAGE_SCAN_VERSION,
    scans,
  };
  return [
    [LINEAGE_RECORD_FILES.directory, JSON.stringify(directory)],
    [LINEAGE_RECORD_FILES.records, chunks],
  ];
}

/**
 * The lineage records of the build in `buildDir`, opened on first use: the directory is checked
 * against `checksums.json` (as the loader checks every file it reads) and each record against its
 * own CRC-32 when read. `warn` hears, once each, why records are not used.
 */
export function storedLineage(
  buildDir: string,
  warn: (message: string) => void = (message) => console.error(message),
): StoredLineage {
  let opened: { directory: LineageDirectory; file: string } | null | undefined;
  const damaged = new Set<string>();
  const refuse = (reason: string) => {
    warn(
      `Lineage: ${reason}; computed from the paragraphs instead (a slower first comparison). Rebuild the index to store it: ${REBUILD_COMMAND}`,
    );
    return null;
  };
  const open = () => {
    let checksums: Record<string, FileChecksum>;
    try {
      checksums = JSON.parse(readFileSync(path.join(buildDir, BUILD_FILES.checksums), 'utf8'));
    } catch {
      return null;
    }
    const recordedDirectory = checksums[LINEAGE_RECORD_FILES.directory];
    const recordedRecords = checksums[LINEAGE_RECORD_FILES.records];
    // A build made before lineage records: nothing to say, it simply has none.
    if (!recordedDirectory || !recordedRecords) return null;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(buildDir, LINEAGE_RECORD_FILES.directory));
    } catch {
      return refuse(`${LINEAGE_RECORD_FILES.directory} is missing`);
    }
    if (!sameChecksum(fileChecksum(bytes), recordedDirectory))
      return refuse(`${LINEAGE_RECORD_FILES.directory} does not match its checksum`);
    let directory: LineageDirectory;
    try {
      directory = JSON.parse(bytes.toString('utf8')) as LineageDirectory;
    } catch {
      return refuse(`${LINEAGE_RECORD_FILES.directory} is not valid JSON`);
    }
    if (directory.version !== LINEAGE_RECORD_VERSION)
      return refuse(
        `${LINEAGE_RECORD_FILES.directory} holds records of version ${directory.version}, this code reads version ${LINEAGE_RECORD_VERSION}`,
      );
    const file = path.join(buildDir, LINEAGE_RECORD_FILES.records);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return refuse(`${LINEAGE_RECORD_FILES.records} is missing`);
    }
    if (size !== recordedRecords.bytes)
      return refuse(
        `${LINEAGE_RECORD_FILES.records} has ${size} bytes where ${recordedRecords.bytes} were written (cut short or replaced)`,
      );
    return { directory, file };
  };
  /** The bytes of a record, checked against its CRC-32; null (and said once) when they do not match. */
  const recordBytes = (what: string, entry: RecordEntry | undefined, file: string) => {
    if (!entry || damaged.has(what)) return null;
    const [offset, length, checksum] = entry;
    const bytes = new Uint8Array(length);
    let read: number;
    try {
      // A build retired by a live reload may be gone by now: its searcher then computes instead.
      const handle = openSync(file, 'r');
      try {
        read = readSync(handle, bytes, 0, length, offset);
      } finally {
        closeSync(handle);
      }
    } catch (error) {
      damaged.add(what);
      return refuse(`${LINEAGE_RECORD_FILES.records} cannot be read (${(error as Error).message})`);
    }
    if (read === length && crc32Hex(bytes) === checksum) return bytes;
    damaged.add(what);
    return refuse(`the record of ${what} in ${LINEAGE_RECORD_FILES.records} does not match its checksum`);
  };
  const decoded = <T>(what: string, decode: () => T): T | null => {
    try {
      return decode();
    } catch (error) {
      damaged.add(what);
      return refuse(`the record of ${what} cannot be read (${(error as Error).message})`);
    }
  };
  const ready = () => {
    if (opened === undefined) opened = open();
    return opened;
  };
  let scansRefused = false;
  return {
    unitsOf(docId) {
      const store = ready();
      if (!store) return null;
      const what = `the units of document ${docId}`;
      const bytes = recordBytes(what, store.directory.units[docId], store.file);
      return bytes ? decoded(what, () => decodeUnitRecord(bytes)) : null;
    },
    alignmentOf(fromId, toId, optionsKey, counts) {
      const store = ready();
      if (!store || store.directory.options !== optionsKey) return null;
      const what = `the comparison ${fromId} → ${toId}`;
      const bytes = recordBytes(what, store.directory.alignments[`${fromId}|${toId}`], store.file);
      return bytes ? decoded(what, () => decodeAlignmentRecord(bytes, counts.from, counts.to)) : null;
    },
    scanOf(docId, unitCount) {
      const store = ready();
      if (!store || scansRefused) return null;
      const { scans, scanVersion } = store.directory;
      if (!scans || scanVersion !== LINEAGE_SCAN_VERSION) {
        scansRefused = true;
        return refuse(
          scans
            ? `${LINEAGE_RECORD_FILES.directory} holds unit scans of version ${scanVersion}, this code reads version ${LINEAGE_SCAN_VERSION}`
            : `${LINEAGE_RECORD_FILES.directory} stores no unit scans (made before them)`,
        );
      }
      const what = `the scan of document ${docId}`;
      const bytes = recordBytes(what, scans[docId], store.file);
      return bytes ? decoded(what, () => decodeScanRecord(bytes, unitCount)) : null;
    },
  };
}
