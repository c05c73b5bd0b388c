/**
 * What the type-ahead can suggest, collected from a corpus at index time: the domain terms people
 * type (jieba words, and runs of two or three words that recur as a phrase — the names of measures
 * such as 知识产权质押融资), document titles and responsible agencies, each with how often it occurs.
 */
import { SUGGEST } from '../config.ts';
import type { Corpus } from '../types.ts';
import { countSuggestions, type SuggestCounts } from './suggest-counts.ts';

/** The kinds of suggestion, in the order the API lists them. */
export const SUGGESTION_KINDS = ['term', 'agency', 'title'] as const;

/** One kind of suggestion: a corpus term, a document title, or an agency. */
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** One suggestion: its text, and how many paragraphs (terms, agencies) or documents (titles) hold it. */
export interface SuggestEntry {
  text: string;
  count: number;
}

/** Every suggestion of a corpus by kind, each list most frequent first (ties in text order). */
export type SuggestEntries = Record<SuggestionKind, SuggestEntry[]>;

/** Collects the terms, measures, titles and agencies of `corpus` (normalized text, as ingestion left it). */
export function collectSuggestEntries(corpus: Corpus): SuggestEntries {
  return entriesFromCounts(countSuggestions(corpus.documents, corpus.paragraphs));
}

/**
 * The suggestions that `counts` (a whole corpus's) make: words of at least
 * `SUGGEST.minWordParagraphs` paragraphs, the `SUGGEST.maxMeasures` most frequent measures of at
 * least `SUGGEST.minMeasureParagraphs`, every agency and title. Counts already cut at those
 * thresholds give the same entries (what `entriesFromTable` relies on).
 */
export function entriesFromCounts(counts: SuggestCounts): SuggestEntries {
  const measureEntries = frequentFirst(counts.measures, SUGGEST.minMeasureParagraphs).slice(
    0,
    SUGGEST.maxMeasures,
  );
  return {
    term: frequentFirst(
      new Map([...counts.words, ...measureEntries.map((entry) => [entry.text, entry.count] as const)]),
      SUGGEST.minWordParagraphs,
    ),
    agency: frequentFirst(counts.agencies, 1),
    title: frequentFirst(counts.titles, 1),
  };
}

function frequentFirst(counts: Map<string, number>, minCount: number): SuggestEntry[] {
  const entries: SuggestEntry[] = [];
  for (const [text, count] of counts) if (count >= minCount) entries.push({ text, count });
  return entries.sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}
