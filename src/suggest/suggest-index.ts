/**
 * The type-ahead index: per kind of suggestion, a sorted table of the words of its entries
 * (src/suggest/prefix-table.ts), so the completions of a prefix are the entries of one contiguous
 * run of words. Entries are numbered most frequent first, so the smallest ids of a run are its most
 * frequent completions. Build, search, export and import, like the other indexes. The saved form
 * holds the entries and each table's sorted order (sorting 180,000 Chinese words takes about half a
 * second at laws scale, so a build does it once); reading it back only looks the words up again.
 * Until version 2 this was FlexSearch's forward index, which kept an array per prefix: ≈ 180 MB of
 * heap at laws scale (BENCHMARKS.md, "Where the server's memory goes"); the answers are the same.
 */
import { SUGGEST } from '../config.ts';
import { segmentWords } from '../text/segment-words.ts';
import type { CountTable } from './count-table.ts';
import {
  type PrefixPair,
  type PrefixTable,
  pairsOfTable,
  prefixTableOf,
  searchPrefixTable,
  sortedPairs,
} from './prefix-table.ts';
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

/** The entries and their prefix tables, one per kind. */
export interface SuggestIndex {
  entries: SuggestEntries;
  /** The prefix table of each kind; made on first read when not made yet (see {@link lazySuggestIndexOf}). */
  prefixes: Record<SuggestionKind, PrefixTable>;
  /**
   * Makes the prefix tables a kind at a time if they are not made yet, yielding to the event loop
   * between kinds (see {@link lazySuggestIndexOf}); absent where they are made already.
   */
  warm?: () => Promise<void>;
  /**
   * Every count of the corpus the entries came from, thresholds not applied: kept by the indexer
   * (`suggest/counts.bin`) so an incremental build adds and subtracts only the changed documents'.
   * Absent on an index read for serving.
   */
  counts?: CountTable;
}

/**
 * Version of the exported form: 3, the entries and each kind's sorted pairs. The loader also reads
 * version 2 (the entries only) and 1 (which added FlexSearch's export): their tables are sorted on load.
 */
export const SUGGEST_FORMAT_VERSION = 3;

/** The saved form: the entries and, from version 3, each kind's sorted (word, entry id) pairs. */
export interface ExportedSuggestIndex {
  version: number;
  entries: SuggestEntries;
  prefixes?: Record<SuggestionKind, PrefixPair[]>;
  /** Version 1 only: FlexSearch's export, no longer read. */
  flexsearch?: Record<SuggestionKind, Record<string, string>>;
}

/** The whole text of an entry as it is indexed: lower-cased, without spaces (FlexSearch split on them). */
function wholeWord(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/** What is indexed for an entry: terms whole; titles and agencies also by each of their words, so 十四五 finds a title that does not start with it. */
function indexedWords(kind: SuggestionKind, text: string): string[] {
  const whole = wholeWord(text);
  if (kind === 'term') return [whole];
  const words = segmentWords(whole).filter((word) => word.trim().length > 1);
  return [whole, ...new Set(words)];
}

/** The sorted pairs of each kind of `entries` (the work a build saves a server: segmenting titles, sorting). */
function pairsOf(entries: SuggestEntries): Record<SuggestionKind, PrefixPair[]> {
  const pairs = {} as Record<SuggestionKind, PrefixPair[]>;
  for (const kind of SUGGESTION_KINDS) {
    const list = entries[kind];
    const textOf = (id: number) => (list[id] as SuggestEntry).text;
    pairs[kind] = sortedPairs(list.length, (id) => indexedWords(kind, textOf(id)), textOf);
  }
  return pairs;
}

function tableOf(entries: SuggestEntries, kind: SuggestionKind, pairs: PrefixPair[]): PrefixTable {
  const list = entries[kind];
  return prefixTableOf(pairs, (id) => (list[id] as SuggestEntry).text);
}

/** Builds the suggestion index of `entries` (each list most frequent first), its tables made now. */
export function buildSuggestIndex(entries: SuggestEntries): SuggestIndex {
  const index = lazySuggestIndexOf(entries);
  void index.prefixes;
  return index;
}

/** The sorted pairs an index was made from or read with, kept for {@link exportSuggestIndex}. */
const savedPairs = new WeakMap<SuggestIndex, () => Record<SuggestionKind, PrefixPair[]>>();

/**
 * The suggestion index of `entries` with its prefix tables made on first use, from `pairs` when
 * given (read from a version-3 file: each table is a lookup per pair, ≈ 10 ms at laws scale) or
 * else sorted then (≈ 0.8 s at laws scale, in one block). A server calls `warm()` once it listens,
 * which makes them a kind at a time with the event loop free between kinds; reading `prefixes`
 * before that is done makes them at once.
 */
export function lazySuggestIndexOf(
  entries: SuggestEntries,
  pairs?: Record<SuggestionKind, PrefixPair[]>,
): SuggestIndex {
  let sorted = pairs;
  const tables: Partial<Record<SuggestionKind, PrefixTable>> = {};
  const pairsNow = (): Record<SuggestionKind, PrefixPair[]> => {
    const { term, agency, title } = tables;
    if (!sorted && term && agency && title) {
      const textOf = (kind: SuggestionKind) => (id: number) => (entries[kind][id] as SuggestEntry).text;
      return {
        term: pairsOfTable(term, textOf('term')),
        agency: pairsOfTable(agency, textOf('agency')),
        title: pairsOfTable(title, textOf('title')),
      };
    }
    sorted ??= pairsOf(entries);
    return sorted;
  };
  const table = (kind: SuggestionKind) => {
    tables[kind] ??= tableOf(entries, kind, pairsNow()[kind]);
    // Once every table is made the pairs are let go: the tables give them back for an export.
    if (tables.term && tables.agency && tables.title) sorted = undefined;
    return tables[kind];
  };
  let prefixes: Record<SuggestionKind, PrefixTable> | undefined;
  let warming: Promise<void> | undefined;
  const index: SuggestIndex = {
    entries,
    get prefixes() {
      prefixes ??= { term: table('term'), agency: table('agency'), title: table('title') };
      return prefixes;
    },
    warm() {
      warming ??= (async () => {
        for (const kind of SUGGESTION_KINDS) {
          table(kind);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      return warming;
    },
  };
  savedPairs.set(index, pairsNow);
  return index;
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
    const ids = searchPrefixTable(index.prefixes[kind], key, limit * 2);
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

/** The saved form of `index`: its entries and each kind's sorted pairs (sorted now if they were not yet). */
export function exportSuggestIndex(index: SuggestIndex): ExportedSuggestIndex {
  const pairs = savedPairs.get(index)?.() ?? pairsOf(index.entries);
  return { version: SUGGEST_FORMAT_VERSION, entries: index.entries, prefixes: pairs };
}

/** Throws unless `pairs` is a list of pairs naming only entries the kind has (about 2 ms at laws scale). */
function checkPairs(kind: SuggestionKind, pairs: unknown, entryCount: number): void {
  if (!Array.isArray(pairs)) throw new Error(`the suggestion index has no ${kind} prefix table`);
  const known = (id: unknown) => Number.isInteger(id) && (id as number) >= 0 && (id as number) < entryCount;
  for (const pair of pairs as unknown[]) {
    const fine = Array.isArray(pair) ? known(pair[0]) && typeof pair[1] === 'string' : known(pair);
    if (!fine) throw new Error(`the suggestion index's ${kind} prefix table names an entry it does not have`);
  }
}

/**
 * Restores an exported suggestion index, its tables made on first use from the saved pairs
 * (version 3) or sorted from the entries (versions 1 and 2); throws when the data is of another
 * version or incomplete.
 */
export function importSuggestIndex(saved: ExportedSuggestIndex): SuggestIndex {
  const version = saved?.version;
  if (version !== SUGGEST_FORMAT_VERSION && version !== 2 && version !== 1) {
    throw new Error(`the suggestion index has version ${version}, this code reads ${SUGGEST_FORMAT_VERSION}`);
  }
  for (const kind of SUGGESTION_KINDS) {
    if (!Array.isArray(saved.entries?.[kind])) throw new Error(`the suggestion index has no ${kind} part`);
  }
  if (version === SUGGEST_FORMAT_VERSION) {
    for (const kind of SUGGESTION_KINDS) checkPairs(kind, saved.prefixes?.[kind], saved.entries[kind].length);
  }
  return lazySuggestIndexOf(saved.entries, version === SUGGEST_FORMAT_VERSION ? saved.prefixes : undefined);
}
