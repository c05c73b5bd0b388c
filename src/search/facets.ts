import type { DocumentMeta, Facets } from '../types.ts';
import type { CorpusView } from './corpus-view.ts';

/** Most agencies listed in a facet: the long tail of single mentions is noise on a page. */
const MAX_AGENCY_FACETS = 50;

/** One collator for every sort: `localeCompare(…, 'zh')` builds a new one per call, which dominated profiles. */
const collator = new Intl.Collator('zh');

/**
 * Position of each paragraph's document in `corpus.documents`, built once per view: facets count a
 * whole result set (100k+ paragraphs for a common word), so the per-paragraph step must be an array read.
 */
const documentIndexes = new WeakMap<CorpusView, Int32Array>();

function documentIndexOf(view: CorpusView): Int32Array {
  let indexes = documentIndexes.get(view);
  if (!indexes) {
    const position = new Map(view.corpus.documents.map((doc, i) => [doc.id, i]));
    indexes = Int32Array.from(view.corpus.paragraphs, (paragraph) => position.get(paragraph.docId) ?? -1);
    documentIndexes.set(view, indexes);
  }
  return indexes;
}

/**
 * Counts over a whole result set: years ascending, documents and agencies by count (then name).
 * A paragraph counts once per agency it names.
 */
export function computeFacets(view: CorpusView, seqs: Iterable<number>): Facets {
  const documentIndex = documentIndexOf(view);
  const perDocument = new Uint32Array(view.corpus.documents.length);
  const agencies = new Map<string, number>();
  for (const seq of seqs) {
    const position = documentIndex[seq] ?? -1;
    if (position < 0) throw new RangeError(`paragraph ${seq} belongs to no document`);
    perDocument[position] = (perDocument[position] ?? 0) + 1;
    const named = view.paragraphAt(seq).agencies;
    if (named.length === 0) continue;
    for (const agency of named.length === 1 ? named : new Set(named)) {
      agencies.set(agency, (agencies.get(agency) ?? 0) + 1);
    }
  }
  const years = new Map<number, number>();
  const documents: { id: string; title: string; count: number }[] = [];
  perDocument.forEach((count, position) => {
    if (count === 0) return;
    const doc = view.corpus.documents[position] as DocumentMeta;
    if (doc.year !== null) years.set(doc.year, (years.get(doc.year) ?? 0) + count);
    documents.push({ id: doc.id, title: doc.title, count });
  });
  return {
    years: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count })),
    documents: documents.sort((a, b) => b.count - a.count || collator.compare(a.title, b.title)),
    agencies: [...agencies]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || collator.compare(a.name, b.name))
      .slice(0, MAX_AGENCY_FACETS),
  };
}
