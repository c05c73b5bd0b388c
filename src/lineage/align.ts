/**
 * Alignment of two documents' units. Pass one is a one-to-one assignment (Munkres, i.e. the
 * Hungarian method, per connected group of candidate pairs) that maximizes the summed score over
 * pairs scoring at least `candidate` — a weaker pair is never forced, its units stay unmatched.
 * Pass two finds splits and merges: a leftover unit whose content lies inside a unit of a confirmed
 * link joins that link. Statuses then follow from the thresholds.
 */
import { munkres } from 'munkres';
import { LINEAGE } from '../config.ts';
import { changesBetween, hasChanges, type LinkChanges } from './changes.ts';
import { neighbourSupport } from './neighbour-support.ts';
import type { PairScore } from './pair-scores.ts';
import type { MeasureUnit } from './units.ts';

/** Where the aligner draws its lines (`LINEAGE.thresholds` in config, calibrated on the gold set). */
export interface AlignThresholds {
  /** A pair below this score is no candidate at all. */
  candidate: number;
  /** A matched pair at or above this score is a link; between `uncertain` and this, `uncertain`. */
  link: number;
  /** A matched pair below this is too weak even to show as a candidate: its units stay new / dropped. */
  uncertain: number;
  /** A link whose cosine reaches this, with no number or agency change, is `continued`. */
  continued: number;
  /** Pass two: share of a leftover unit's weight that must lie inside a linked unit to join its link. */
  contained: number;
  /** Pass two: the least cosine between the leftover unit and the linked unit. */
  containedCosine: number;
  /** Added to a pair's score times its {@link neighbourSupport} from the first assignment's links (0: one pass). */
  neighbour: number;
  /** How many units before and after a pair the neighbour support looks for links. */
  neighbourWindow: number;
}

/** A link's status; `new` and `dropped` are the units no link holds. */
export type LinkStatus = 'continued' | 'modified' | 'uncertain';

/** One link: unit indexes on each side (several on one side for a split or merge). */
export interface AlignedLink {
  status: LinkStatus;
  from: number[];
  to: number[];
  /** The best pair score inside the link. */
  score: number;
  changes: LinkChanges;
}

/** The alignment of two unit lists. */
export interface Alignment {
  links: AlignedLink[];
  /** Units of the earlier document no link holds (dropped), and of the later one (new). */
  onlyFrom: number[];
  onlyTo: number[];
}

/** Aligns `from` and `to` units given their scored pairs. */
export function alignUnits(
  from: readonly MeasureUnit[],
  to: readonly MeasureUnit[],
  pairs: readonly PairScore[],
  thresholds: AlignThresholds,
): Alignment {
  const matched = assignWithNeighbours(pairs, thresholds);
  const confirmed = matched.filter((pair) => pair.score >= thresholds.link);
  const groups = confirmed.map((pair) => ({
    from: [pair.from],
    to: [pair.to],
    score: pair.score,
    pairs: [pair],
  }));
  const fromGroup = new Map<number, (typeof groups)[number]>();
  const toGroup = new Map<number, (typeof groups)[number]>();
  for (const group of groups) {
    fromGroup.set(group.from[0] ?? -1, group);
    toGroup.set(group.to[0] ?? -1, group);
  }
  attachContained(pairs, thresholds, fromGroup, toGroup);
  const uncertain = matched.filter(
    (pair) =>
      pair.score < thresholds.link &&
      pair.score >= thresholds.uncertain &&
      !fromGroup.has(pair.from) &&
      !toGroup.has(pair.to),
  );
  const links: AlignedLink[] = [];
  for (let at = 0; at < groups.length; at++) {
    const group = groups[at] as (typeof groups)[number];
    const fromUnits = group.from.map((index) => from[index] as MeasureUnit);
    const toUnits = group.to.map((index) => to[index] as MeasureUnit);
    const changes = changesBetween(fromUnits, toUnits);
    const single = group.pairs.length === 1 ? group.pairs[0] : undefined;
    const continued = single !== undefined && single.cosine >= thresholds.continued && !hasChanges(changes);
    links.push({
      status: continued ? ('continued' as const) : ('modified' as const),
      from: group.from.length === 1 ? group.from : [...group.from].sort((a, b) => a - b),
      to: group.to.length === 1 ? group.to : [...group.to].sort((a, b) => a - b),
      score: group.score,
      changes,
    });
  }
  for (let at = 0; at < uncertain.length; at++) {
    const pair = uncertain[at] as PairScore;
    links.push({
      status: 'uncertain' as const,
      from: [pair.from],
      to: [pair.to],
      score: pair.score,
      changes: changesBetween([from[pair.from] as MeasureUnit], [to[pair.to] as MeasureUnit]),
    });
  }
  const ordered = inDocumentOrder(links, from.length);
  const linkedFrom = new Uint8Array(from.length);
  const linkedTo = new Uint8Array(to.length);
  for (let at = 0; at < ordered.length; at++) {
    const link = ordered[at] as AlignedLink;
    for (let index = 0; index < link.from.length; index++) linkedFrom[link.from[index] as number] = 1;
    for (let index = 0; index < link.to.length; index++) linkedTo[link.to[index] as number] = 1;
  }
  const unlinked = (marks: Uint8Array) => {
    const left: number[] = [];
    for (let at = 0; at < marks.length; at++) if (marks[at] === 0) left.push(at);
    return left;
  };
  return { links: ordered, onlyFrom: unlinked(linkedFrom), onlyTo: unlinked(linkedTo) };
}

/**
 * Links by their first from unit, then their first to unit. No two links share a from unit (the
 * assignment is one-to-one and pass two joins only units no link holds), so each first from unit
 * has one slot and no comparator runs; should two ever share one, a comparator sort decides.
 */
function inDocumentOrder(links: AlignedLink[], fromCount: number): AlignedLink[] {
  const slot = new Int32Array(fromCount).fill(-1);
  for (let at = 0; at < links.length; at++) {
    const first = (links[at] as AlignedLink).from[0] as number;
    if (slot[first] !== -1)
      return links.sort((a, b) => (a.from[0] ?? 0) - (b.from[0] ?? 0) || (a.to[0] ?? 0) - (b.to[0] ?? 0));
    slot[first] = at;
  }
  const ordered: AlignedLink[] = [];
  for (let first = 0; first < fromCount; first++) {
    const at = slot[first] as number;
    if (at !== -1) ordered.push(links[at] as AlignedLink);
  }
  return ordered;
}

/**
 * The one-to-one assignment, twice when neighbour support weighs anything: the first pass's links
 * are anchors, every pair gains by how well it sits beside them, and the assignment is made again.
 */
function assignWithNeighbours(pairs: readonly PairScore[], thresholds: AlignThresholds): PairScore[] {
  const first = assignOneToOne(pairs.filter((pair) => pair.score >= thresholds.candidate));
  if (thresholds.neighbour <= 0) return first;
  const anchors = first.filter((pair) => pair.score >= thresholds.link);
  const support = neighbourSupport(pairs, anchors, thresholds.neighbourWindow);
  // Copies with every field spelled out (a spread of twelve thousand pairs is slow on a cold
  // request), made only for the pairs that stay candidates.
  const boosted: PairScore[] = [];
  for (let at = 0; at < pairs.length; at++) {
    const pair = pairs[at] as PairScore;
    const score = pair.score + thresholds.neighbour * (support[at] ?? 0);
    if (score < thresholds.candidate) continue;
    boosted.push({
      from: pair.from,
      to: pair.to,
      cosine: pair.cosine,
      fromInTo: pair.fromInTo,
      toInFrom: pair.toInFrom,
      score,
    });
  }
  return assignOneToOne(boosted);
}

/** The best one-to-one choice among `candidates`: Munkres on each connected group of pairs. */
export function assignOneToOne(candidates: readonly PairScore[]): PairScore[] {
  const chosen: PairScore[] = [];
  // How many rows and columns a group spans, counted with stamps per unit: two long laws make one
  // group of twenty thousand pairs, which a Set of each side (on a cold request) made slowly.
  const { fromCount, toCount } = unitCounts(candidates);
  const rowSeen = new Int32Array(fromCount);
  const columnSeen = new Int32Array(toCount);
  let stamp = 0;
  for (const component of connectedGroups(candidates)) {
    if (component.length === 1) {
      chosen.push(component[0] as PairScore);
      continue;
    }
    stamp++;
    let rowCount = 0;
    let columnCount = 0;
    for (let at = 0; at < component.length; at++) {
      const pair = component[at] as PairScore;
      if (rowSeen[pair.from] !== stamp) {
        rowSeen[pair.from] = stamp;
        rowCount++;
      }
      if (columnSeen[pair.to] !== stamp) {
        columnSeen[pair.to] = stamp;
        columnCount++;
      }
    }
    if (rowCount * columnCount > LINEAGE.maxExactAssignmentCells) {
      chosen.push(...assignGreedily(component));
      continue;
    }
    const rows = [...new Set(component.map((pair) => pair.from))];
    const columns = [...new Set(component.map((pair) => pair.to))];
    const rowAt = new Map(rows.map((row, at) => [row, at]));
    const columnAt = new Map(columns.map((column, at) => [column, at]));
    // Munkres minimizes cost: a pair costs minus its score, no pair costs 0 (and is dropped after).
    const cost = rows.map(() => new Array<number>(columns.length).fill(0));
    const byCell = new Map<number, PairScore>();
    for (const pair of component) {
      const row = rowAt.get(pair.from) ?? 0;
      const column = columnAt.get(pair.to) ?? 0;
      (cost[row] as number[])[column] = -pair.score;
      byCell.set(row * columns.length + column, pair);
    }
    for (const [row, column] of munkres(cost)) {
      const pair = byCell.get(row * columns.length + column);
      if (pair) chosen.push(pair);
    }
  }
  return chosen;
}

/** How many from and to units the pairs reach (one past the highest index of each side). */
function unitCounts(pairs: readonly PairScore[]): { fromCount: number; toCount: number } {
  let fromCount = 0;
  let toCount = 0;
  for (let at = 0; at < pairs.length; at++) {
    const pair = pairs[at] as PairScore;
    fromCount = Math.max(fromCount, pair.from + 1);
    toCount = Math.max(toCount, pair.to + 1);
  }
  return { fromCount, toCount };
}

/** Best pair first, each unit used once: the fallback for groups too large for Munkres. */
function assignGreedily(pairs: readonly PairScore[]): PairScore[] {
  const { fromCount, toCount } = unitCounts(pairs);
  const usedFrom = new Uint8Array(fromCount);
  const usedTo = new Uint8Array(toCount);
  const chosen: PairScore[] = [];
  const order = byScoreDescending(pairs);
  for (let at = 0; at < order.length; at++) {
    const pair = pairs[order[at] as number] as PairScore;
    if (usedFrom[pair.from] === 1 || usedTo[pair.to] === 1) continue;
    usedFrom[pair.from] = 1;
    usedTo[pair.to] = 1;
    chosen.push(pair);
  }
  return chosen;
}

/**
 * Positions of `pairs`, highest score first; of equal scores, the pair scored first comes first (a
 * stable sort). Without a JavaScript comparator, which a cold request runs unoptimized a hundred
 * thousand times: the scores are sorted as numbers by the engine, each pair finds its score's rank
 * among the distinct ones by binary search, and a counting sort over the ranks keeps ties in order.
 */
export function byScoreDescending(pairs: readonly PairScore[]): Int32Array {
  const scores = new Float64Array(pairs.length);
  for (let at = 0; at < pairs.length; at++) scores[at] = (pairs[at] as PairScore).score;
  const sorted = scores.slice().sort();
  let distinct = 0;
  for (let at = 0; at < sorted.length; at++)
    if (at === 0 || sorted[at] !== sorted[distinct - 1]) sorted[distinct++] = sorted[at] as number;
  // Rank 0 is the highest score.
  const ranks = new Int32Array(pairs.length);
  const starts = new Int32Array(distinct + 1);
  for (let at = 0; at < scores.length; at++) {
    const rank = distinct - 1 - rankOf(sorted, distinct, scores[at] as number);
    ranks[at] = rank;
    starts[rank + 1] = (starts[rank + 1] as number) + 1;
  }
  for (let rank = 1; rank <= distinct; rank++)
    starts[rank] = (starts[rank] as number) + (starts[rank - 1] as number);
  const order = new Int32Array(pairs.length);
  for (let at = 0; at < ranks.length; at++) {
    const rank = ranks[at] as number;
    order[starts[rank] as number] = at;
    starts[rank] = (starts[rank] as number) + 1;
  }
  return order;
}

/** Where `value` lies among the first `count` (ascending, distinct) values of `sorted`. */
function rankOf(sorted: Float64Array, count: number, value: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Candidate pairs grouped by the units they share (union-find over from and to units). */
function connectedGroups(pairs: readonly PairScore[]): PairScore[][] {
  // Union-find over units: from unit i is node i, to unit j is node fromCount + j.
  const { fromCount, toCount } = unitCounts(pairs);
  const parent = new Int32Array(fromCount + toCount);
  for (let node = 0; node < parent.length; node++) parent[node] = node;
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root] as number;
    for (let at = node; parent[at] !== root; ) {
      const next = parent[at] as number;
      parent[at] = root;
      at = next;
    }
    return root;
  };
  for (let at = 0; at < pairs.length; at++) {
    const pair = pairs[at] as PairScore;
    const a = find(pair.from);
    const b = find(fromCount + pair.to);
    if (a !== b) parent[a] = b;
  }
  const groups = new Map<number, PairScore[]>();
  for (let at = 0; at < pairs.length; at++) {
    const pair = pairs[at] as PairScore;
    const root = find(pair.from);
    const group = groups.get(root);
    if (group) group.push(pair);
    else groups.set(root, [pair]);
  }
  return [...groups.values()];
}

interface Group {
  from: number[];
  to: number[];
  score: number;
  pairs: PairScore[];
}

/**
 * Pass two: a unit no confirmed link holds joins the link of the unit it is most contained in — a
 * from unit inside a later unit is a merge, a to unit inside an earlier unit is a split.
 */
function attachContained(
  pairs: readonly PairScore[],
  thresholds: AlignThresholds,
  fromGroup: Map<number, Group>,
  toGroup: Map<number, Group>,
): void {
  const mergeInto = new Map<number, PairScore>();
  const splitInto = new Map<number, PairScore>();
  for (let at = 0; at < pairs.length; at++) {
    const pair = pairs[at] as PairScore;
    if (pair.cosine < thresholds.containedCosine) continue;
    if (!fromGroup.has(pair.from) && toGroup.has(pair.to) && pair.fromInTo >= thresholds.contained) {
      const best = mergeInto.get(pair.from);
      if (!best || pair.fromInTo > best.fromInTo) mergeInto.set(pair.from, pair);
    }
    if (!toGroup.has(pair.to) && fromGroup.has(pair.from) && pair.toInFrom >= thresholds.contained) {
      const best = splitInto.get(pair.to);
      if (!best || pair.toInFrom > best.toInFrom) splitInto.set(pair.to, pair);
    }
  }
  for (const [fromAt, pair] of mergeInto) {
    const group = toGroup.get(pair.to) as Group;
    group.from.push(fromAt);
    group.pairs.push(pair);
    fromGroup.set(fromAt, group);
  }
  for (const [toAt, pair] of splitInto) {
    const group = fromGroup.get(pair.from) as Group;
    if (group.to.includes(toAt)) continue;
    group.to.push(toAt);
    group.pairs.push(pair);
    toGroup.set(toAt, group);
  }
}
