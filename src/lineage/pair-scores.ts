/**
 * Scores of every pair of units (one from each document) that share a bigram: weighted overlap in
 * both directions, their cosine, shared 《…》 titles and agencies, and — when the index has
 * embeddings — the similarity of the two units' paragraphs. Pairs that share nothing are never scored.
 */
import type { UnitProfile } from './unit-profile.ts';

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
  from: readonly UnitProfile[],
  to: readonly UnitProfile[],
  frequencies: Int32Array,
  options: ScoreOptions & { limits: CandidateLimits },
): PairScore[] {
  const { limits } = options;
  const maxFrequency = Math.max(
    limits.minDocumentFrequency,
    Math.floor(limits.maxShare * (from.length + to.length)),
  );
  const postings: number[][] = [];
  to.forEach((profile, at) => {
    for (const id of profile.ids) {
      if ((frequencies[id] ?? 0) > maxFrequency) continue;
      const list = postings[id];
      if (list) list.push(at);
      else postings[id] = [at];
    }
  });
  const pairs: PairScore[] = [];
  const partial = new Float64Array(to.length);
  for (let fromAt = 0; fromAt < from.length; fromAt++) {
    const profile = from[fromAt];
    if (!profile) continue;
    const touched: number[] = [];
    profile.ids.forEach((id, at) => {
      const list = postings[id];
      if (!list) return;
      const w = profile.idWeights[at] ?? 0;
      for (const toAt of list) {
        if (partial[toAt] === 0) touched.push(toAt);
        partial[toAt] = (partial[toAt] ?? 0) + w * w;
      }
    });
    const sameKind = touched.filter((toAt) => to[toAt]?.unit.kind === profile.unit.kind);
    const best =
      sameKind.length <= limits.perUnit
        ? sameKind
        : sameKind.sort((a, b) => (partial[b] ?? 0) - (partial[a] ?? 0)).slice(0, limits.perUnit);
    for (const toAt of touched) partial[toAt] = 0;
    for (const toAt of best) {
      const other = to[toAt] as UnitProfile;
      const { overlap, squares } = sharedWeight(profile, other);
      const cosine = squares / (profile.norm * other.norm || 1);
      pairs.push({
        from: fromAt,
        to: toAt,
        cosine,
        fromInTo: overlap / (profile.weight || 1),
        toInFrom: overlap / (other.weight || 1),
        score: combined(profile, other, cosine, options),
      });
    }
  }
  return pairs;
}

/** The summed weight (and squared weight) of the bigrams two profiles share: a merge of two sorted id lists. */
function sharedWeight(a: UnitProfile, b: UnitProfile): { overlap: number; squares: number } {
  let overlap = 0;
  let squares = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const w = a.idWeights[i] ?? 0;
      overlap += w;
      squares += w * w;
      i++;
      j++;
    }
  }
  return { overlap, squares };
}

function combined(from: UnitProfile, to: UnitProfile, cosine: number, options: ScoreOptions): number {
  const { weights } = options;
  let score = cosine;
  if (from.anchors.some((anchor) => to.anchors.includes(anchor))) score += weights.anchor;
  const fromAgencies = from.unit.agencies;
  const toAgencies = to.unit.agencies;
  if (fromAgencies.length > 0 && toAgencies.length > 0) {
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
