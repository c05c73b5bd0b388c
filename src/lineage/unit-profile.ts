/**
 * What the aligner compares two units by: their character bigrams weighted by rarity (IDF over the
 * units of the two documents, so 知识产权 weighs little and 快速协同 much), the numbers they state,
 * and the 《…》 titles they name.
 */
import type { MeasureUnit } from './units.ts';

/** A unit prepared for scoring. */
export interface UnitProfile {
  unit: MeasureUnit;
  /** Distinct bigrams (digits folded to 0, so a changed target still shares its unit words). */
  grams: string[];
  /** The same bigrams as ids shared by both documents' profiles, ascending, with their weights. */
  ids: Int32Array;
  idWeights: Float64Array;
  /** Sum of the bigrams' weights, and the square root of the sum of their squares. */
  weight: number;
  norm: number;
  /** Numbers with their unit words (18.5个月, 2400亿元, 10%), years of the plan excluded. */
  numbers: string[];
  /** 《…》 titles named in the unit. */
  anchors: string[];
}

const TITLE = /《([^《》]{2,60})》/gu;
const NUMBER = /\d+(?:\.\d+)?\s*(?:%|个月|亿元|万元|万件|万|亿|家|个|项|件|次|分|天|周年|年)?/gu;
/** A bare year (2021年) changes every edition; it is not a target. */
/** Dates (2023年3月23日) say when, not how much. */
const DATE = /(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日)?/gu;
const YEAR = /^(?:19|20)\d\d年?$/u;

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
  const outsideTitles = text.replace(TITLE, '').replace(DATE, '');
  return [...outsideTitles.matchAll(NUMBER)]
    .map((match) => match[0].replace(/\s+/gu, ''))
    .filter((number) => !YEAR.test(number));
}

/** The 《…》 titles a unit names. */
export function anchorsOf(text: string): string[] {
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

/** A unit's bigrams, kept while the unit lives (the service caches units per document). */
const gramsCache = new WeakMap<MeasureUnit, string[]>();
function gramsOfUnit(unit: MeasureUnit): string[] {
  let grams = gramsCache.get(unit);
  if (!grams) {
    grams = bigramsOf(unit.text);
    gramsCache.set(unit, grams);
  }
  return grams;
}

/** Profiles of both documents' units, weighted over the two together. */
export function profileUnits(
  fromUnits: readonly MeasureUnit[],
  toUnits: readonly MeasureUnit[],
): { from: UnitProfile[]; to: UnitProfile[]; weights: Map<string, number>; frequencies: Int32Array } {
  const fromGrams = fromUnits.map(gramsOfUnit);
  const toGrams = toUnits.map(gramsOfUnit);
  const weights = gramWeights([...fromGrams, ...toGrams]);
  const idOf = new Map<string, number>();
  for (const gram of weights.keys()) idOf.set(gram, idOf.size);
  const frequencies = new Int32Array(idOf.size);
  const weightById = new Float64Array(idOf.size);
  for (const [gram, id] of idOf) weightById[id] = weights.get(gram) ?? 0;
  for (const grams of [...fromGrams, ...toGrams]) {
    for (const gram of grams) {
      const id = idOf.get(gram) ?? 0;
      frequencies[id] = (frequencies[id] ?? 0) + 1;
    }
  }
  const profile = (unit: MeasureUnit, grams: string[]): UnitProfile => {
    let weight = 0;
    let squares = 0;
    const ids = Int32Array.from(grams, (gram) => idOf.get(gram) ?? 0).sort();
    const idWeights = Float64Array.from(ids, (id) => weightById[id] ?? 0);
    for (const w of idWeights) {
      weight += w;
      squares += w * w;
    }
    return {
      unit,
      grams,
      ids,
      idWeights,
      weight,
      norm: Math.sqrt(squares),
      numbers: numbersOf(unit.text),
      anchors: anchorsOf(unit.text),
    };
  };
  return {
    from: fromUnits.map((unit, at) => profile(unit, fromGrams[at] ?? [])),
    to: toUnits.map((unit, at) => profile(unit, toGrams[at] ?? [])),
    weights,
    frequencies,
  };
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
