import type { CorpusView } from '../corpus/corpus-view.ts';
import type { DocumentMeta, Facets } from '../types.ts';

/** Most agencies listed in a facet: the long tail of single mentions is noise on a page. */
const MAX_AGENCY_FACETS = 50;
/** Most documents listed in a facet: a common word matches thousands of laws, and listing them all made 98 % of a 200 kB response. */
export const MAX_DOCUMENT_FACETS = 100;

/** One collator for every sort: `localeCompare(…, 'zh')` builds a new one per call, which dominated profiles. */
const collator = new Intl.Collator('zh');

/**
 * Per-view lookups, built once, all typed arrays: facets count a whole result set (100k+ paragraphs
 * for a common word), so the counting loop reads integers only — no paragraph objects, strings or Maps.
 */
interface FacetLookups {
  /** Documents in title order: ties in count sort by an integer rank, not a collation. */
  titleOrder: CollationOrder;
  /** Distinct agency names; an agency's id is its position here. */
  agencyNames: string[];
  /** Agencies in name order. */
  agencyOrder: CollationOrder;
  /**
   * The agency list of paragraph seq, as an id: paragraphs naming the same agencies share one (97
   * lists at laws scale), so the counting loop adds one per paragraph to its list and each list's
   * count goes to its agencies once per search, not once per paragraph.
   */
  listOf: Uint32Array;
  /** The distinct agencies of list l are `listAgencyIds[listStarts[l] .. listStarts[l + 1])`. */
  listStarts: Uint32Array;
  listAgencyIds: Uint32Array;
  /**
   * Counting space reused by every search over this view (zero between searches; `computeFacets`
   * is synchronous, so no two searches share it at once): no arrays of the corpus's size allocated
   * per search for the GC to collect.
   */
  scratch: {
    perDocument: Uint32Array;
    /** The document positions counted so far, in the order first met. */
    touchedDocuments: Uint32Array;
    perList: Uint32Array;
    touchedLists: Uint32Array;
    perAgency: Uint32Array;
  };
}

const lookups = new WeakMap<CorpusView, FacetLookups>();

/** Items sorted by name: each one's rank, and the item at each rank. */
interface CollationOrder {
  rank: Int32Array;
  atRank: Int32Array;
}

/** The collation order of names (equal names keep position order). */
function collationOrder(names: string[]): CollationOrder {
  const rank = new Int32Array(names.length);
  const atRank = new Int32Array(names.length);
  names
    .map((name, i) => ({ name, i }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.i - b.i)
    .forEach(({ i }, at) => {
      rank[i] = at;
      atRank[at] = i;
    });
  return { rank, atRank };
}

function buildLookups(view: CorpusView): FacetLookups {
  const { documents } = view.corpus;
  const agencyId = new Map<string, number>();
  const listOf = new Uint32Array(view.paragraphCount);
  const listStarts: number[] = [0];
  const listAgencyIds: number[] = [];
  // An opened build's paragraphs share one array per distinct agency list: each array is looked up
  // by identity first (53 → 3 ms of the first search); arrays of their own with the same agencies
  // (an index built in memory) still share one list id, by their distinct names.
  const listOfArray = new Map<readonly string[], number>();
  const listOfNames = new Map<string, number>();
  for (let seq = 0; seq < view.paragraphCount; seq++) {
    const list = view.agenciesAt(seq);
    let id = listOfArray.get(list);
    if (id === undefined) {
      // A paragraph counts once per agency it names, however often it names it.
      const distinct = [...new Set(list)];
      const key = distinct.join('\u0000');
      id = listOfNames.get(key);
      if (id === undefined) {
        id = listStarts.length - 1;
        for (const agency of distinct) {
          let agencyAt = agencyId.get(agency);
          if (agencyAt === undefined) {
            agencyAt = agencyId.size;
            agencyId.set(agency, agencyAt);
          }
          listAgencyIds.push(agencyAt);
        }
        listStarts.push(listAgencyIds.length);
        listOfNames.set(key, id);
      }
      listOfArray.set(list, id);
    }
    listOf[seq] = id;
  }
  const agencyNames = [...agencyId.keys()];
  const lists = listStarts.length - 1;
  return {
    titleOrder: collationOrder(documents.map((doc) => doc.title)),
    agencyNames,
    agencyOrder: collationOrder(agencyNames),
    listOf,
    listStarts: Uint32Array.from(listStarts),
    listAgencyIds: Uint32Array.from(listAgencyIds),
    scratch: {
      perDocument: new Uint32Array(documents.length),
      touchedDocuments: new Uint32Array(documents.length),
      perList: new Uint32Array(lists),
      touchedLists: new Uint32Array(lists),
      perAgency: new Uint32Array(agencyNames.length),
    },
  };
}

function lookupsOf(view: CorpusView): FacetLookups {
  let found = lookups.get(view);
  if (!found) {
    found = buildLookups(view);
    lookups.set(view, found);
  }
  return found;
}

/**
 * The `limit` positions among `candidates` (those with a non-zero count, each once) with the
 * highest counts, most counted first, ties in name order. Sorted as packed numbers (count inverted
 * above the rank) by the engine's native numeric sort, not a comparator.
 */
function byCountThenName(
  counts: Uint32Array,
  candidates: ArrayLike<number>,
  size: number,
  { rank, atRank }: CollationOrder,
  limit: number,
): number[] {
  const scale = counts.length;
  let maxCount = 0;
  for (let i = 0; i < size; i++) maxCount = Math.max(maxCount, counts[candidates[i] as number] as number);
  const keys = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const at = candidates[i] as number;
    keys[i] = (maxCount - (counts[at] as number)) * scale + (rank[at] as number);
  }
  keys.sort();
  const kept = new Array<number>(Math.min(limit, size));
  for (let i = 0; i < kept.length; i++) kept[i] = atRank[(keys[i] as number) % scale] as number;
  return kept;
}

/**
 * Counts over a whole result set: years ascending, documents and agencies by count (then name),
 * the largest {@link MAX_DOCUMENT_FACETS} documents and 50 agencies. A paragraph counts once per agency it names.
 */
export function computeFacets(view: CorpusView, seqs: ArrayLike<number>): Facets {
  const lookups = lookupsOf(view);
  const { titleOrder, agencyNames, agencyOrder, listOf, listStarts, listAgencyIds, scratch } = lookups;
  const { perDocument, touchedDocuments, perList, touchedLists, perAgency } = scratch;
  const { documentPosition } = view;
  const documents = view.corpus.documents;
  let documentsTouched = 0;
  let listsTouched = 0;
  try {
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as number;
      const position = documentPosition[seq] ?? -1;
      if (position < 0) throw new RangeError(`paragraph ${seq} belongs to no document`);
      const inDocument = perDocument[position] as number;
      if (inDocument === 0) touchedDocuments[documentsTouched++] = position;
      perDocument[position] = inDocument + 1;
      const list = listOf[seq] as number;
      const inList = perList[list] as number;
      if (inList === 0) touchedLists[listsTouched++] = list;
      perList[list] = inList + 1;
    }
    // Each list's count to its agencies; the agencies met, each once, in the order first met.
    const agencies: number[] = [];
    for (let t = 0; t < listsTouched; t++) {
      const list = touchedLists[t] as number;
      const count = perList[list] as number;
      const end = listStarts[list + 1] as number;
      for (let at = listStarts[list] as number; at < end; at++) {
        const agency = listAgencyIds[at] as number;
        if (perAgency[agency] === 0) agencies.push(agency);
        perAgency[agency] = (perAgency[agency] as number) + count;
      }
    }
    const years = new Map<number, number>();
    for (let t = 0; t < documentsTouched; t++) {
      const position = touchedDocuments[t] as number;
      const year = (documents[position] as DocumentMeta).year;
      if (year !== null) years.set(year, (years.get(year) ?? 0) + (perDocument[position] as number));
    }
    return {
      years: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count })),
      documents: byCountThenName(
        perDocument,
        touchedDocuments,
        documentsTouched,
        titleOrder,
        MAX_DOCUMENT_FACETS,
      ).map((position) => {
        const doc = documents[position] as DocumentMeta;
        return { id: doc.id, title: doc.title, count: perDocument[position] as number };
      }),
      agencies: byCountThenName(perAgency, agencies, agencies.length, agencyOrder, MAX_AGENCY_FACETS).map(
        (id) => ({ name: agencyNames[id] as string, count: perAgency[id] as number }),
      ),
    };
  } finally {
    // Back to zero for the next search, touching only what this one counted.
    for (let t = 0; t < documentsTouched; t++) perDocument[touchedDocuments[t] as number] = 0;
    for (let t = 0; t < listsTouched; t++) {
      const list = touchedLists[t] as number;
      perList[list] = 0;
      const end = listStarts[list + 1] as number;
      for (let at = listStarts[list] as number; at < end; at++) perAgency[listAgencyIds[at] as number] = 0;
    }
  }
}
