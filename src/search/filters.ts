import type { SearchFilters } from '../types.ts';
import type { CorpusView } from './corpus-view.ts';

/** Whether a filter set narrows anything at all. */
export function hasFilters(filters: SearchFilters): boolean {
  return Boolean(filters.years?.length || filters.docIds?.length || filters.agencies?.length);
}

/**
 * A predicate over paragraph seqs for `filters` (OR within a list, AND across lists), or undefined
 * when nothing is filtered, so index searches can skip the check.
 */
export function paragraphFilter(
  view: CorpusView,
  filters: SearchFilters,
): ((seq: number) => boolean) | undefined {
  if (!hasFilters(filters)) return undefined;
  const years = filters.years?.length ? new Set(filters.years) : null;
  const docIds = filters.docIds?.length ? new Set(filters.docIds) : null;
  const agencies = filters.agencies?.length ? new Set(filters.agencies) : null;
  return (seq) => {
    const paragraph = view.paragraphAt(seq);
    if (docIds && !docIds.has(paragraph.docId)) return false;
    if (years) {
      const year = view.documentOf(seq).year;
      if (year === null || !years.has(year)) return false;
    }
    if (agencies && !paragraph.agencies.some((agency) => agencies.has(agency))) return false;
    return true;
  };
}
