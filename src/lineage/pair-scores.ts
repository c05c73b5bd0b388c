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

/** Every pair sharing at least one bigram, scored. */
export function scorePairs(
  from: readonly UnitProfile[],
  to: readonly UnitProfile[],
  weights: ReadonlyMap<string, number>,
  options: ScoreOptions,
): PairScore[] {
  const postings = new Map<string, number[]>();
  to.forEach((profile, at) => {
    for (const gram of profile.grams) {
      const list = postings.get(gram);
      if (list) list.push(at);
      else postings.set(gram, [at]);
    }
  });
  const pairs: PairScore[] = [];
  const shared = new Float64Array(to.length);
  const sharedSquares = new Float64Array(to.length);
  for (let fromAt = 0; fromAt < from.length; fromAt++) {
    const profile = from[fromAt];
    if (!profile) continue;
    const touched: number[] = [];
    for (const gram of profile.grams) {
      const w = weights.get(gram) ?? 0;
      if (w <= 0) continue;
      for (const toAt of postings.get(gram) ?? []) {
        if (shared[toAt] === 0) touched.push(toAt);
        shared[toAt] = (shared[toAt] ?? 0) + w;
        sharedSquares[toAt] = (sharedSquares[toAt] ?? 0) + w * w;
      }
    }
    for (const toAt of touched) {
      const other = to[toAt];
      // An item's title continues as a title, a measure as a measure.
      if (!other || other.unit.kind !== profile.unit.kind) {
        shared[toAt] = 0;
        sharedSquares[toAt] = 0;
        continue;
      }
      const overlap = shared[toAt] ?? 0;
      const cosine = (sharedSquares[toAt] ?? 0) / (profile.norm * other.norm || 1);
      pairs.push({
        from: fromAt,
        to: toAt,
        cosine,
        fromInTo: overlap / (profile.weight || 1),
        toInFrom: overlap / (other.weight || 1),
        score: combined(profile, other, cosine, options),
      });
      shared[toAt] = 0;
      sharedSquares[toAt] = 0;
    }
  }
  return pairs;
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
