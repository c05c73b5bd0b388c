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
  /** The distinct agencies of paragraph seq are `agencyIds[agencyStarts[seq] .. agencyStarts[seq + 1])`. */
  agencyStarts: Uint32Array;
  agencyIds: Uint32Array;
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
  const agencyStarts = new Uint32Array(view.paragraphCount + 1);
  const ids: number[] = [];
  // An opened build's paragraphs share one array per distinct agency list (97 at laws scale): each
  // list's ids are worked out once, not once per paragraph (53 → 3 ms of the first search).
  const idsOfList = new Map<readonly string[], number[]>();
  for (let seq = 0; seq < view.paragraphCount; seq++) {
    const list = view.agenciesAt(seq);
    let listIds = idsOfList.get(list);
    if (!listIds) {
      listIds = [];
      // A paragraph counts once per agency it names, however often it names it.
      for (const agency of new Set(list)) {
        let id = agencyId.get(agency);
        if (id === undefined) {
          id = agencyId.size;
          agencyId.set(agency, id);
        }
        listIds.push(id);
      }
      idsOfList.set(list, listIds);
    }
    for (const id of listIds) ids.push(id);
    agencyStarts[seq + 1] = ids.length;
  }
  const agencyNames = [...agencyId.keys()];
  return {
    titleOrder: collationOrder(documents.map((doc) => doc.title)),
    agencyNames,
    agencyOrder: collationOrder(agencyNames),
    agencyStarts,
    agencyIds: Uint32Array.from(ids),
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
 * The `limit` positions with the highest non-zero counts, most counted first, ties in name order.
 * Sorted as packed numbers (count inverted above the rank) by the engine's native numeric sort, not
 * a comparator; only the kept ones are turned into an array (no iterator over every position: that
 * allocated more per search than anything else in the facets).
 */
function byCountThenName(counts: Uint32Array, { rank, atRank }: CollationOrder, limit: number): number[] {
  const scale = counts.length;
  let maxCount = 0;
  for (let i = 0; i < counts.length; i++) maxCount = Math.max(maxCount, counts[i] as number);
  const keys = new Float64Array(counts.length);
  let size = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] as number;
    if (count > 0) keys[size++] = (maxCount - count) * scale + (rank[i] as number);
  }
  const sorted = keys.subarray(0, size).sort();
  const kept = new Array<number>(Math.min(limit, size));
  for (let i = 0; i < kept.length; i++) kept[i] = atRank[(sorted[i] as number) % scale] as number;
  return kept;
}

/**
 * Counts over a whole result set: years ascending, documents and agencies by count (then name),
 * the largest {@link MAX_DOCUMENT_FACETS} documents and 50 agencies. A paragraph counts once per agency it names.
 */
export function computeFacets(view: CorpusView, seqs: ArrayLike<number>): Facets {
  const { titleOrder, agencyNames, agencyOrder, agencyStarts, agencyIds } = lookupsOf(view);
  const { documentPosition } = view;
  const documents = view.corpus.documents;
  const perDocument = new Uint32Array(documents.length);
  const perAgency = new Uint32Array(agencyNames.length);
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i] as number;
    const position = documentPosition[seq] ?? -1;
    if (position < 0) throw new RangeError(`paragraph ${seq} belongs to no document`);
    perDocument[position] = (perDocument[position] as number) + 1;
    const end = agencyStarts[seq + 1] as number;
    for (let at = agencyStarts[seq] as number; at < end; at++) {
      const agency = agencyIds[at] as number;
      perAgency[agency] = (perAgency[agency] as number) + 1;
    }
  }
  const years = new Map<number, number>();
  for (let position = 0; position < perDocument.length; position++) {
    const count = perDocument[position] as number;
    const year = count > 0 ? (documents[position] as DocumentMeta).year : null;
    if (year !== null) years.set(year, (years.get(year) ?? 0) + count);
  }
  return {
    years: [...years].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count })),
    documents: byCountThenName(perDocument, titleOrder, MAX_DOCUMENT_FACETS).map((position) => {
      const doc = documents[position] as DocumentMeta;
      return { id: doc.id, title: doc.title, count: perDocument[position] as number };
    }),
    agencies: byCountThenName(perAgency, agencyOrder, MAX_AGENCY_FACETS).map((id) => ({
      name: agencyNames[id] as string,
      count: perAgency[id] as number,
    })),
  };
}
