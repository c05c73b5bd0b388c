/**
 * Ranking quality of one query from its ranked seqs and its relevant set, and the mean over a
 * query set: Success@k, MRR@k and nDCG@k with binary relevance (a paragraph states the measure or
 * it does not; there are no grades to give).
 */

/** One query's figures at cut-off k. */
export interface QueryFigures {
  /** Rank (from 1) of the first relevant paragraph in the top k, or null. */
  firstRelevantRank: number | null;
  /** Normalized discounted cumulative gain: every relevant paragraph in the top k counts, discounted by log2(rank + 1). */
  ndcg: number;
}

/** Mean figures over a query set. */
export interface SetFigures {
  queries: number;
  successAtK: number;
  mrrAtK: number;
  ndcgAtK: number;
}

/** Success, reciprocal rank and nDCG of one ranking against its relevant set. */
export function queryFigures(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k = 10): QueryFigures {
  let firstRelevantRank: number | null = null;
  let gain = 0;
  const top = Math.min(k, ranked.length);
  for (let i = 0; i < top; i++) {
    if (!relevant.has(ranked[i] as number)) continue;
    firstRelevantRank ??= i + 1;
    gain += 1 / Math.log2(i + 2);
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return { firstRelevantRank, ndcg: ideal > 0 ? gain / ideal : 0 };
}

/** The means of per-query figures (zeros for an empty set). */
export function setFigures(perQuery: QueryFigures[]): SetFigures {
  const n = perQuery.length;
  if (n === 0) return { queries: 0, successAtK: 0, mrrAtK: 0, ndcgAtK: 0 };
  let success = 0;
  let reciprocal = 0;
  let ndcg = 0;
  for (const q of perQuery) {
    if (q.firstRelevantRank !== null) {
      success++;
      reciprocal += 1 / q.firstRelevantRank;
    }
    ndcg += q.ndcg;
  }
  return { queries: n, successAtK: success / n, mrrAtK: reciprocal / n, ndcgAtK: ndcg / n };
}
