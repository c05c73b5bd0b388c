import { SEARCH } from '../../src/config.ts';
import type { KeywordIndex } from '../../src/keyword/keyword-index.ts';
import { type ConceptGroup, expandsAny } from '../../src/search/concept-groups.ts';
import { coverageRanking } from '../../src/search/coverage-ranking.ts';

/**
 * Hybrid's coverage list as the paraphrase candidate scripts fuse it: the best `levels` coverage
 * levels' seqs, best first — or none when no group is expanded, as hybrid ranking has it.
 */
export function coverageList(index: KeywordIndex, groups: ConceptGroup[], levels: number): number[] {
  if (!expandsAny(groups)) return [];
  return coverageRanking(index, groups, { limit: SEARCH.coverageResults, levels }).map(({ seq }) => seq);
}
