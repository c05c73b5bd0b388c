import type { Embedder } from '../embedding/embedder.ts';
import type { KeywordIndex } from '../keyword/keyword-index.ts';
import type { StoredLineage } from '../lineage/stored-lineage.ts';
import type { SuggestIndex } from '../suggest/suggest-index.ts';
import type { Corpus, Manifest, SimilarityCalibration } from '../types.ts';
import { localNeighbourSearch, type NeighbourSearch } from '../vector/neighbour-search.ts';
import type { SemanticStatus } from '../vector/pending-neighbours.ts';
import type { VectorIndex } from '../vector/vector-index.ts';
import type { KeywordThreads } from './keyword-threads.ts';

/** The semantic half of an index: the vectors and the embedder that turns queries into vectors like them. */
export interface SemanticIndex {
  /** Nearest paragraphs by meaning: in this thread, or in the semantic worker (src/persist/semantic-thread.ts). */
  neighbours: NeighbourSearch;
  /** The index's similarity cut-offs: from its manifest, or calibrated when it was opened (older builds). */
  calibration: SimilarityCalibration;
  /** The embedder and graph when this thread holds them; null when the semantic worker does. */
  local: { embedder: Embedder; vectors: VectorIndex } | null;
}

/** The semantic half held in this thread (an index built in memory, or opened with `semanticIn: 'thread'`). */
export function localSemanticIndex(
  embedder: Embedder,
  vectors: VectorIndex,
  calibration: SimilarityCalibration,
): SemanticIndex {
  return { neighbours: localNeighbourSearch(embedder, vectors), calibration, local: { embedder, vectors } };
}

/** Everything a searcher needs, as `loadIndex` returns it (or a test builds it in memory). */
export interface LoadedIndex {
  manifest: Manifest;
  corpus: Corpus;
  keyword: KeywordIndex;
  /** Null for an index built without embeddings: semantic and hybrid modes are then refused. */
  semantic: SemanticIndex | null;
  /** Type-ahead suggestions over the corpus's terms, titles and agencies; an index built in memory without them gets them on first use. */
  suggest?: SuggestIndex;
  /** Measure units and series comparisons the build stored (src/lineage); without them they are computed on first use. */
  storedLineage?: StoredLineage;
  /**
   * Threads that run keyword searches over this index held in shared memory
   * (src/persist/keyword-threads.ts); absent: keyword search runs in the searcher's thread.
   */
  keywordThreads?: KeywordThreads | null;
  /** Where the semantic half stands when it may still be loading (an index opened in the background); absent: loaded or none. */
  semanticStatus?(): SemanticStatus;
}

/** An index opened from disk (`openIndex`): it may hold a worker thread that embeds queries until closed. */
export interface OpenedIndex extends LoadedIndex {
  /** The build folder's name (`build-<time>-<pid>`), shown by `/api/health` and compared by live reload. */
  buildId: string;
  /** Stops the semantic worker or the query embedder's thread, if any; the index answers no semantic query afterwards. */
  close(): Promise<void>;
  /** Resolves with `ready` or `failed` once a semantic half opened in the background has loaded; absent otherwise. */
  semanticSettled?: Promise<SemanticStatus>;
}
