import type { Corpus } from '../types.ts';
import { collectSuggestEntries } from './suggest-entries.ts';
import { buildSuggestIndex, type SuggestIndex } from './suggest-index.ts';

/** The suggestion index of `corpus`: the one call the indexer makes. */
export function buildCorpusSuggestions(corpus: Corpus): SuggestIndex {
  return buildSuggestIndex(collectSuggestEntries(corpus));
}
