/**
 * What the aligner compares two units by: their character bigrams weighted by rarity (IDF over the
 * units of the two documents, so 知识产权 weighs little and 快速协同 much), the numbers they state,
 * and the 《…》 titles they name.
 */
import { GramTable } from './gram-table.ts';
import type { MeasureUnit } from './units.ts';

export { GramTable };

/** Bigram ids and weights of one stretch of text (a unit or one of its clauses), for one pair of documents. */
export interface WeightedGrams {
  /** Distinct bigram ids, ascending (ids of the service's {@link GramTable}). */
  ids: Int32Array;
  /** Sum of the bigrams' weights, and the square root of the sum of their squares. */
  weight: number;
  norm: number;
}

/** A unit prepared for scoring against the units of one other document. */
export interface UnitProfile extends WeightedGrams {
  unit: MeasureUnit;
  /** Numbers with their unit words (18.5个月, 2400亿元, 10%), years of the plan excluded. */
  numbers: string[];
  /** 《…》 titles named in the unit. */
  anchors: string[];
  /**
   * The unit's clauses (cut at ，：), empty for a one-clause unit: a sentence that states several
   * measures matches its later counterpart on one clause, not as a whole.
   */
  clauses: WeightedGrams[];
}

/** What a document's units are compared by, whatever the other document: cut once and cached. */
export interface DocumentProfile {
  units: readonly MeasureUnit[];
  /** Per unit: distinct bigram ids ascending, its clauses' ids, its numbers and titles. */
  ids: Int32Array[];
  clauses: Int32Array[][];
  numbers: string[][];
  anchors: string[][];
  /** The distinct bigram ids of the whole document, and how many of its units hold each. */
  distinct: Int32Array;
  unitCounts: Int32Array;
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

/** The comparison profile of one document's units (ids from `table`). */
export function profileDocument(units: readonly MeasureUnit[], table: GramTable): DocumentProfile {
  const ids: Int32Array[] = [];
  const clauses: Int32Array[][] = [];
  for (const unit of units) {
    ids.push(table.idsOf(unit.text));
    const parts = clauseRanges(unit.text);
    clauses.push(parts.length < 2 ? [] : parts.map(([start, end]) => table.idsOf(unit.text, start, end)));
  }
  const counts = new Map<number, number>();
  for (const list of ids) for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
  const distinct = Int32Array.from(counts.keys());
  return {
    units,
    ids,
    clauses,
    numbers: units.map((unit) => numbersOf(unit.text)),
    anchors: units.map((unit) => anchorsOf(unit.text)),
    distinct,
    unitCounts: Int32Array.from(distinct, (id) => counts.get(id) ?? 0),
  };
}

/** Where the clauses of a text lie (cut at ，：, shorter than `MIN_CLAUSE_CHARS` left out): [start, end) in code units. */
function clauseRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let at = 0; at <= text.length; at++) {
    if (at < text.length && !CLAUSE_BREAKS.has(text.charCodeAt(at))) continue;
    if (at - start >= MIN_CLAUSE_CHARS) ranges.push([start, at]);
    start = at + 1;
  }
  return ranges;
}

/** Weight and norm of a set of ids under `weights`. */
function weighted(ids: Int32Array, weights: Float64Array): WeightedGrams {
  let weight = 0;
  let squares = 0;
  for (const id of ids) {
    const w = weights[id] ?? 0;
    weight += w;
    squares += w * w;
  }
  return { ids, weight, norm: Math.sqrt(squares) };
}

/**
 * The profiles of two documents' units for comparing them: each bigram weighted by its rarity over
 * the units of the two together (IDF), so 知识产权 weighs little and 快速协同 much. Fills the
 * table's scratch arrays for these documents' bigrams.
 */
export function profilePair(from: DocumentProfile, to: DocumentProfile, table: GramTable): PairProfiles {
  const { frequencies, weights } = table;
  for (const id of from.distinct) frequencies[id] = 0;
  for (const id of to.distinct) frequencies[id] = 0;
  for (const document of [from, to])
    document.distinct.forEach((id, at) => {
      frequencies[id] = (frequencies[id] ?? 0) + (document.unitCounts[at] ?? 0);
    });
  const total = from.units.length + to.units.length;
  for (const document of [from, to])
    for (const id of document.distinct) weights[id] = Math.log((total + 1) / ((frequencies[id] ?? 0) + 0.5));
  const profiles = (document: DocumentProfile): UnitProfile[] =>
    document.units.map((unit, at) => ({
      unit,
      ...weighted(document.ids[at] ?? new Int32Array(0), weights),
      numbers: document.numbers[at] ?? [],
      anchors: document.anchors[at] ?? [],
      clauses: (document.clauses[at] ?? []).map((clause) => weighted(clause, weights)),
    }));
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
