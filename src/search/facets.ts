import type { Facets } from '../types.ts';
import type { CorpusView } from './corpus-view.ts';

/** Most agencies listed in a facet: the long tail of single mentions is noise on a page. */
const MAX_AGENCY_FACETS = 50;

/**
 * Counts over a whole result set: years ascending, documents and agencies by count (then name).
 * A paragraph counts once per agency it names.
 */
export function computeFacets(view: CorpusView, seqs: Iterable<number>): Facets {
  const years = new Map<number, number>();
  const documents = new Map<string, number>();
  const agencies = new Map<string, number>();
  for (const seq of seqs) {
    const paragraph = view.paragraphAt(seq);
    const doc = view.documentOf(seq);
    if (doc.year !== null) years.set(doc.year, (years.get(doc.year) ?? 0) + 1);
    documents.set(doc.id, (documents.get(doc.id) ?? 0) + 1);
    for (const agency of new Set(paragraph.agencies)) agencies.set(agency, (agencies.get(agency) ?? 0) + 1);
  }
  return {
    years: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count })),
    documents: [...documents]
      .map(([id, count]) => ({ id, title: view.documentById.get(id)?.title ?? id, count }))
      .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title, 'zh')),
    agencies: [...agencies]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh'))
      .slice(0, MAX_AGENCY_FACETS),
  };
}
