/**
 * The suggestions of an incremental build: the previous build's stored counts, minus the counts of
 * the documents dropped (removed, or changed and read again — counted from their paragraphs as the
 * previous build holds them), plus the counts of the documents read anew. Only the changed
 * documents are segmented; the result equals a full build's count of the new corpus.
 */
import { IndexLoadError } from '../src/errors.ts';
import { loadSuggestCounts } from '../src/persist/suggest-store.ts';
import { buildCorpusSuggestions, updateSuggestions } from '../src/suggest/build-suggestions.ts';
import { countDelta, countSuggestions } from '../src/suggest/suggest-counts.ts';
import type { SuggestIndex } from '../src/suggest/suggest-index.ts';
import type { Corpus, IngestedDocument } from '../src/types.ts';

/** What changed between the previous build's corpus and the new one, by document. */
export interface SuggestionChange {
  /** The previous build's corpus. */
  previous: Corpus;
  /** Sources of the previous build's documents that are gone or read again. */
  dropped: ReadonlySet<string>;
  /** The documents read anew. */
  added: IngestedDocument[];
  /** The new corpus: counted whole when the previous build kept no counts. */
  corpus: Corpus;
}

/** The new build's suggestions, from the previous build's counts in `buildDir` when it kept them. */
export async function incrementalSuggestions(
  indexDir: string,
  buildDir: string,
  change: SuggestionChange,
): Promise<SuggestIndex> {
  // Counts of another version (or none) are no reason to refuse the build: the new corpus is counted whole.
  const stored = await loadSuggestCounts(indexDir, buildDir).catch((error: unknown) => {
    if (error instanceof IndexLoadError) return null;
    throw error;
  });
  if (!stored) return buildCorpusSuggestions(change.corpus);
  const droppedDocuments = change.previous.documents.filter((document) =>
    change.dropped.has(document.source),
  );
  const droppedIds = new Set(droppedDocuments.map((document) => document.id));
  const removed = countSuggestions(
    droppedDocuments,
    change.previous.paragraphs.filter((paragraph) => droppedIds.has(paragraph.docId)),
  );
  const added = countSuggestions(
    change.added.map((document) => document.meta),
    change.added.flatMap((document) => document.paragraphs),
  );
  return updateSuggestions(stored, countDelta(added, removed));
}
