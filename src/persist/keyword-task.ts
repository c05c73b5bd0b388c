/**
 * What the main thread and a keyword search thread say to each other (keyword-threads.ts,
 * keyword-worker.ts): a parsed query and its filters in; every match's seq and score, the terms to
 * highlight and, when asked, the matches holding the whole query as a phrase (hybrid mode pins
 * them) out, as typed arrays moved across without a copy. Pure: the thread side runs
 * `searchKeyword`, the main side makes the same {@link KeywordResult} of its answer.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { KeywordIndex } from '../keyword/keyword-index.ts';
import { type KeywordResult, ScoredMatches } from '../keyword/keyword-result.ts';
import { searchKeyword } from '../keyword/keyword-search.ts';
import type { QueryNode } from '../keyword/query-parser.ts';
import { termsOf } from '../keyword/query-plan.ts';
import { contentWords } from '../text/analyze.ts';
import type { SearchFilters } from '../types.ts';

/** One keyword search for a thread. */
export interface KeywordSearchTask {
  tree: QueryNode;
  filters: SearchFilters;
  /** The normalized query whose phrase matches to compute too (hybrid mode reads them for most queries). */
  phrase?: string;
  /**
   * The words jieba cuts each term of `tree` into ({@link termWordsOf}), so the thread plans the
   * terms as this thread would without loading jieba's dictionary (tens of MB) again.
   */
  termWords: Record<string, string[]>;
}

/** The task for a search of `tree`: its terms segmented here, by the one analyzer. */
export function keywordSearchTask(
  tree: QueryNode,
  filters: SearchFilters,
  phrase?: string,
): KeywordSearchTask {
  const termWords: Record<string, string[]> = {};
  for (const term of termsOf(tree)) termWords[term] ??= contentWords(term);
  return phrase === undefined ? { tree, filters, termWords } : { tree, filters, phrase, termWords };
}

/** The task a pool sends first: answered once the thread has built its index (nothing searched). */
export const PING = 'ping';

/** A thread's answer: the search's columns, each in an `ArrayBuffer` of its own. */
export interface KeywordSearchAnswer {
  seqs: Uint32Array;
  scores: Float64Array;
  terms: string[];
  /** The matches holding `task.phrase`, when one was asked for. */
  phraseMatches: Uint32Array | null;
}

/** A {@link KeywordSearchAnswer} marked for piscina to move its buffers rather than copy them. */
export type KeywordSearchReply = KeywordSearchAnswer | ReturnType<typeof move>;

/**
 * Runs the task's search over `index` and packs the answer for moving. The arrays are copied first:
 * a result may be a view into the postings (shared, or a decoded list the thread keeps cached), which
 * must stay where it is.
 */
export function keywordSearchReply(index: KeywordIndex, task: KeywordSearchTask): KeywordSearchReply {
  const result = searchKeyword(index, task.tree, task.filters, (term) => {
    const words = task.termWords[term];
    if (!words) throw new Error(`the task carries no words for the term ${term}`);
    return words;
  });
  const answer: KeywordSearchAnswer = {
    seqs: result.seqs.slice(),
    scores: result.scores.slice(),
    terms: result.terms,
    phraseMatches: task.phrase === undefined ? null : result.phraseMatches(task.phrase).slice(),
  };
  const buffers = [answer.seqs.buffer, answer.scores.buffer];
  if (answer.phraseMatches) buffers.push(answer.phraseMatches.buffer);
  return move({ [transferableSymbol]: buffers, [valueSymbol]: answer } as never);
}

/**
 * The thread's answer as the {@link KeywordResult} `searchKeyword` would have returned here: ranked on
 * demand from the same seqs and scores; phrase matches other than the one asked for (nothing asks for
 * them today) are computed by searching again in this thread over `index`.
 */
export function keywordResultOf(
  answer: KeywordSearchAnswer,
  task: KeywordSearchTask,
  index: KeywordIndex,
): KeywordResult {
  const { phraseMatches } = answer;
  const known = (phrase: string) => (phraseMatches && phrase === task.phrase ? phraseMatches : null);
  const result: KeywordResult = new ScoredMatches(
    answer.seqs,
    answer.scores,
    answer.terms,
    (phrase) => known(phrase) ?? searchKeyword(index, task.tree, task.filters).phraseMatches(phrase),
  );
  result.knownPhraseMatches = known;
  return result;
}
