/**
 * The indexer's calls: the suggestion index of a whole corpus, and of a corpus whose documents
 * changed — the stored counts plus the changed documents' own, which gives exactly the index a
 * whole-corpus count gives (the counts are sums over documents) without segmenting the corpus again.
 * Both leave the prefix tables to be made on first search: a build saves the entries and their sorted pairs.
 */
import { SUGGEST } from '../config.ts';
import type { Corpus } from '../types.ts';
import { applyCountDelta, type CountTable, entriesAtLeast, tableFromCounts } from './count-table.ts';
import { countSuggestions, type SuggestCounts } from './suggest-counts.ts';
import { entriesFromCounts, type SuggestEntries } from './suggest-entries.ts';
import { lazySuggestIndexOf, type SuggestIndex } from './suggest-index.ts';

/** The suggestion index of `corpus`, with the counts it came from (what an incremental build updates). */
export function buildCorpusSuggestions(corpus: Corpus): SuggestIndex {
  const counts = countSuggestions(corpus.documents, corpus.paragraphs);
  return withCounts(lazySuggestIndexOf(entriesFromCounts(counts)), tableFromCounts(counts));
}

/**
 * The suggestion index after documents changed: `previous` (the whole previous corpus's counts)
 * plus `delta` (`countDelta` of the added and the dropped documents' counts).
 */
export function updateSuggestions(previous: CountTable, delta: SuggestCounts): SuggestIndex {
  const counts = applyCountDelta(previous, delta);
  return withCounts(lazySuggestIndexOf(entriesFromTable(counts)), counts);
}

/** `index` carrying `counts`, its prefix tables still unmade (a spread would make them). */
function withCounts(index: SuggestIndex, counts: CountTable): SuggestIndex {
  index.counts = counts;
  return index;
}

/** The entries a table of counts makes: only counts that can pass a threshold are turned into strings. */
function entriesFromTable(table: CountTable): SuggestEntries {
  return entriesFromCounts({
    words: entriesAtLeast(table.words, SUGGEST.minWordParagraphs),
    measures: entriesAtLeast(table.measures, SUGGEST.minMeasureParagraphs),
    agencies: entriesAtLeast(table.agencies, 1),
    titles: entriesAtLeast(table.titles, 1),
  });
}
