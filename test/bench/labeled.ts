/** The labeled seed queries (placeholder until the fixture lands). */
import type { Corpus } from '../../src/types.ts';

/** A labeled query with the seqs of the paragraphs that should come back. */
export interface LabeledQuery {
  query: string;
  relevant: number[];
}

/** Reads the labeled queries and maps their paragraph ids onto the bench corpus. */
export function labeledQueries(_corpus: Corpus): LabeledQuery[] {
  return [];
}

/** Success@10 and MRR@10 of each engine's top 10 per labeled query. */
export function scoreLabeled(
  labeled: LabeledQuery[],
  top10: number[][],
): { success10: number; mrr10: number; queries: number } {
  let success = 0;
  let rr = 0;
  labeled.forEach((q, i) => {
    const rank = (top10[i] ?? []).findIndex((seq) => q.relevant.includes(seq));
    if (rank >= 0) {
      success += 1;
      rr += 1 / (rank + 1);
    }
  });
  return { success10: success / labeled.length, mrr10: rr / labeled.length, queries: labeled.length };
}
