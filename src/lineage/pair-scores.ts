/**
 * Scores of every pair of units (one from each document) that share a bigram: weighted overlap in
 * both directions, their cosine, shared 《…》 titles and agencies, and — when the index has
 * embeddings — the similarity of the two units' paragraphs. Pairs that share nothing are never scored.
 */
import { clauseNormsOf, type PairProfiles, type UnitProfile } from './unit-profile.ts';

/** The weights that combine a pair's signals into one score (`LINEAGE.score` in config). */
export interface ScoreWeights {
  /** Added when the two units name the same 《…》 title. */
  anchor: number;
  /** Times the Jaccard overlap of the two units' agencies (when both name some). */
  agency: number;
  /** Times the paragraphs' embedding similarity above `semanticBase` (when the index has embeddings). */
  semantic: number;
  semanticBase: number;
  /** Times the lexical cosine of the two units' paragraphs: measures under one item move together. */
  context: number;
  /**
   * A pair scores at least this times the best cosine of one clause of each unit (0: whole units
   * only): one clause of a long sentence that states several measures is the counterpart.
   */
  clause: number;
}

/** One scored pair. Indexes are positions in the two documents' unit lists. */
export interface PairScore {
  from: number;
  to: number;
  /** IDF-weighted cosine of the two bigram sets, 0…1. */
  cosine: number;
  /** Share of the from unit's weight found in the to unit (1: all of it), and the reverse. */
  fromInTo: number;
  toInFrom: number;
  /** The combined score the matcher maximizes. */
  score: number;
}

/**
 * The scored pairs of one comparison, column by column: a cold request that made an object per pair
 * (twenty thousand for two long laws) paid for them in boxed floats and scavenges. Pair `at` is
 * `from[at]` → `to[at]`, with the fields of {@link PairScore} at the same position.
 */
export class PairScores {
  length = 0;
  from: Int32Array;
  to: Int32Array;
  cosine: Float64Array;
  fromInTo: Float64Array;
  toInFrom: Float64Array;
  score: Float64Array;

  constructor(capacity: number) {
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.cosine = new Float64Array(capacity);
    this.fromInTo = new Float64Array(capacity);
    this.toInFrom = new Float64Array(capacity);
    this.score = new Float64Array(capacity);
  }

  /** The pairs of a list of objects (tests and tools). */
  static of(pairs: readonly PairScore[]): PairScores {
    const table = new PairScores(pairs.length);
    for (const pair of pairs)
      table.push(pair.from, pair.to, pair.cosine, pair.fromInTo, pair.toInFrom, pair.score);
    return table;
  }

  /** Appends one pair (the capacity must suffice: the scorer knows its bound). */
  push(from: number, to: number, cosine: number, fromInTo: number, toInFrom: number, score: number): void {
    const at = this.length++;
    this.from[at] = from;
    this.to[at] = to;
    this.cosine[at] = cosine;
    this.fromInTo[at] = fromInTo;
    this.toInFrom[at] = toInFrom;
    this.score[at] = score;
  }

  /** Pair `at` as an object, with `score` in place of its own when given. */
  at(at: number, score = this.score[at] as number): PairScore {
    return {
      from: this.from[at] as number,
      to: this.to[at] as number,
      cosine: this.cosine[at] as number,
      fromInTo: this.fromInTo[at] as number,
      toInFrom: this.toInFrom[at] as number,
      score,
    };
  }

  /** Every pair as an object, in the order scored (tests and tools). */
  list(): PairScore[] {
    return Array.from({ length: this.length }, (_, at) => this.at(at));
  }
}

/** Similarity of the paragraphs of two units, or null when the index has no embeddings. */
export type ParagraphSimilarity = (fromParagraphId: string, toParagraphId: string) => number | null;

/** Options of {@link scorePairs}. */
export interface ScoreOptions {
  weights: ScoreWeights;
  /** Embedding similarity of two paragraphs (absent for an index without embeddings). */
  paragraphSimilarity?: ParagraphSimilarity;
  /** Lexical similarity of two paragraphs, 0…1. */
  paragraphContext?: (fromParagraphId: string, toParagraphId: string) => number;
}

/** How many candidates each unit keeps, and which bigrams may propose them (`LINEAGE.candidates`). */
export interface CandidateLimits {
  /** Candidates kept per from unit (best partial overlap first); the exact score is computed for these only. */
  perUnit: number;
  /** A bigram proposes pairs only when at most this share of all units hold it (or `minDocumentFrequency`). */
  maxShare: number;
  minDocumentFrequency: number;
}

/**
 * The scored candidate pairs: each from unit's best `perUnit` counterparts by their overlap on
 * rarer bigrams, then scored exactly on all of them. Common bigrams (知识, 产权 …) propose nothing:
 * at laws scale they would join every unit to every other.
 */
export function scorePairs(
  profiles: PairProfiles,
  options: ScoreOptions & { limits: CandidateLimits },
): PairScores {
  const { from, to, frequencies, weights } = profiles;
  const { limits } = options;
  const maxFrequency = Math.max(
    limits.minDocumentFrequency,
    Math.floor(limits.maxShare * (from.length + to.length)),
  );
  // A unit whose text the other document holds once, word for word (most articles of a revised
  // law), is paired with it and takes part in no other pair: no other pair could outscore it.
  const verbatim = verbatimPairs(from, to);
  const verbatimTo = new Set(verbatim.values());
  // Postings of the rarer bigrams over the other to units, as one linked list per bigram in flat
  // arrays. Indexed loops throughout: this runs once per comparison, mostly before the optimizing
  // compiler has seen it, where every for…of step allocates an iterator result.
  const heads = new Int32Array(frequencies.length).fill(-1);
  let entries = 0;
  for (let at = 0; at < to.length; at++) entries += (to[at] as UnitProfile).ids.length;
  const entryUnit = new Int32Array(entries);
  const entryNext = new Int32Array(entries);
  entries = 0;
  const postings: Postings = { heads, entryUnit, entryNext, weights };
  const rare = { frequencies, maxFrequency };
  for (let at = 0; at < to.length; at++) {
    if (verbatimTo.has(at)) continue;
    entries = addPostings(postings, entries, at, (to[at] as UnitProfile).ids, rare);
  }
  // At most one verbatim pair or `perUnit` candidates per from unit.
  const pairs = new PairScores(from.length * Math.max(1, limits.perUnit));
  const scorePair = (fromAt: number, toAt: number) => {
    const profile = from[fromAt] as UnitProfile;
    const other = to[toAt] as UnitProfile;
    mergeShared(profile.ids, other.ids, weights);
    const { overlap, squares } = shared;
    const cosine = squares / (profile.norm * other.norm || 1);
    pairs.push(
      fromAt,
      toAt,
      cosine,
      overlap / (profile.weight || 1),
      overlap / (other.weight || 1),
      combined(profile, other, cosine, weights, options),
    );
  };
  const partial = new Float64Array(to.length);
  const touched: number[] = [];
  for (let fromAt = 0; fromAt < from.length; fromAt++) {
    const profile = from[fromAt] as UnitProfile;
    const same = verbatim.get(fromAt);
    if (same !== undefined) {
      scorePair(fromAt, same);
      continue;
    }
    touched.length = 0;
    walkPostings(profile.ids, postings, partial, touched);
    const best = bestCandidates(touched, partial, to, profile.unit.kind, limits.perUnit);
    for (let index = 0; index < touched.length; index++) partial[touched[index] as number] = 0;
    for (let index = 0; index < best.length; index++) scorePair(fromAt, best[index] as number);
  }
  return pairs;
}

/** The rarer bigrams' postings over the to units: per id the first entry, per entry its unit and the next entry (-1: none). */
interface Postings {
  heads: Int32Array;
  entryUnit: Int32Array;
  entryNext: Int32Array;
  weights: Float64Array;
}

/**
 * Puts to unit `at`'s rarer bigrams (held by at most `maxFrequency` units) on their postings from
 * entry `entries` on; returns the next free entry. Called per unit, like {@link walkPostings}.
 */
function addPostings(
  postings: Postings,
  entries: number,
  at: number,
  ids: Int32Array,
  rare: { frequencies: Int32Array; maxFrequency: number },
): number {
  const { heads, entryUnit, entryNext } = postings;
  const { frequencies, maxFrequency } = rare;
  let entry = entries;
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index] as number;
    if ((frequencies[id] as number) > maxFrequency) continue;
    entryUnit[entry] = at;
    entryNext[entry] = heads[id] as number;
    heads[id] = entry;
    entry++;
  }
  return entry;
}

/**
 * Adds, for every to unit sharing one of `ids`' rarer bigrams, the squared weights they share to
 * `partial`, and lists each such unit once in `touched` in the order first reached. Its own small
 * function: the hottest loop of a comparison gets optimized after a few calls, where a loop inside
 * the large `scorePairs` waited for on-stack replacement.
 */
function walkPostings(ids: Int32Array, postings: Postings, partial: Float64Array, touched: number[]): void {
  const { heads, entryUnit, entryNext, weights } = postings;
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index] as number;
    let entry = heads[id] as number;
    if (entry === -1) continue;
    const w = weights[id] as number;
    const square = w * w;
    for (; entry !== -1; entry = entryNext[entry] as number) {
      const toAt = entryUnit[entry] as number;
      if (partial[toAt] === 0) touched.push(toAt);
      partial[toAt] = (partial[toAt] as number) + square;
    }
  }
}

/** From unit → to unit for texts each document holds exactly once (same kind of unit). */
function verbatimPairs(from: readonly UnitProfile[], to: readonly UnitProfile[]): Map<number, number> {
  // One map per kind, keyed by the unit's own text: a string's hash is kept with it, so a text
  // looked up again is not hashed again (a key made by joining kind and text would be, every time).
  const once = (profiles: readonly UnitProfile[]) => {
    const at = { heading: new Map<string, number>(), measure: new Map<string, number>() };
    for (let index = 0; index < profiles.length; index++) {
      const { kind, text } = (profiles[index] as UnitProfile).unit;
      const map = at[kind];
      map.set(text, map.has(text) ? -1 : index);
    }
    return at;
  };
  const toAt = once(to);
  const fromAt = once(from);
  const pairs = new Map<number, number>();
  for (const kind of ['heading', 'measure'] as const) {
    const other = toAt[kind];
    for (const [text, index] of fromAt[kind]) {
      const match = other.get(text);
      if (index >= 0 && match !== undefined && match >= 0) pairs.set(index, match);
    }
  }
  return pairs;
}

/**
 * The to units of the same kind with the largest partial overlap, at most `limit` of them, best
 * first (ties in the order touched): a running top-k, since a unit may touch a thousand others.
 */
function bestCandidates(
  touched: readonly number[],
  partial: Float64Array,
  to: readonly UnitProfile[],
  kind: UnitProfile['unit']['kind'],
  limit: number,
): number[] {
  const best: number[] = [];
  for (let index = 0; index < touched.length; index++) {
    const toAt = touched[index] as number;
    if (to[toAt]?.unit.kind !== kind) continue;
    const value = partial[toAt] ?? 0;
    if (best.length === limit && value <= (partial[best[limit - 1] as number] ?? 0)) continue;
    let at = best.length;
    while (at > 0 && (partial[best[at - 1] as number] ?? 0) < value) at--;
    best.splice(at, 0, toAt);
    if (best.length > limit) best.pop();
  }
  return best;
}

/**
 * What two units share, from one merge of their sorted id lists: the summed weight and squared
 * weight of the common bigrams, and where each lies in the two lists (for the clause products).
 * Scratch reused by every pair, so scoring ten thousand pairs allocates nothing per pair.
 */
const shared = {
  overlap: 0,
  squares: 0,
  count: 0,
  fromAt: new Int32Array(256),
  toAt: new Int32Array(256),
};

/** Fills {@link shared} for two sorted id lists. */
function mergeShared(a: Int32Array, b: Int32Array, weights: Float64Array): void {
  let overlap = 0;
  let squares = 0;
  let count = 0;
  if (shared.fromAt.length < Math.min(a.length, b.length)) {
    const length = Math.min(a.length, b.length) * 2;
    shared.fromAt = new Int32Array(length);
    shared.toAt = new Int32Array(length);
  }
  const { fromAt, toAt } = shared;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const w = weights[x] ?? 0;
      overlap += w;
      squares += w * w;
      fromAt[count] = i;
      toAt[count] = j;
      count++;
      i++;
      j++;
    }
  }
  shared.overlap = overlap;
  shared.squares = squares;
  shared.count = count;
}

/** Clause-by-clause products of the pair in {@link shared}, row-major (from clause × to clause). */
let clauseDots = new Float64Array(64);

/**
 * The clause membership of a one-clause unit, spelled out: id position i lies in clause 0 only
 * (offsets 0, 1, 2 …; every member 0), so the clause products need no branch per id for such units.
 */
let oneClause = { offsets: Int32Array.from({ length: 257 }, (_, at) => at), members: new Int32Array(256) };

/** Offsets and members of a unit's clauses, with a one-clause unit's spelled out. */
function membershipOf(profile: UnitProfile): { offsets: Int32Array; members: Int32Array } {
  if (profile.clauses.count > 0) return profile.clauses;
  if (oneClause.members.length < profile.ids.length) {
    const length = profile.ids.length * 2;
    oneClause = {
      offsets: Int32Array.from({ length: length + 1 }, (_, at) => at),
      members: new Int32Array(length),
    };
  }
  return oneClause;
}

/**
 * The best cosine between a clause of one unit and a clause of the other (a one-clause unit is its
 * own clause), when it exceeds `floor`; else at most `floor`. Every product comes from the bigrams
 * the two units share (a clause's bigrams are its unit's), each added in ascending id order — the
 * same sum a merge of the two clauses' id lists gives. Two clauses' cosine is at most the ratio of
 * the smaller norm to the larger, so pairs of clauses that cannot beat the best so far are skipped.
 * Reads {@link shared}, which must hold this pair.
 */
function bestClauseCosine(from: UnitProfile, to: UnitProfile, weights: Float64Array, floor: number): number {
  const fromCount = Math.max(1, from.clauses.count);
  const toCount = Math.max(1, to.clauses.count);
  const fromNorms = clauseNormsOf(from, weights);
  const toNorms = clauseNormsOf(to, weights);
  if (clauseDots.length < fromCount * toCount) clauseDots = new Float64Array(fromCount * toCount * 2);
  const dots = clauseDots;
  dots.fill(0, 0, fromCount * toCount);
  const { offsets: fromOffsets, members: fromMembers } = membershipOf(from);
  const { offsets: toOffsets, members: toMembers } = membershipOf(to);
  addClauseProducts(from.ids, weights, fromOffsets, fromMembers, toOffsets, toMembers, toCount, dots);
  let best = floor;
  for (let a = 0; a < fromCount; a++) {
    const aNorm = fromNorms[a] as number;
    for (let b = 0; b < toCount; b++) {
      const bNorm = toNorms[b] as number;
      const bound = aNorm < bNorm ? aNorm / bNorm : bNorm / (aNorm || 1);
      if (bound <= best) continue;
      const cosine = (dots[a * toCount + b] as number) / (aNorm * bNorm || 1);
      if (cosine > best) best = cosine;
    }
  }
  return best;
}

/**
 * Adds each shared bigram's squared weight to the product of every from clause and to clause that
 * hold it (the pair in {@link shared}). Its own small function, optimized after a few pairs.
 */
function addClauseProducts(
  fromIds: Int32Array,
  weights: Float64Array,
  fromOffsets: Int32Array,
  fromMembers: Int32Array,
  toOffsets: Int32Array,
  toMembers: Int32Array,
  toCount: number,
  dots: Float64Array,
): void {
  const { count, fromAt, toAt } = shared;
  for (let at = 0; at < count; at++) {
    const i = fromAt[at] as number;
    const j = toAt[at] as number;
    const w = weights[fromIds[i] as number] ?? 0;
    const square = w * w;
    const fromEnd = fromOffsets[i + 1] as number;
    const toFirst = toOffsets[j] as number;
    const toEnd = toOffsets[j + 1] as number;
    for (let a = fromOffsets[i] as number; a < fromEnd; a++) {
      const row = (fromMembers[a] as number) * toCount;
      for (let b = toFirst; b < toEnd; b++) {
        const cell = row + (toMembers[b] as number);
        dots[cell] = (dots[cell] as number) + square;
      }
    }
  }
}

/** Whether two lists of 《…》 titles name one title both (a loop: no closure per pair). */
function sharesAnchor(a: readonly string[], b: readonly string[]): boolean {
  for (let at = 0; at < a.length; at++) if (b.includes(a[at] as string)) return true;
  return false;
}

function combined(
  from: UnitProfile,
  to: UnitProfile,
  cosine: number,
  gramWeights: Float64Array,
  options: ScoreOptions,
): number {
  const { weights } = options;
  let score = cosine;
  // A near-identical pair needs no clause search; otherwise its best clause match may speak louder.
  if (weights.clause > 0 && cosine < weights.clause && (from.clauses.count > 0 || to.clauses.count > 0))
    score = Math.max(
      cosine,
      weights.clause * bestClauseCosine(from, to, gramWeights, cosine / weights.clause),
    );
  if (from.anchors.length > 0 && to.anchors.length > 0 && sharesAnchor(from.anchors, to.anchors))
    score += weights.anchor;
  const fromAgencies = from.unit.agencies;
  const toAgencies = to.unit.agencies;
  if (weights.agency > 0 && fromAgencies.length > 0 && toAgencies.length > 0) {
    const common = fromAgencies.filter((name) => toAgencies.includes(name)).length;
    score += (weights.agency * common) / new Set([...fromAgencies, ...toAgencies]).size;
  }
  const similarity = options.paragraphSimilarity?.(from.unit.paragraphId, to.unit.paragraphId);
  if (similarity !== undefined && similarity !== null) {
    score += weights.semantic * Math.max(0, similarity - weights.semanticBase);
  }
  if (options.paragraphContext && weights.context > 0) {
    score += weights.context * options.paragraphContext(from.unit.paragraphId, to.unit.paragraphId);
  }
  return score;
}
