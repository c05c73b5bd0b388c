import type { SearchFilters } from '../types.ts';
import type { CorpusView } from './corpus-view.ts';

/** Whether a filter set narrows anything at all. */
export function hasFilters(filters: SearchFilters): boolean {
  return Boolean(filters.years?.length || filters.docIds?.length || filters.agencies?.length);
}

/**
 * The one predicate over paragraph seqs for `filters` (OR within a list, AND across lists), used by
 * keyword search and inside the vector search; undefined when nothing is filtered, so searches can
 * skip the check.
 */
export function paragraphFilter(
  view: CorpusView,
  filters: SearchFilters,
): ((seq: number) => boolean) | undefined {
  if (!hasFilters(filters)) return undefined;
  const years = filters.years?.length ? new Set(filters.years) : null;
  const docIds = filters.docIds?.length ? new Set(filters.docIds) : null;
  const agencies = filters.agencies?.length ? new Set(filters.agencies) : null;
  const { documentPosition } = view;
  const { documents } = view.corpus;
  return (seq) => {
    const document = documents[documentPosition[seq] ?? -1];
    if (!document) return false;
    if (docIds && !docIds.has(document.id)) return false;
    if (years && (document.year === null || !years.has(document.year))) return false;
    if (agencies && !view.agenciesAt(seq).some((agency) => agencies.has(agency))) return false;
    return true;
  };
}
