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
import { type PairScore, PairScores } from './pair-scores.ts';
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
  pairs: PairScores,
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
 * Candidate pairs for an assignment: positions in the scored pairs, each with the score it is
 * assigned by (its own, or raised by neighbour support). Typed arrays, no object per pair.
 */
interface Candidates {
  pairs: PairScores;
  at: Int32Array;
  score: Float64Array;
}

/** The pairs scoring at least `floor` by `scoreOf(position)`, with those scores. */
function candidatesOf(pairs: PairScores, floor: number, scoreOf: (at: number) => number): Candidates {
  const at = new Int32Array(pairs.length);
  const score = new Float64Array(pairs.length);
  let count = 0;
  for (let position = 0; position < pairs.length; position++) {
    const value = scoreOf(position);
    if (value < floor) continue;
    at[count] = position;
    score[count] = value;
    count++;
  }
  return { pairs, at: at.subarray(0, count), score: score.subarray(0, count) };
}

/** The chosen candidates as pair objects, each with the score it was assigned by. */
function chosenPairs(candidates: Candidates, chosen: readonly number[]): PairScore[] {
  return chosen.map((index) =>
    candidates.pairs.at(candidates.at[index] as number, candidates.score[index] as number),
  );
}

/**
 * The one-to-one assignment, twice when neighbour support weighs anything: the first pass's links
 * are anchors, every pair gains by how well it sits beside them, and the assignment is made again.
 */
function assignWithNeighbours(pairs: PairScores, thresholds: AlignThresholds): PairScore[] {
  const own = pairs.score;
  const firstCandidates = candidatesOf(pairs, thresholds.candidate, (at) => own[at] as number);
  const first = chosenPairs(firstCandidates, assignCandidates(firstCandidates));
  if (thresholds.neighbour <= 0) return first;
  const anchors = first.filter((pair) => pair.score >= thresholds.link);
  const support = neighbourSupport(pairs, anchors, thresholds.neighbourWindow);
  const boosted = candidatesOf(
    pairs,
    thresholds.candidate,
    (at) => (own[at] as number) + thresholds.neighbour * (support[at] ?? 0),
  );
  return chosenPairs(boosted, assignCandidates(boosted));
}

/** The best one-to-one choice among `candidates`: Munkres on each connected group of pairs. */
export function assignOneToOne(candidates: readonly PairScore[]): PairScore[] {
  const table = PairScores.of(candidates);
  const all = candidatesOf(table, Number.NEGATIVE_INFINITY, (at) => table.score[at] as number);
  return assignCandidates(all).map((index) => candidates[index] as PairScore);
}

/** {@link assignOneToOne} over candidates: the indexes (into `candidates.at`) of the chosen ones. */
function assignCandidates(candidates: Candidates): number[] {
  const { pairs, score } = candidates;
  const fromOf = (index: number) => pairs.from[candidates.at[index] as number] as number;
  const toOf = (index: number) => pairs.to[candidates.at[index] as number] as number;
  const chosen: number[] = [];
  // How many rows and columns a group spans, counted with stamps per unit: two long laws make one
  // group of twenty thousand pairs, which a Set of each side (on a cold request) made slowly.
  const { fromCount, toCount } = unitCounts(candidates);
  const rowSeen = new Int32Array(fromCount);
  const columnSeen = new Int32Array(toCount);
  let stamp = 0;
  const groups = connectedGroups(candidates);
  for (let groupAt = 0; groupAt < groups.length; groupAt++) {
    const component = groups[groupAt] as number[];
    if (component.length === 1) {
      chosen.push(component[0] as number);
      continue;
    }
    stamp++;
    let rowCount = 0;
    let columnCount = 0;
    for (let at = 0; at < component.length; at++) {
      const index = component[at] as number;
      const from = fromOf(index);
      const to = toOf(index);
      if (rowSeen[from] !== stamp) {
        rowSeen[from] = stamp;
        rowCount++;
      }
      if (columnSeen[to] !== stamp) {
        columnSeen[to] = stamp;
        columnCount++;
      }
    }
    if (rowCount * columnCount > LINEAGE.maxExactAssignmentCells) {
      chosen.push(...assignGreedily(candidates, component, fromCount, toCount));
      continue;
    }
    const rows = [...new Set(component.map(fromOf))];
    const columns = [...new Set(component.map(toOf))];
    const rowAt = new Map(rows.map((row, at) => [row, at]));
    const columnAt = new Map(columns.map((column, at) => [column, at]));
    // Munkres minimizes cost: a pair costs minus its score, no pair costs 0 (and is dropped after).
    const cost = rows.map(() => new Array<number>(columns.length).fill(0));
    const byCell = new Map<number, number>();
    for (const index of component) {
      const row = rowAt.get(fromOf(index)) ?? 0;
      const column = columnAt.get(toOf(index)) ?? 0;
      (cost[row] as number[])[column] = -(score[index] as number);
      byCell.set(row * columns.length + column, index);
    }
    for (const [row, column] of munkres(cost)) {
      const index = byCell.get(row * columns.length + column);
      if (index !== undefined) chosen.push(index);
    }
  }
  return chosen;
}

/** How many from and to units the candidates reach (one past the highest index of each side). */
function unitCounts(candidates: Candidates): { fromCount: number; toCount: number } {
  const { pairs, at } = candidates;
  let fromCount = 0;
  let toCount = 0;
  for (let index = 0; index < at.length; index++) {
    const position = at[index] as number;
    fromCount = Math.max(fromCount, (pairs.from[position] as number) + 1);
    toCount = Math.max(toCount, (pairs.to[position] as number) + 1);
  }
  return { fromCount, toCount };
}

/** Best pair of `component` first, each unit used once: the fallback for groups too large for Munkres. */
function assignGreedily(
  candidates: Candidates,
  component: readonly number[],
  fromCount: number,
  toCount: number,
): number[] {
  const { pairs } = candidates;
  const usedFrom = new Uint8Array(fromCount);
  const usedTo = new Uint8Array(toCount);
  const chosen: number[] = [];
  const scores = new Float64Array(component.length);
  for (let at = 0; at < component.length; at++)
    scores[at] = candidates.score[component[at] as number] as number;
  const order = scoresDescending(scores);
  for (let at = 0; at < order.length; at++) {
    const index = component[order[at] as number] as number;
    const position = candidates.at[index] as number;
    const from = pairs.from[position] as number;
    const to = pairs.to[position] as number;
    if (usedFrom[from] === 1 || usedTo[to] === 1) continue;
    usedFrom[from] = 1;
    usedTo[to] = 1;
    chosen.push(index);
  }
  return chosen;
}

/** Positions of `pairs`, highest score first; of equal scores, the pair scored first comes first. */
export function byScoreDescending(pairs: readonly PairScore[]): Int32Array {
  const scores = new Float64Array(pairs.length);
  for (let at = 0; at < pairs.length; at++) scores[at] = (pairs[at] as PairScore).score;
  return scoresDescending(scores);
}

/**
 * Positions of `scores`, highest first; of equal scores, the earlier first (a stable sort). Without
 * a JavaScript comparator, which a cold request runs unoptimized a hundred thousand times: the
 * scores are sorted as numbers by the engine, each finds its rank among the distinct ones by binary
 * search, and a counting sort over the ranks keeps ties in order.
 */
function scoresDescending(scores: Float64Array): Int32Array {
  const sorted = scores.slice().sort();
  let distinct = 0;
  for (let at = 0; at < sorted.length; at++)
    if (at === 0 || sorted[at] !== sorted[distinct - 1]) sorted[distinct++] = sorted[at] as number;
  // Rank 0 is the highest score.
  const ranks = new Int32Array(scores.length);
  const starts = new Int32Array(distinct + 1);
  for (let at = 0; at < scores.length; at++) {
    const rank = distinct - 1 - rankOf(sorted, distinct, scores[at] as number);
    ranks[at] = rank;
    starts[rank + 1] = (starts[rank + 1] as number) + 1;
  }
  for (let rank = 1; rank <= distinct; rank++)
    starts[rank] = (starts[rank] as number) + (starts[rank - 1] as number);
  const order = new Int32Array(scores.length);
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

/** Candidates (their indexes) grouped by the units they share (union-find over from and to units). */
function connectedGroups(candidates: Candidates): number[][] {
  const { pairs, at } = candidates;
  // Union-find over units: from unit i is node i, to unit j is node fromCount + j.
  const { fromCount, toCount } = unitCounts(candidates);
  const parent = new Int32Array(fromCount + toCount);
  for (let node = 0; node < parent.length; node++) parent[node] = node;
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root] as number;
    for (let step = node; parent[step] !== root; ) {
      const next = parent[step] as number;
      parent[step] = root;
      step = next;
    }
    return root;
  };
  for (let index = 0; index < at.length; index++) {
    const position = at[index] as number;
    const a = find(pairs.from[position] as number);
    const b = find(fromCount + (pairs.to[position] as number));
    if (a !== b) parent[a] = b;
  }
  const groups = new Map<number, number[]>();
  for (let index = 0; index < at.length; index++) {
    const root = find(pairs.from[at[index] as number] as number);
    const group = groups.get(root);
    if (group) group.push(index);
    else groups.set(root, [index]);
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
  pairs: PairScores,
  thresholds: AlignThresholds,
  fromGroup: Map<number, Group>,
  toGroup: Map<number, Group>,
): void {
  // Positions of the best pair per leftover unit.
  const mergeInto = new Map<number, number>();
  const splitInto = new Map<number, number>();
  const { fromInTo, toInFrom } = pairs;
  for (let at = 0; at < pairs.length; at++) {
    if ((pairs.cosine[at] as number) < thresholds.containedCosine) continue;
    const from = pairs.from[at] as number;
    const to = pairs.to[at] as number;
    if (!fromGroup.has(from) && toGroup.has(to) && (fromInTo[at] as number) >= thresholds.contained) {
      const best = mergeInto.get(from);
      if (best === undefined || (fromInTo[at] as number) > (fromInTo[best] as number))
        mergeInto.set(from, at);
    }
    if (!toGroup.has(to) && fromGroup.has(from) && (toInFrom[at] as number) >= thresholds.contained) {
      const best = splitInto.get(to);
      if (best === undefined || (toInFrom[at] as number) > (toInFrom[best] as number)) splitInto.set(to, at);
    }
  }
  for (const [fromAt, at] of mergeInto) {
    const group = toGroup.get(pairs.to[at] as number) as Group;
    group.from.push(fromAt);
    group.pairs.push(pairs.at(at));
    fromGroup.set(fromAt, group);
  }
  for (const [toAt, at] of splitInto) {
    const group = fromGroup.get(pairs.from[at] as number) as Group;
    if (group.to.includes(toAt)) continue;
    group.to.push(toAt);
    group.pairs.push(pairs.at(at));
    toGroup.set(toAt, group);
  }
}
