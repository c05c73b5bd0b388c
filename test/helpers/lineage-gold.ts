/**
 * The lineage gold set (test/fixtures/lineage-gold.json) and how a comparison is scored against it:
 * link precision, recall and F1 over unit pairs, the status confusion table, label accuracy on
 * matched links, hard negatives linked — and the same link figures at paragraph level, which is
 * all the /similar baseline can say.
 */
import { readFileSync } from 'node:fs';
import type { CompareResponse, UnitRef } from '../../src/lineage/compare.ts';

/** A gold link: units by substring; a split or merge when one side names several. */
export interface GoldLink {
  from: string[];
  to: string[];
  status: 'continued' | 'modified';
}

/** The gold of one document pair. */
export interface GoldPair {
  name: string;
  /** Source file names of the two seeds. */
  from: string;
  to: string;
  split: 'tune' | 'heldout';
  links: GoldLink[];
  onlyFrom: string[];
  onlyTo: string[];
  negatives: { from: string; to: string; why: string }[];
}

/** Link precision, recall and F1 with their counts. */
export interface LinkFigures {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Every figure of one pair. */
export interface PairFigures {
  name: string;
  split: 'tune' | 'heldout';
  goldLinks: number;
  /** Link level: a gold link is found when a claimed link joins one of its from units to one of its to units. */
  links: LinkFigures;
  /** Unit-pair level: every from × to pair of a split or merge must be found (stricter). */
  units: LinkFigures;
  paragraphs: LinkFigures;
  /** gold status → predicted status → count; predicted `none` = not linked, `elsewhere` = linked to another unit. */
  confusion: Record<string, Record<string, number>>;
  /** Share of gold pairs predicted as a link whose status (continued / modified) is right. */
  labelAccuracy: number;
  labelled: number;
  negativesLinked: number;
}

/** The gold file, parsed. */
export function loadGold(): { pairs: GoldPair[] } {
  return JSON.parse(readFileSync(new URL('../fixtures/lineage-gold.json', import.meta.url), 'utf8'));
}

const keyOf = (unit: UnitRef) => `${unit.paragraphId}\u0000${unit.text}`;
const pairKey = (a: string, b: string) => `${a}\u0001${b}`;

/** All units of one side of a comparison, in the order the answer lists them. */
export function unitsOfSide(response: CompareResponse, side: 'from' | 'to'): UnitRef[] {
  const seen = new Map<string, UnitRef>();
  for (const link of response.links) for (const unit of link[side]) seen.set(keyOf(unit), unit);
  for (const unit of side === 'from' ? response.onlyFrom : response.onlyTo) seen.set(keyOf(unit), unit);
  return [...seen.values()];
}

/**
 * The one unit a gold substring names (trailing 。 ignored): the unit containing it, or among
 * several, the one equal to it. Throws when none or several match — the gold must be unambiguous.
 */
export function resolveUnit(units: readonly UnitRef[], substring: string): UnitRef {
  const needle = substring.replace(/[。；]$/u, '');
  const containing = units.filter((unit) => unit.text.includes(needle));
  if (containing.length === 1) return containing[0] as UnitRef;
  const equal = containing.filter((unit) => unit.text === needle);
  if (equal.length === 1) return equal[0] as UnitRef;
  throw new Error(`gold substring ${substring} names ${containing.length} units`);
}

function figures(
  predicted: Set<string>,
  gold: Set<string>,
  annotated: (pair: string) => boolean,
): LinkFigures {
  let truePositives = 0;
  let falsePositives = 0;
  for (const pair of predicted) {
    if (gold.has(pair)) truePositives++;
    else if (annotated(pair)) falsePositives++;
  }
  const falseNegatives = gold.size - truePositives;
  const precision =
    truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = gold.size === 0 ? 0 : truePositives / gold.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

/**
 * Scores `response` against `pair`. Gold is partial: a predicted pair counts as a false positive
 * only when one of its units is named in the gold (so its right counterpart is known).
 * `baselineParagraphPairs`, if given, is scored at paragraph level instead of the response's links.
 */
export function evaluatePair(
  pair: GoldPair,
  response: CompareResponse,
  baselineParagraphPairs?: Set<string>,
): PairFigures {
  const fromUnits = unitsOfSide(response, 'from');
  const toUnits = unitsOfSide(response, 'to');
  const from = (s: string) => resolveUnit(fromUnits, s);
  const to = (s: string) => resolveUnit(toUnits, s);
  const goldUnits = new Map<string, 'continued' | 'modified'>();
  const goldParagraphs = new Set<string>();
  const annotatedFrom = new Set<string>();
  const annotatedTo = new Set<string>();
  const annotatedFromParagraphs = new Set<string>();
  const annotatedToParagraphs = new Set<string>();
  const noteFrom = (unit: UnitRef) => {
    annotatedFrom.add(keyOf(unit));
    annotatedFromParagraphs.add(unit.paragraphId);
  };
  const noteTo = (unit: UnitRef) => {
    annotatedTo.add(keyOf(unit));
    annotatedToParagraphs.add(unit.paragraphId);
  };
  for (const link of pair.links) {
    for (const f of link.from.map(from)) {
      noteFrom(f);
      for (const t of link.to.map(to)) {
        noteTo(t);
        goldUnits.set(pairKey(keyOf(f), keyOf(t)), link.status);
        goldParagraphs.add(pairKey(f.paragraphId, t.paragraphId));
      }
    }
  }
  const onlyFrom = pair.onlyFrom.map(from);
  const onlyTo = pair.onlyTo.map(to);
  onlyFrom.forEach(noteFrom);
  onlyTo.forEach(noteTo);
  const negatives = pair.negatives.map((negative) => [from(negative.from), to(negative.to)] as const);
  for (const [f, t] of negatives) {
    noteFrom(f);
    noteTo(t);
  }

  const claimed = response.links.filter((link) => link.status !== 'uncertain');
  const predictedStatus = new Map<string, string>();
  const linkedStatusOf = new Map<string, string>();
  for (const link of response.links) {
    for (const f of link.from) {
      linkedStatusOf.set(`f${keyOf(f)}`, link.status);
      for (const t of link.to) predictedStatus.set(pairKey(keyOf(f), keyOf(t)), link.status);
    }
    for (const t of link.to) linkedStatusOf.set(`t${keyOf(t)}`, link.status);
  }
  const predictedUnits = new Set(
    claimed.flatMap((link) => link.from.flatMap((f) => link.to.map((t) => pairKey(keyOf(f), keyOf(t))))),
  );
  const predictedParagraphs =
    baselineParagraphPairs ??
    new Set(
      claimed.flatMap((link) =>
        link.from.flatMap((f) => link.to.map((t) => pairKey(f.paragraphId, t.paragraphId))),
      ),
    );
  const [goldParagraphsAnnotatedFrom, goldParagraphsAnnotatedTo] = [
    annotatedFromParagraphs,
    annotatedToParagraphs,
  ];

  const confusion: Record<string, Record<string, number>> = {};
  const tally = (gold: string, predicted: string) => {
    confusion[gold] ??= {};
    const row = confusion[gold] as Record<string, number>;
    row[predicted] = (row[predicted] ?? 0) + 1;
  };
  let labelled = 0;
  let correct = 0;
  for (const [key, status] of goldUnits) {
    const predicted = predictedStatus.get(key);
    const [f] = key.split('\u0001');
    const elsewhere = linkedStatusOf.has(`f${f}`);
    tally(status, predicted ?? (elsewhere ? 'elsewhere' : 'none'));
    if (predicted === 'continued' || predicted === 'modified') {
      labelled++;
      if (predicted === status) correct++;
    }
  }
  for (const unit of onlyFrom) tally('dropped', linkedStatusOf.get(`f${keyOf(unit)}`) ?? 'dropped');
  for (const unit of onlyTo) tally('new', linkedStatusOf.get(`t${keyOf(unit)}`) ?? 'new');

  const goldLinkKeys = pair.links.map((link) => ({
    from: new Set(link.from.map((s) => keyOf(from(s)))),
    to: new Set(link.to.map((s) => keyOf(to(s)))),
  }));
  const overlaps = (link: { from: UnitRef[]; to: UnitRef[] }, gold: { from: Set<string>; to: Set<string> }) =>
    link.from.some((f) => gold.from.has(keyOf(f))) && link.to.some((t) => gold.to.has(keyOf(t)));
  let linkTruePositives = 0;
  let linkFalsePositives = 0;
  for (const link of claimed) {
    if (goldLinkKeys.some((gold) => overlaps(link, gold))) linkTruePositives++;
    else if (
      link.from.some((f) => annotatedFrom.has(keyOf(f))) ||
      link.to.some((t) => annotatedTo.has(keyOf(t)))
    )
      linkFalsePositives++;
  }
  const found = goldLinkKeys.filter((gold) => claimed.some((link) => overlaps(link, gold))).length;
  const linkPrecision =
    linkTruePositives + linkFalsePositives === 0
      ? 0
      : linkTruePositives / (linkTruePositives + linkFalsePositives);
  const linkRecall = goldLinkKeys.length === 0 ? 0 : found / goldLinkKeys.length;
  const links: LinkFigures = {
    truePositives: linkTruePositives,
    falsePositives: linkFalsePositives,
    falseNegatives: goldLinkKeys.length - found,
    precision: linkPrecision,
    recall: linkRecall,
    f1:
      linkPrecision + linkRecall === 0 ? 0 : (2 * linkPrecision * linkRecall) / (linkPrecision + linkRecall),
  };

  const split = (pairKeyText: string) => pairKeyText.split('\u0001') as [string, string];
  return {
    name: pair.name,
    split: pair.split,
    goldLinks: pair.links.length,
    links,
    units: figures(predictedUnits, new Set(goldUnits.keys()), (key) => {
      const [f, t] = split(key);
      return annotatedFrom.has(f) || annotatedTo.has(t);
    }),
    paragraphs: figures(predictedParagraphs, goldParagraphs, (key) => {
      const [f, t] = split(key);
      return goldParagraphsAnnotatedFrom.has(f) || goldParagraphsAnnotatedTo.has(t);
    }),
    confusion,
    labelAccuracy: labelled === 0 ? 0 : correct / labelled,
    labelled,
    negativesLinked: negatives.filter(([f, t]) => {
      const status = predictedStatus.get(pairKey(keyOf(f), keyOf(t)));
      return status === 'continued' || status === 'modified';
    }).length,
  };
}

/** The paragraph-level key a baseline pair is scored by. */
export const paragraphPairKey = pairKey;
