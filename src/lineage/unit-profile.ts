/**
 * What the aligner compares two units by: their character bigrams weighted by rarity (IDF over the
 * units of the two documents, so 知识产权 weighs little and 快速协同 much), their clauses and the
 * 《…》 titles they name. (The numbers they state are compared per link, in `changes.ts`.)
 */
import { GramTable } from './gram-table.ts';
import type { MeasureUnit } from './units.ts';

export { GramTable };

/** Bigram ids and weights of one unit, for one pair of documents. */
export interface WeightedGrams {
  /** Distinct bigram ids, ascending (ids of the service's {@link GramTable}). */
  ids: Int32Array;
  /** Sum of the bigrams' weights, and the square root of the sum of their squares. */
  weight: number;
  norm: number;
}

/**
 * Which of a unit's clauses (cut at ，：) hold each of its bigrams: the clauses of the id at
 * position `i` of the unit's ids are `members[offsets[i]]` up to `members[offsets[i + 1]]`. A
 * comparison then finds every clause-to-clause product of two units in one merge of the units' ids,
 * instead of one merge per pair of clauses.
 */
export interface ClauseMembership {
  /** How many clauses; 0 for a one-clause unit (its clause is the unit itself). */
  count: number;
  offsets: Int32Array;
  members: Int32Array;
}

/** A unit prepared for scoring against the units of one other document. */
export interface UnitProfile extends WeightedGrams {
  unit: MeasureUnit;
  /** 《…》 titles named in the unit. */
  anchors: string[];
  /**
   * The unit's clauses: a sentence that states several measures matches its later counterpart on
   * one clause, not as a whole.
   */
  clauses: ClauseMembership;
  /**
   * Each clause's norm (as `norm` for the unit; a one-clause unit's one clause is the unit), in
   * clause order: null until a clause search first needs them ({@link clauseNormsOf}), since most
   * units of two laws never reach one (paired word for word, or near-identical to their candidates).
   */
  clauseNorms: Float64Array | null;
}

/** What a document's units are compared by, whatever the other document: cut once and cached. */
export interface DocumentProfile {
  units: readonly MeasureUnit[];
  /** Per unit: distinct bigram ids ascending, which clauses hold them, and its 《…》 titles. */
  ids: Int32Array[];
  clauses: ClauseMembership[];
  anchors: string[][];
  /** The distinct bigram ids of the whole document, and how many of its units hold each. */
  distinct: Int32Array;
  unitCounts: Int32Array;
}

/**
 * The bigram ids of one comparison: how many there are, and scratch arrays by id that
 * {@link profilePair} fills with their frequencies and weights. A {@link GramTable} that scanned the
 * two documents is one; so is the numbering of two documents' stored scans (`unit-scans.ts`).
 */
export interface PairGrams {
  readonly size: number;
  frequencies: Int32Array;
  weights: Float64Array;
}

/** Both documents' unit profiles for one comparison, with the weights of their bigrams. */
export interface PairProfiles {
  from: UnitProfile[];
  to: UnitProfile[];
  /** By bigram id: how many units of the two documents hold it, and its IDF weight (valid for this pair's ids only). */
  frequencies: Int32Array;
  weights: Float64Array;
}

const TITLE = /《([^《》]{2,60})》/gu;
const NUMBER = /\d+(?:\.\d+)?\s*(?:%|个月|亿元|万元|万件|万|亿|家|个|项|件|次|分|天|周年|年)?/gu;
const DIGIT = /\d/u;
/** Dates (2023年3月23日) say when, not how much. */
const DATE = /(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日)?/gu;
/** A bare year (2021年) changes every edition; it is not a target. */
const YEAR = /^(?:19|20)\d\d年?$/u;

/** Clauses shorter than this many characters (之一, 等等) are parts of a clause, not clauses. */
const MIN_CLAUSE_CHARS = 4;
/** ，,：: as code units. */
const CLAUSE_BREAKS = new Set([0xff0c, 0x2c, 0xff1a, 0x3a]);

/** What a unit's text is compared by, whatever its document: its bigram ids, clauses and titles. */
interface ScannedText {
  ids: Int32Array;
  clauses: ClauseMembership;
  anchors: string[];
}

/**
 * Per table, each text already scanned: a text two documents share (an article a revision kept, a
 * sentence a law repeats) is cut into ids once. A text scanned again would give the same ids, since
 * the table numbers a bigram once, when first seen.
 */
const scannedTexts = new WeakMap<GramTable, Map<string, ScannedText>>();

/** The comparison profile of one document's units (ids from `table`). */
export function profileDocument(units: readonly MeasureUnit[], table: GramTable): DocumentProfile {
  let scanned = scannedTexts.get(table);
  if (!scanned) {
    scanned = new Map();
    scannedTexts.set(table, scanned);
  }
  const ids: Int32Array[] = [];
  const clauses: ClauseMembership[] = [];
  const anchors: string[][] = [];
  for (let at = 0; at < units.length; at++) {
    const text = (units[at] as MeasureUnit).text;
    let found = scanned.get(text);
    if (!found) {
      found = scanText(text, table);
      scanned.set(text, found);
    }
    ids.push(found.ids);
    clauses.push(found.clauses);
    anchors.push(found.anchors);
  }
  return documentProfile(units, ids, clauses, anchors, table.size);
}

/** A document's profile from its units' ids, clauses and titles (ids below `size`, dense). */
function documentProfile(
  units: readonly MeasureUnit[],
  ids: Int32Array[],
  clauses: ClauseMembership[],
  anchors: string[][],
  size: number,
): DocumentProfile {
  // How many units hold each id, by id (the table is dense); distinct ids in the order first seen.
  const counts = new Int32Array(size);
  const firstSeen: number[] = [];
  for (let at = 0; at < ids.length; at++) countIds(ids[at] as Int32Array, counts, firstSeen);
  return profileFromCounts(units, ids, clauses, anchors, firstSeen, counts);
}

/** The profile of units whose ids were counted: `counts` by id, `firstSeen` the distinct ids in the order first seen. */
function profileFromCounts(
  units: readonly MeasureUnit[],
  ids: Int32Array[],
  clauses: ClauseMembership[],
  anchors: string[][],
  firstSeen: readonly number[],
  counts: Int32Array,
): DocumentProfile {
  const distinct = Int32Array.from(firstSeen);
  return { units, ids, clauses, anchors, distinct, unitCounts: distinct.map((id) => counts[id] as number) };
}

/**
 * Ids for one comparison of two documents whose scans the build stored (`unit-scans.ts`): each
 * stored id (of the build's one table) gets the next id of this comparison when first met, units
 * of the from document first — the order in which a table of the comparison's own numbers the
 * bigrams as it scans the same texts, so both give the same ids.
 */
export class ScanNumbering implements PairGrams {
  /** By stored id: this comparison's id + 1 (0: not met yet). */
  private readonly localOf: Int32Array;
  private count = 0;
  frequencies = new Int32Array(4096);
  weights = new Float64Array(4096);

  /** Numbering for stored ids below `storedIds`. */
  constructor(storedIds: number) {
    this.localOf = new Int32Array(storedIds);
  }

  get size(): number {
    return this.count;
  }

  /**
   * This comparison's ids of every unit's stored ids in a scan record of `unitCount` units, in
   * record order (each unit's in the order first seen), new ones given in that order. One loop.
   */
  numberScan(scan: Int32Array, unitCount: number): Int32Array {
    const { localOf } = this;
    let total = 0;
    let at = 1;
    for (let unit = 0; unit < unitCount; unit++) {
      const count = scan[at] as number;
      total += count;
      at += 1 + count;
      const clauseCount = scan[at++] as number;
      for (let clause = 0; clause < clauseCount; clause++) at += 1 + (scan[at] as number);
    }
    const ordered = new Int32Array(total);
    let next = this.count;
    let written = 0;
    at = 1;
    for (let unit = 0; unit < unitCount; unit++) {
      const count = scan[at++] as number;
      for (let end = at + count; at < end; at++) {
        const stored = scan[at] as number;
        let local = (localOf[stored] as number) - 1;
        if (local < 0) {
          local = next++;
          localOf[stored] = local + 1;
        }
        ordered[written++] = local;
      }
      const clauseCount = scan[at++] as number;
      for (let clause = 0; clause < clauseCount; clause++) at += 1 + (scan[at] as number);
    }
    this.count = next;
    if (next > this.frequencies.length) {
      let length = this.frequencies.length;
      while (length < next) length *= 2;
      this.frequencies = new Int32Array(length);
      this.weights = new Float64Array(length);
    }
    return ordered;
  }
}

/**
 * The comparison profile of one document's units from their stored scan (`unit-scans.ts`: per
 * unit its stored ids in the order first seen, and its clauses as positions in that list), ids
 * from `numbering` — the same profile {@link profileDocument} makes by scanning the texts. A few
 * long loops rather than calls per unit or per id: on a cold request this runs before the
 * optimizing compiler has seen it, where every call costs.
 */
export function profileScannedDocument(
  units: readonly MeasureUnit[],
  scan: Int32Array,
  numbering: ScanNumbering,
): DocumentProfile {
  const ordered = numbering.numberScan(scan, units.length);
  const ids: Int32Array[] = [];
  const clauses: ClauseMembership[] = [];
  const anchors: string[][] = [];
  const size = numbering.size;
  if (positionOf.length < size) positionOf = new Int32Array(size * 2);
  const counts = new Int32Array(size);
  const firstSeen: number[] = [];
  let at = 1;
  let start = 0;
  for (let unit = 0; unit < units.length; unit++) {
    const count = scan[at] as number;
    at += 1 + count;
    const sorted = ordered.slice(start, start + count).sort();
    ids.push(sorted);
    // How many units hold each id, and the distinct ids in the order first seen (as countIds).
    for (let index = 0; index < count; index++) {
      const id = sorted[index] as number;
      if (counts[id] === 0) firstSeen.push(id);
      counts[id] = (counts[id] as number) + 1;
    }
    const clauseCount = scan[at++] as number;
    if (clauseCount === 0) clauses.push(ONE_CLAUSE);
    else {
      for (let position = 0; position < count; position++) positionOf[sorted[position] as number] = position;
      // As clauseMembership: count each position's clauses, then fill from the last clause back.
      const offsets = new Int32Array(count + 1);
      let cursor = at;
      for (let clause = 0; clause < clauseCount; clause++) {
        const length = scan[cursor++] as number;
        for (let index = 0; index < length; index++) {
          const position = positionOf[ordered[start + (scan[cursor + index] as number)] as number] as number;
          offsets[position + 1] = (offsets[position + 1] as number) + 1;
        }
        cursor += length;
      }
      const end = cursor;
      for (let index = 1; index <= count; index++)
        offsets[index] = (offsets[index] as number) + (offsets[index - 1] as number);
      const members = new Int32Array(offsets[count] as number);
      // The clauses' starts, to walk them from the last one back.
      const clauseAt = new Int32Array(clauseCount);
      cursor = at;
      for (let clause = 0; clause < clauseCount; clause++) {
        clauseAt[clause] = cursor;
        cursor += 1 + (scan[cursor] as number);
      }
      for (let clause = clauseCount - 1; clause >= 0; clause--) {
        const from = clauseAt[clause] as number;
        const length = scan[from] as number;
        for (let index = 0; index < length; index++) {
          const position = positionOf[
            ordered[start + (scan[from + 1 + index] as number)] as number
          ] as number;
          const slot = (offsets[position + 1] as number) - 1;
          members[slot] = clause;
          offsets[position + 1] = slot;
        }
      }
      for (let index = 0; index < count; index++) offsets[index] = offsets[index + 1] as number;
      offsets[count] = members.length;
      clauses.push({ count: clauseCount, offsets, members });
      at = end;
    }
    start += count;
    const text = (units[unit] as MeasureUnit).text;
    anchors.push(text.includes('《') ? anchorsOf(text) : NO_ANCHORS);
  }
  return profileFromCounts(units, ids, clauses, anchors, firstSeen, counts);
}

const NO_ANCHORS: string[] = [];

/** Scratch of {@link scanText}: each id's position in the unit's ids (grown with the table). */
let positionOf = new Int32Array(4096);

/** Cuts one text into ids, its clauses' ids from the same scan (a clause's bigrams are its unit's). */
function scanText(text: string, table: GramTable): ScannedText {
  const parts = clauseRanges(text);
  const anchors = anchorsOf(text);
  if (parts.length < 2) return { ids: table.idsOf(text), clauses: ONE_CLAUSE, anchors };
  const { ids, clauseIds } = table.idsWithClauses(text, parts);
  if (positionOf.length < table.size) positionOf = new Int32Array(table.size * 2);
  for (let position = 0; position < ids.length; position++) positionOf[ids[position] as number] = position;
  return { ids, clauses: clauseMembership(ids.length, clauseIds, positionOf), anchors };
}

/**
 * Counts one unit's ids into `counts` (by id), listing each id the first time any unit holds it. A
 * function of its own, called per unit: it is optimized after a few units of a cold comparison.
 */
function countIds(ids: Int32Array, counts: Int32Array, firstSeen: number[]): void {
  for (let at = 0; at < ids.length; at++) {
    const id = ids[at] as number;
    if (counts[id] === 0) firstSeen.push(id);
    counts[id] = (counts[id] as number) + 1;
  }
}

const ONE_CLAUSE: ClauseMembership = { count: 0, offsets: new Int32Array(0), members: new Int32Array(0) };

/** The clause numbers of each of a unit's `idCount` ids, given each clause's ids and each id's position in the unit. */
function clauseMembership(
  idCount: number,
  clauseIds: readonly (readonly number[])[],
  positionOf: Int32Array,
): ClauseMembership {
  const offsets = new Int32Array(idCount + 1);
  for (const list of clauseIds)
    for (let index = 0; index < list.length; index++) {
      const position = positionOf[list[index] as number] as number;
      offsets[position + 1] = (offsets[position + 1] as number) + 1;
    }
  for (let at = 1; at <= idCount; at++) offsets[at] = (offsets[at] as number) + (offsets[at - 1] as number);
  const members = new Int32Array(offsets[idCount] as number);
  // Filled from the back, each position's end counting down to its start: no cursor array.
  for (let clause = clauseIds.length - 1; clause >= 0; clause--) {
    const list = clauseIds[clause] as readonly number[];
    for (let index = 0; index < list.length; index++) {
      const position = positionOf[list[index] as number] as number;
      const slot = (offsets[position + 1] as number) - 1;
      members[slot] = clause;
      offsets[position + 1] = slot;
    }
  }
  // offsets[position + 1] has counted down to the position's start: shift every start into place.
  for (let at = 0; at < idCount; at++) offsets[at] = offsets[at + 1] as number;
  offsets[idCount] = members.length;
  return { count: clauseIds.length, offsets, members };
}

/** Where the clauses of a text lie (cut at ，：, shorter than `MIN_CLAUSE_CHARS` left out): [start, end) in code units. */
export function clauseRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let at = 0; at <= text.length; at++) {
    if (at < text.length && !CLAUSE_BREAKS.has(text.charCodeAt(at))) continue;
    if (at - start >= MIN_CLAUSE_CHARS) ranges.push([start, at]);
    start = at + 1;
  }
  return ranges;
}

/**
 * The profile of unit `at` of `document` under `weights`: the sums over its ids, taken in ascending
 * id order (as a merge of two id lists takes them, so a unit compared with itself gives exactly its
 * squared norm).
 */
function unitProfile(document: DocumentProfile, at: number, weights: Float64Array): UnitProfile {
  const ids = document.ids[at] as Int32Array;
  let weight = 0;
  let squares = 0;
  for (let index = 0; index < ids.length; index++) {
    const w = weights[ids[index] as number] as number;
    weight += w;
    squares += w * w;
  }
  return {
    unit: document.units[at] as MeasureUnit,
    ids,
    weight,
    norm: Math.sqrt(squares),
    anchors: document.anchors[at] as string[],
    clauses: document.clauses[at] as ClauseMembership,
    clauseNorms: null,
  };
}

/**
 * Each clause's norm of `profile` under `weights` (the weights its profile was made with), made on
 * first use and kept: sums in ascending id order, as for the unit's own norm.
 */
export function clauseNormsOf(profile: UnitProfile, weights: Float64Array): Float64Array {
  if (profile.clauseNorms) return profile.clauseNorms;
  const { clauses, ids } = profile;
  const norms = new Float64Array(Math.max(1, clauses.count));
  if (clauses.count === 0) norms[0] = profile.norm;
  else {
    const { offsets, members } = clauses;
    for (let index = 0; index < ids.length; index++) {
      const w = weights[ids[index] as number] as number;
      const end = offsets[index + 1] as number;
      for (let member = offsets[index] as number; member < end; member++) {
        const clause = members[member] as number;
        norms[clause] = (norms[clause] as number) + w * w;
      }
    }
    for (let clause = 0; clause < clauses.count; clause++) norms[clause] = Math.sqrt(norms[clause] as number);
  }
  profile.clauseNorms = norms;
  return norms;
}

/**
 * The profiles of two documents' units for comparing them: each bigram weighted by its rarity over
 * the units of the two together (IDF), so 知识产权 weighs little and 快速协同 much. Fills the
 * table's scratch arrays for these documents' bigrams.
 */
export function profilePair(from: DocumentProfile, to: DocumentProfile, table: PairGrams): PairProfiles {
  const { frequencies, weights } = table;
  const documents = [from, to];
  for (const { distinct } of documents)
    for (let at = 0; at < distinct.length; at++) frequencies[distinct[at] as number] = 0;
  for (const { distinct, unitCounts } of documents)
    for (let at = 0; at < distinct.length; at++) {
      const id = distinct[at] as number;
      frequencies[id] = (frequencies[id] as number) + (unitCounts[at] as number);
    }
  const total = from.units.length + to.units.length;
  for (const { distinct } of documents)
    for (let at = 0; at < distinct.length; at++) {
      const id = distinct[at] as number;
      weights[id] = Math.log((total + 1) / ((frequencies[id] as number) + 0.5));
    }
  const profiles = (document: DocumentProfile) => {
    const list: UnitProfile[] = [];
    for (let at = 0; at < document.units.length; at++) list.push(unitProfile(document, at, weights));
    return list;
  };
  return { from: profiles(from), to: profiles(to), frequencies, weights };
}

/** Profiles of both documents' units with a table of their own (tests, one-off comparisons). */
export function profileUnits(
  fromUnits: readonly MeasureUnit[],
  toUnits: readonly MeasureUnit[],
): PairProfiles {
  const table = new GramTable();
  return profilePair(profileDocument(fromUnits, table), profileDocument(toUnits, table), table);
}

/** The distinct comparison bigrams of a text: CJK pairs, and Latin/digit runs as whole tokens. */
export function bigramsOf(text: string): string[] {
  const grams = new Set<string>();
  const folded = text.replace(/\d+(?:\.\d+)?/gu, '0');
  for (const run of folded.match(/[\p{Script=Han}]+|[A-Za-z0-9]+/gu) ?? []) {
    if (/^[A-Za-z0-9]/u.test(run)) {
      grams.add(run.toLowerCase());
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) grams.add(run);
    for (let at = 0; at + 1 < chars.length; at++) grams.add(`${chars[at]}${chars[at + 1]}`);
  }
  return [...grams];
}

/** The numbers a unit states, outside 《…》 titles; bare years left out. */
export function numbersOf(text: string): string[] {
  // Most units of a law state no digit at all (its numbers are 第十条, 三年): three regexes saved.
  if (!DIGIT.test(text)) return [];
  const outsideTitles = text.replace(TITLE, '').replace(DATE, '');
  return [...outsideTitles.matchAll(NUMBER)]
    .map((match) => match[0].replace(/\s+/gu, ''))
    .filter((number) => !YEAR.test(number));
}

/** The 《…》 titles a unit names. */
export function anchorsOf(text: string): string[] {
  if (!text.includes('《')) return [];
  return [...new Set([...text.matchAll(TITLE)].map((match) => match[1] ?? ''))];
}

/** Inverse document frequency of each bigram over `units` (both documents together). */
export function gramWeights(gramLists: readonly string[][]): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const grams of gramLists)
    for (const gram of grams) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
  const total = gramLists.length;
  const weights = new Map<string, number>();
  for (const [gram, count] of frequency) weights.set(gram, Math.log((total + 1) / (count + 0.5)));
  return weights;
}

/**
 * Lexical cosine of two paragraphs over the same kind of weighted bigrams, memoized per pair: the
 * context a unit sits in (its item) says much about which later item it continues.
 */
export function paragraphContext(
  fromParagraphs: readonly { id: string; text: string }[],
  toParagraphs: readonly { id: string; text: string }[],
): (fromId: string, toId: string) => number {
  const gramsOf = new Map<string, string[]>();
  for (const paragraph of [...fromParagraphs, ...toParagraphs])
    gramsOf.set(paragraph.id, bigramsOf(paragraph.text));
  const weights = gramWeights([...gramsOf.values()]);
  const vectors = new Map<string, { weights: Map<string, number>; norm: number }>();
  for (const [id, grams] of gramsOf) {
    const map = new Map<string, number>();
    let squares = 0;
    for (const gram of grams) {
      const w = weights.get(gram) ?? 0;
      map.set(gram, w);
      squares += w * w;
    }
    vectors.set(id, { weights: map, norm: Math.sqrt(squares) });
  }
  const memo = new Map<string, number>();
  return (fromId, toId) => {
    const key = `${fromId}|${toId}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const a = vectors.get(fromId);
    const b = vectors.get(toId);
    let dot = 0;
    if (a && b) for (const [gram, w] of a.weights) if (b.weights.has(gram)) dot += w * w;
    const cosine = a && b && a.norm > 0 && b.norm > 0 ? dot / (a.norm * b.norm) : 0;
    memo.set(key, cosine);
    return cosine;
  };
}
