/**
 * A keyword search thread: evaluates parsed queries over the build's keyword index held in shared
 * memory (shared-keyword.ts) and posts back the matches as transferred typed arrays. The main thread
 * keeps parsing (jieba), the result cache, fusion, snippets and facets (keyword-threads.ts); this
 * thread runs only `searchKeyword`, the same function the main thread runs without threads, so the
 * answers are the same.
 */
import { workerData } from 'node:worker_threads';
import { type KeywordSearchReply, type KeywordSearchTask, keywordSearchReply, PING } from './keyword-task.ts';
import { keywordIndexFromShared, type SharedKeywordData } from './shared-keyword.ts';

// Views over the shared bytes: built once, as the thread starts, before its first task.
const index = keywordIndexFromShared(workerData as SharedKeywordData);

/** Answers one search; a `ping` (the pool's readiness check) with an empty reply. */
export default function answer(task: KeywordSearchTask | typeof PING): KeywordSearchReply | null {
  return task === PING ? null : keywordSearchReply(index, task);
}
