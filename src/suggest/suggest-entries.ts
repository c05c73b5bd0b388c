/**
 * What the type-ahead can suggest, collected from a corpus at index time: the domain terms people
 * type (jieba words, and runs of two or three words that recur as a phrase — the names of measures
 * such as 知识产权质押融资), document titles and responsible agencies, each with how often it occurs.
 */
import { SUGGEST } from '../config.ts';
import { RESPONSIBILITY_BRACKET } from '../ingest/agencies.ts';
import { isHan } from '../text/analyze.ts';
import { segmentWords } from '../text/segment-words.ts';
import { isStopWord } from '../text/stop-words.ts';
import type { Corpus } from '../types.ts';

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
  const words = new Map<string, number>();
  const measures = new Map<string, number>();
  const agencies = new Map<string, number>();
  for (const paragraph of corpus.paragraphs) {
    // The （…负责） brackets are agencies, suggested as such; as text they would make terms like 知识产权局负责.
    const runs = termRuns(paragraph.text.replace(RESPONSIBILITY_BRACKET, '，'));
    countOnce(words, runs.flat());
    countOnce(measures, runs.flatMap(measuresOf));
    countOnce(agencies, paragraph.agencies);
  }
  const titles = new Map<string, number>();
  for (const document of corpus.documents) {
    if (document.title.trim() !== '') titles.set(document.title, (titles.get(document.title) ?? 0) + 1);
  }
  const measureEntries = frequentFirst(measures, SUGGEST.minMeasureParagraphs).slice(0, SUGGEST.maxMeasures);
  return {
    term: frequentFirst(
      new Map([...words, ...measureEntries.map((entry) => [entry.text, entry.count] as const)]),
      SUGGEST.minWordParagraphs,
    ),
    agency: frequentFirst(agencies, 1),
    title: frequentFirst(titles, 1),
  };
}

/**
 * The paragraph's term words in runs: a run breaks at punctuation, stop words and anything that is
 * not a Han word of two or more characters, so a measure never spans a clause or a particle.
 */
function termRuns(text: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  for (const raw of segmentWords(text)) {
    const word = raw.trim().toLowerCase();
    if (isTermWord(word)) {
      run.push(word);
      continue;
    }
    if (run.length > 0) runs.push(run);
    run = [];
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function isTermWord(word: string): boolean {
  if (word.length < 2 || isStopWord(word)) return false;
  for (const char of word) if (!isHan(char)) return false;
  return true;
}

/** Every run of 2…maxMeasureWords adjacent words of `run`, joined without spaces as Chinese is written. */
function measuresOf(run: string[]): string[] {
  const found: string[] = [];
  for (let start = 0; start < run.length; start++) {
    for (let size = 2; size <= SUGGEST.maxMeasureWords && start + size <= run.length; size++) {
      found.push(run.slice(start, start + size).join(''));
    }
  }
  return found;
}

/** Adds one to each distinct value: counts say in how many paragraphs a value occurs, not how often. */
function countOnce(counts: Map<string, number>, values: string[]): void {
  for (const value of new Set(values)) counts.set(value, (counts.get(value) ?? 0) + 1);
}

function frequentFirst(counts: Map<string, number>, minCount: number): SuggestEntry[] {
  const entries: SuggestEntry[] = [];
  for (const [text, count] of counts) if (count >= minCount) entries.push({ text, count });
  return entries.sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}
