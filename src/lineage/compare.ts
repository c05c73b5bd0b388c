/**
 * The comparison of two documents as the API serves it: their units aligned, each link with its
 * status, score and changes, the units only one side holds, the counts, and the thresholds used.
 */
import type { DocumentMeta, Paragraph } from '../types.ts';
import { type Alignment, type AlignThresholds, alignUnits, type LinkStatus } from './align.ts';
import type { LinkChanges } from './changes.ts';
import {
  type CandidateLimits,
  type ParagraphSimilarity,
  type ScoreWeights,
  scorePairs,
} from './pair-scores.ts';
import {
  type DocumentProfile,
  GramTable,
  type PairProfiles,
  paragraphContext,
  profileDocument,
  profilePair,
  profileScannedDocument,
  ScanNumbering,
} from './unit-profile.ts';
import type { UnitScan } from './unit-scans.ts';
import { type MeasureUnit, measureUnits } from './units.ts';

/** A unit as the API shows it: where it is, and its normalized text. */
export interface UnitRef {
  paragraphId: string;
  text: string;
}

/** One row of a comparison. */
export interface CompareLink {
  status: LinkStatus;
  from: UnitRef[];
  to: UnitRef[];
  score: number;
  changes: LinkChanges;
}

/** The body of `GET /api/compare`. */
export interface CompareResponse {
  from: DocumentMeta;
  to: DocumentMeta;
  summary: { continued: number; modified: number; uncertain: number; new: number; dropped: number };
  links: CompareLink[];
  onlyFrom: UnitRef[];
  onlyTo: UnitRef[];
  /** The thresholds and weights this answer was made with. */
  thresholds: AlignThresholds & { weights: ScoreWeights; semantic: boolean };
  tookMs: number;
}

/** A document with its paragraphs, as the comparison reads it. */
export interface DocumentText {
  document: DocumentMeta;
  paragraphs: readonly Paragraph[];
  /** Its units, when the caller has them already (a cache); cut from `paragraphs` otherwise. */
  units?: readonly MeasureUnit[];
  /** Its units' profile over `CompareOptions.grams`, when the caller caches it. */
  profile?: DocumentProfile;
  /**
   * Its units' bigram ids as the build stored them (`unit-scans.ts`): used when both documents
   * have one (and no shared `grams`), instead of scanning the texts — the same profiles either way.
   */
  scan?: UnitScan | null;
}

/** How to compare: thresholds, score weights, and the paragraphs' embedding similarity if any. */
export interface CompareOptions {
  thresholds: AlignThresholds;
  weights: ScoreWeights;
  limits: CandidateLimits;
  paragraphSimilarity?: ParagraphSimilarity;
  /**
   * The bigram ids the documents' cached profiles use; a fresh table (and profiles) without it. A
   * table shared between comparisons makes an answer depend on the ones before (ties between equal
   * scores fall by bigram order): the lineage service gives none, so its answers are the stored ones.
   */
  grams?: GramTable;
}

/** The units of both documents and their alignment (what {@link describeComparison} renders). */
export interface AlignedDocuments {
  fromUnits: readonly MeasureUnit[];
  toUnits: readonly MeasureUnit[];
  alignment: Alignment;
}

/** Aligns the units of two documents (cut and profiled here unless the caller brings them). */
export function alignDocuments(
  from: DocumentText,
  to: DocumentText,
  options: CompareOptions,
): AlignedDocuments {
  const fromUnits = from.units ?? measureUnits(from.paragraphs);
  const toUnits = to.units ?? measureUnits(to.paragraphs);
  const profiles =
    options.grams === undefined && from.scan && to.scan
      ? scannedProfiles(fromUnits, from.scan, toUnits, to.scan)
      : scanProfiles(fromUnits, from, toUnits, to, options.grams);
  const pairs = scorePairs(profiles, {
    weights: options.weights,
    limits: options.limits,
    // The context signal costs a pass over both documents' paragraphs: only when it weighs anything.
    ...(options.weights.context > 0
      ? { paragraphContext: paragraphContext(from.paragraphs, to.paragraphs) }
      : {}),
    ...(options.paragraphSimilarity ? { paragraphSimilarity: options.paragraphSimilarity } : {}),
  });
  return { fromUnits, toUnits, alignment: alignUnits(fromUnits, toUnits, pairs, options.thresholds) };
}

/** Profiles of two documents' units, scanned with `grams` (with the callers' cached profiles) or a table of their own. */
function scanProfiles(
  fromUnits: readonly MeasureUnit[],
  from: DocumentText,
  toUnits: readonly MeasureUnit[],
  to: DocumentText,
  shared: GramTable | undefined,
): PairProfiles {
  const grams = shared ?? new GramTable();
  const cached = shared !== undefined;
  return profilePair(
    (cached ? from.profile : undefined) ?? profileDocument(fromUnits, grams),
    (cached ? to.profile : undefined) ?? profileDocument(toUnits, grams),
    grams,
  );
}

/** Profiles of two documents' units from their stored scans, numbered as a table of their own would number them. */
function scannedProfiles(
  fromUnits: readonly MeasureUnit[],
  fromScan: UnitScan,
  toUnits: readonly MeasureUnit[],
  toScan: UnitScan,
): PairProfiles {
  const numbering = new ScanNumbering(Math.max(fromScan.storedIds, toScan.storedIds));
  const from = profileScannedDocument(fromUnits, fromScan.record, numbering);
  const to = profileScannedDocument(toUnits, toScan.record, numbering);
  return profilePair(from, to, numbering);
}

const refOf = (unit: MeasureUnit): UnitRef => ({ paragraphId: unit.paragraphId, text: unit.text });
const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The API body for an alignment of `from` and `to` made with `options`; `started` is when the
 * request began (`performance.now()`), for `tookMs`.
 */
export function describeComparison(
  documents: { from: DocumentMeta; to: DocumentMeta },
  aligned: AlignedDocuments,
  options: CompareOptions,
  started: number,
): CompareResponse {
  const { fromUnits, toUnits, alignment } = aligned;
  const unitsAt = (units: readonly MeasureUnit[], indexes: number[]) =>
    indexes.map((at) => refOf(units[at] as MeasureUnit));
  const links = alignment.links.map((link) => ({
    status: link.status,
    from: unitsAt(fromUnits, link.from),
    to: unitsAt(toUnits, link.to),
    score: round(link.score),
    changes: link.changes,
  }));
  const count = (status: LinkStatus) => links.filter((link) => link.status === status).length;
  return {
    from: documents.from,
    to: documents.to,
    summary: {
      continued: count('continued'),
      modified: count('modified'),
      uncertain: count('uncertain'),
      new: alignment.onlyTo.length,
      dropped: alignment.onlyFrom.length,
    },
    links,
    onlyFrom: unitsAt(fromUnits, alignment.onlyFrom),
    onlyTo: unitsAt(toUnits, alignment.onlyTo),
    thresholds: {
      ...options.thresholds,
      weights: options.weights,
      semantic: options.paragraphSimilarity !== undefined,
    },
    tookMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

/** Compares two documents: `from` is normally the earlier one, but either order works. */
export function compareDocuments(
  from: DocumentText,
  to: DocumentText,
  options: CompareOptions,
): CompareResponse {
  const started = performance.now();
  return describeComparison(
    { from: from.document, to: to.document },
    alignDocuments(from, to, options),
    options,
    started,
  );
}
