/**
 * What the type-ahead counts, before any threshold: in how many paragraphs each term word, each run
 * of 2–3 words (a measure) and each agency occurs, and how many documents carry each title. The
 * counts are sums over documents, so the counts of a corpus with one document more or less are the
 * old counts plus or minus that document's own — which is how an incremental build updates the
 * suggestions without reading the whole corpus again (`count-table.ts` keeps them on disk).
 */

import { SUGGEST } from '../config.ts';
import { RESPONSIBILITY_BRACKET } from '../ingest/agencies.ts';
import { isHan } from '../text/analyze.ts';
import { segmentWords } from '../text/segment-words.ts';
import { isStopWord } from '../text/stop-words.ts';
import type { DocumentMeta, Paragraph } from '../types.ts';

/** The kinds of count, one map each: text → paragraphs (words, measures, agencies) or documents (titles). */
export const COUNT_KINDS = ['words', 'measures', 'agencies', 'titles'] as const;

/** One kind of count. */
export type CountKind = (typeof COUNT_KINDS)[number];

/** Every count of a set of documents, below the suggestion thresholds too. */
export type SuggestCounts = Record<CountKind, Map<string, number>>;

/** Empty counts. */
export function emptyCounts(): SuggestCounts {
  return { words: new Map(), measures: new Map(), agencies: new Map(), titles: new Map() };
}

/**
 * Counts the suggestions of `paragraphs` and `documents` (normalized text, as ingestion left it).
 * Pass a whole corpus, or some documents with their paragraphs: counts of disjoint sets add up.
 */
export function countSuggestions(documents: DocumentMeta[], paragraphs: Paragraph[]): SuggestCounts {
  const counts = emptyCounts();
  for (const paragraph of paragraphs) {
    // The （…负责） brackets are agencies, suggested as such; as text they would make terms like 知识产权局负责.
    const runs = termRuns(paragraph.text.replace(RESPONSIBILITY_BRACKET, '，'));
    countOnce(counts.words, runs.flat());
    countOnce(counts.measures, runs.flatMap(measuresOf));
    countOnce(counts.agencies, paragraph.agencies);
  }
  for (const document of documents) {
    if (document.title.trim() !== '') add(counts.titles, document.title, 1);
  }
  return counts;
}

/**
 * The change from `removed` to `added` counts: added minus removed, per text, zeros left out. What an
 * incremental build applies to the stored counts.
 */
export function countDelta(added: SuggestCounts, removed: SuggestCounts): SuggestCounts {
  const delta = emptyCounts();
  for (const kind of COUNT_KINDS) {
    for (const [text, count] of added[kind]) add(delta[kind], text, count);
    for (const [text, count] of removed[kind]) add(delta[kind], text, -count);
    for (const [text, count] of delta[kind]) if (count === 0) delta[kind].delete(text);
  }
  return delta;
}

function add(counts: Map<string, number>, text: string, count: number): void {
  counts.set(text, (counts.get(text) ?? 0) + count);
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
  for (const value of new Set(values)) add(counts, value, 1);
}
