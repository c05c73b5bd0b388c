import { corpusEmbedderFromModel, deserializeCorpusModel } from '../embedding/corpus-embedder.ts';
import type { Embedder } from '../embedding/embedder.ts';
import {
  loadTransformerEmbedder,
  type TransformerEmbedderOptions,
} from '../embedding/transformer-embedder.ts';
import { IndexLoadError } from '../errors.ts';
import { queryTokens } from '../text/analyze.ts';
import { loadErrorMessage } from './build-folder.ts';
import { loadIndex, type StoredIndex } from './index-store.ts';
import type { LoadedIndex } from './loaded-index.ts';

/** Where a transformer embedder's model files are found when an index built with one is opened. */
export type ModelLocation = Pick<TransformerEmbedderOptions, 'localModelPath' | 'cacheDir' | 'allowRemote'>;

/**
 * Opens the live index of `indexDir` for searching: loads and verifies it (see `loadIndex`) and
 * restores the embedder that built its vectors, so queries are embedded the same way. An index whose
 * embedder cannot be reproduced here is refused with an {@link IndexLoadError}.
 */
export async function openIndex(indexDir: string, models: ModelLocation = {}): Promise<LoadedIndex> {
  const stored = await loadIndex(indexDir);
  const embedder = await restoreEmbedder(indexDir, stored, models);
  return {
    manifest: stored.manifest,
    corpus: stored.corpus,
    keyword: stored.keyword,
    semantic: embedder && stored.vectors ? { embedder, vectors: stored.vectors } : null,
  };
}

async function restoreEmbedder(
  indexDir: string,
  stored: StoredIndex,
  models: ModelLocation,
): Promise<Embedder | null> {
  const info = stored.manifest.embedder;
  if (!info) return null;
  const refuse = (reason: string) => new IndexLoadError(loadErrorMessage(indexDir, reason));
  let embedder: Embedder;
  if (info.kind === 'corpus') {
    if (!stored.embedderData) throw refuse('the corpus embedder model is missing');
    try {
      embedder = corpusEmbedderFromModel(deserializeCorpusModel(stored.embedderData), queryTokens);
    } catch (error) {
      throw refuse(`the corpus embedder model cannot be read (${(error as Error).message})`);
    }
  } else {
    try {
      embedder = await loadTransformerEmbedder({ ...models, model: info.model });
    } catch {
      throw refuse(`its vectors come from the transformer model ${info.model}, which cannot be loaded here`);
    }
  }
  if (embedder.info.model !== info.model || embedder.info.dimensions !== info.dimensions) {
    throw refuse(`its embedder ${info.kind}:${info.model} does not match the one restored for queries`);
  }
  return embedder;
}
