import type { DocumentMeta, Facets } from '../types.ts';
import type { CorpusView } from './corpus-view.ts';

/** Most agencies listed in a facet: the long tail of single mentions is noise on a page. */
const MAX_AGENCY_FACETS = 50;

/** One collator for every sort: `localeCompare(…, 'zh')` builds a new one per call, which dominated profiles. */
const collator = new Intl.Collator('zh');

/** Per-view lookups, built once: facets count a whole result set (100k+ paragraphs for a common word). */
interface FacetLookups {
  /** Position of each paragraph's document in `corpus.documents`, by seq. */
  documentIndex: Int32Array;
  /** Each document's rank in title order, by position: ties in count sort by an integer, not a collation. */
  titleRank: Int32Array;
}

const lookups = new WeakMap<CorpusView, FacetLookups>();

function lookupsOf(view: CorpusView): FacetLookups {
  let found = lookups.get(view);
  if (!found) {
    const { documents, paragraphs } = view.corpus;
    const position = new Map(documents.map((doc, i) => [doc.id, i]));
    const titleRank = new Int32Array(documents.length);
    documents
      .map((doc, i) => ({ title: doc.title, i }))
      .sort((a, b) => collator.compare(a.title, b.title) || a.i - b.i)
      .forEach(({ i }, rank) => {
        titleRank[i] = rank;
      });
    found = {
      documentIndex: Int32Array.from(paragraphs, (paragraph) => position.get(paragraph.docId) ?? -1),
      titleRank,
    };
    lookups.set(view, found);
  }
  return found;
}

/**
 * Counts over a whole result set: years ascending, documents and agencies by count (then name).
 * A paragraph counts once per agency it names.
 */
export function computeFacets(view: CorpusView, seqs: Iterable<number>): Facets {
  const { documentIndex, titleRank } = lookupsOf(view);
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
  const counted: number[] = [];
  for (let position = 0; position < perDocument.length; position++) {
    const count = perDocument[position] ?? 0;
    if (count === 0) continue;
    counted.push(position);
    const year = (view.corpus.documents[position] as DocumentMeta).year;
    if (year !== null) years.set(year, (years.get(year) ?? 0) + count);
  }
  counted.sort(
    (a, b) => (perDocument[b] ?? 0) - (perDocument[a] ?? 0) || (titleRank[a] ?? 0) - (titleRank[b] ?? 0),
  );
  return {
    years: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count })),
    documents: counted.map((position) => {
      const doc = view.corpus.documents[position] as DocumentMeta;
      return { id: doc.id, title: doc.title, count: perDocument[position] ?? 0 };
    }),
    agencies: [...agencies]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || collator.compare(a.name, b.name))
      .slice(0, MAX_AGENCY_FACETS),
  };
}
