/**
 * The type-ahead index: one FlexSearch `Index` per kind of suggestion with forward tokenization, so
 * every prefix of a term, title or agency (and of each word of a title or an agency name) is a key
 * looked up in one hash probe. Entries are added most frequent first at resolution 1, and FlexSearch
 * keeps insertion order within a slot, so the first `limit` ids of a prefix are its most frequent
 * completions — no sort at query time. Build, search, export and import, like the other indexes.
 * The saved form holds the entries only: FlexSearch's own export is four times their size and took
 * longer to make and write than building the index from the entries takes, so a build saves the
 * entries and the index is built from them where it is first searched.
 */
import { Encoder, Index } from 'flexsearch';
import { SUGGEST } from '../config.ts';
import { segmentWords } from '../text/segment-words.ts';
import type { CountTable } from './count-table.ts';
import {
  SUGGESTION_KINDS,
  type SuggestEntries,
  type SuggestEntry,
  type SuggestionKind,
} from './suggest-entries.ts';
import { normalizeSuggestPrefix } from './suggest-prefix.ts';

/** One suggestion as the API returns it. */
export interface Suggestion extends SuggestEntry {
  kind: SuggestionKind;
}

/** The entries and their FlexSearch indexes, one per kind. */
export interface SuggestIndex {
  entries: SuggestEntries;
  indexes: Record<SuggestionKind, Index>;
  /**
   * Builds the FlexSearch indexes a slice at a time if they are not built yet, yielding to the event
   * loop between slices (see {@link lazySuggestIndexOf}); absent where they are built already.
   */
  warm?: () => Promise<void>;
  /**
   * Every count of the corpus the entries came from, thresholds not applied: kept by the indexer
   * (`suggest/counts.bin`) so an incremental build adds and subtracts only the changed documents'.
   * Absent on an index read for serving.
   */
  counts?: CountTable;
}

/** Version of the exported form (the entries only); the loader also reads version 1, which added FlexSearch's export. */
export const SUGGEST_FORMAT_VERSION = 2;

/** The saved form: the entries and, in version 1 only, each kind's FlexSearch export (key → data). */
export interface ExportedSuggestIndex {
  version: number;
  entries: SuggestEntries;
  flexsearch?: Record<SuggestionKind, Record<string, string>>;
}

function createFlexIndex(): Index {
  // Text arrives normalized and segmented: FlexSearch only splits on the spaces we put between words.
  const encoder = new Encoder({
    split: ' ',
    normalize: false,
    dedupe: false,
    numeric: false,
    minlength: 1,
    cache: false,
  });
  return new Index({ tokenize: 'forward', encoder, resolution: 1, fastupdate: false, cache: false });
}

/** What is indexed for an entry: terms whole; titles and agencies also by each of their words, so 十四五 finds a title that does not start with it. */
function indexedText(kind: SuggestionKind, text: string): string {
  const whole = text.toLowerCase().replace(/\s+/g, '');
  if (kind === 'term') return whole;
  const words = segmentWords(whole).filter((word) => word.trim().length > 1);
  return [whole, ...new Set(words)].join(' ');
}

function buildFlexIndexes(entries: SuggestEntries): Record<SuggestionKind, Index> {
  const indexes = {} as Record<SuggestionKind, Index>;
  for (const kind of SUGGESTION_KINDS) {
    const index = createFlexIndex();
    entries[kind].forEach((entry, id) => {
      index.add(id, indexedText(kind, entry.text));
    });
    indexes[kind] = index;
  }
  return indexes;
}

/** Entries added between two looks at the clock while building in slices. */
const ENTRIES_PER_CHECK = 256;

/**
 * {@link buildFlexIndexes} a slice of at most about `sliceMs` at a time, the event loop free between
 * slices; stops (null) as soon as `done()` says the indexes were built some other way.
 */
async function buildFlexIndexesInSlices(
  entries: SuggestEntries,
  sliceMs: number,
  done: () => boolean,
): Promise<Record<SuggestionKind, Index> | null> {
  const indexes = {} as Record<SuggestionKind, Index>;
  let sliceStarted = performance.now();
  for (const kind of SUGGESTION_KINDS) {
    const index = createFlexIndex();
    const list = entries[kind];
    for (let id = 0; id < list.length; id++) {
      index.add(id, indexedText(kind, (list[id] as SuggestEntry).text));
      if (id % ENTRIES_PER_CHECK === 0 && performance.now() - sliceStarted > sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        if (done()) return null;
        sliceStarted = performance.now();
      }
    }
    indexes[kind] = index;
  }
  return indexes;
}

/** Builds the suggestion index of `entries` (each list most frequent first). */
export function buildSuggestIndex(entries: SuggestEntries): SuggestIndex {
  return { entries, indexes: buildFlexIndexes(entries) };
}

/**
 * The suggestion index of `entries` with its FlexSearch indexes built on first use: what a build
 * makes, since it only saves the entries (about 2.4 s of FlexSearch work at laws scale saved). A
 * server calls `warm()` once it listens, which builds them in slices of `SUGGEST.warmSliceMs` so no
 * request waits seconds behind the build; reading `indexes` before that is done builds them at once.
 */
export function lazySuggestIndexOf(entries: SuggestEntries): SuggestIndex {
  let indexes: Record<SuggestionKind, Index> | undefined;
  let warming: Promise<void> | undefined;
  return {
    entries,
    get indexes() {
      indexes ??= buildFlexIndexes(entries);
      return indexes;
    },
    warm() {
      warming ??= buildFlexIndexesInSlices(entries, SUGGEST.warmSliceMs, () => indexes !== undefined).then(
        (built) => {
          indexes ??= built ?? undefined;
        },
      );
      return warming;
    },
  };
}

/**
 * Up to `limit` completions of the typed `prefix`, normalized like a query. Terms come first, then
 * agencies, then titles, each most frequent first; titles and agencies that match keep a share of
 * the list (`SUGGEST.reservedShare` each) and any share a kind leaves unused goes to the others.
 */
export function searchSuggestions(index: SuggestIndex, prefix: string, limit: number): Suggestion[] {
  const key = normalizeSuggestPrefix(prefix);
  if (key === '') return [];
  const found = {} as Record<SuggestionKind, Suggestion[]>;
  for (const kind of SUGGESTION_KINDS) {
    // Twice the limit: terms that repeat an agency or a title are dropped below.
    const ids = index.indexes[kind].search(key, { limit: limit * 2 }) as number[];
    found[kind] = ids.flatMap((id) => {
      const entry = index.entries[kind][id];
      return entry ? [{ text: entry.text, kind, count: entry.count }] : [];
    });
  }
  // 知识产权局 is both a word of the text and an agency: listed once, as the agency (or title) it names.
  const named = new Set([...found.agency, ...found.title].map((suggestion) => suggestion.text));
  found.term = found.term.filter((suggestion) => !named.has(suggestion.text));
  const reserved = Math.max(1, Math.round(limit * SUGGEST.reservedShare));
  const quota: Record<SuggestionKind, number> = {
    agency: Math.min(reserved, found.agency.length),
    title: Math.min(reserved, found.title.length),
    term: 0,
  };
  quota.term = Math.min(found.term.length, limit - quota.agency - quota.title);
  // Hand what terms could not use back to agencies, then titles.
  let spare = limit - quota.term - quota.agency - quota.title;
  for (const kind of ['agency', 'title'] as const) {
    const more = Math.min(spare, found[kind].length - quota[kind]);
    quota[kind] += more;
    spare -= more;
  }
  return SUGGESTION_KINDS.flatMap((kind) => found[kind].slice(0, quota[kind]));
}

/** The saved form of `index`: its entries (the indexes are built from them again, see module doc). */
export function exportSuggestIndex(index: SuggestIndex): ExportedSuggestIndex {
  return { version: SUGGEST_FORMAT_VERSION, entries: index.entries };
}

/**
 * Restores an exported suggestion index, its FlexSearch indexes built from the entries (version 2)
 * or imported from their export (version 1); throws when the data is of another version or incomplete.
 */
export function importSuggestIndex(saved: ExportedSuggestIndex): SuggestIndex {
  const version = saved?.version;
  if (version !== SUGGEST_FORMAT_VERSION && version !== 1) {
    throw new Error(`the suggestion index has version ${version}, this code reads ${SUGGEST_FORMAT_VERSION}`);
  }
  for (const kind of SUGGESTION_KINDS) {
    const files = saved.flexsearch?.[kind];
    const exported = version === 1 ? typeof files === 'object' && files !== null : true;
    if (!Array.isArray(saved.entries?.[kind]) || !exported) {
      throw new Error(`the suggestion index has no ${kind} part`);
    }
  }
  if (version === SUGGEST_FORMAT_VERSION) return lazySuggestIndexOf(saved.entries);
  const indexes = {} as Record<SuggestionKind, Index>;
  for (const kind of SUGGESTION_KINDS) {
    const index = createFlexIndex();
    for (const [key, data] of Object.entries(saved.flexsearch?.[kind] ?? {})) index.import(key, data);
    indexes[kind] = index;
  }
  return { entries: saved.entries, indexes };
}
