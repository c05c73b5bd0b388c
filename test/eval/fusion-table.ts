/**
 * The side-by-side table of the paraphrase candidate scripts (`paraphrase-candidates.ts`,
 * `word2vec-candidates.ts`): each query's named ranked lists, fused by weighted reciprocal rank
 * fusion per row, scored Success@10 and MRR@10 over the set.
 */
import { SEARCH } from '../../src/config.ts';
import { queryFigures, setFigures } from './ranking-metrics.ts';

const K = 10;

/** Ranked seqs by list name, best first. */
export type Lists = Record<string, number[]>;

/** One query's lists and its relevant seqs. */
export interface QueryLists {
  query: string;
  relevant: Set<number>;
  lists: Lists;
}

/** One row of the table: its name and the weight of each list (0 or absent leaves a list out). */
export interface FusionRow {
  name: string;
  weights: Record<string, number>;
}

/** Weighted RRF of the named lists (k = `SEARCH.rrfK`). */
export function fuseWeighted(lists: Lists, weights: Record<string, number>): number[] {
  const scores = new Map<number, number>();
  for (const [name, weight] of Object.entries(weights)) {
    if (weight === 0) continue;
    (lists[name] ?? []).forEach((seq, rank) => {
      scores.set(seq, (scores.get(seq) ?? 0) + weight / (SEARCH.rrfK + rank + 1));
    });
  }
  return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([seq]) => seq);
}

/** Prints the table's lines; with `perQuery`, each row's first relevant rank per query too. */
export function printFusionTable(
  queries: QueryLists[],
  rows: FusionRow[],
  perQuery?: (line: string) => void,
): void {
  console.log('| fusion | Success@10 | MRR@10 |');
  console.log('|---|---:|---:|');
  for (const { name, weights } of rows) {
    const ranked = queries.map(({ lists, relevant }) =>
      queryFigures(fuseWeighted(lists, weights).slice(0, K), relevant, K),
    );
    const figures = setFigures(ranked);
    console.log(`| ${name} | ${figures.successAtK.toFixed(2)} | ${figures.mrrAtK.toFixed(2)} |`);
    perQuery?.(
      `${name}: ${queries.map(({ query }, i) => `${query} ${ranked[i]?.firstRelevantRank ?? '✗'}`).join(' · ')}`,
    );
  }
}
