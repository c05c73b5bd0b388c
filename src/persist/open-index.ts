import { SERVER } from '../config.ts';
import {
  corpusEmbedderFromModel,
  corpusModelId,
  deserializeCorpusModel,
} from '../embedding/corpus-embedder.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { calibrateSimilarity } from '../embedding/similarity-calibration.ts';
import { loadThreadedEmbedder } from '../embedding/threaded-embedder.ts';
import type { TransformerEmbedderOptions } from '../embedding/transformer-embedder.ts';
import { IndexLoadError } from '../errors.ts';
import { queryTokens } from '../text/analyze.ts';
import { prepareSegmenter } from '../text/segment-words.ts';
import type { SimilarityCalibration } from '../types.ts';
import { pendingNeighbourSearch } from '../vector/pending-neighbours.ts';
import type { VectorIndex } from '../vector/vector-index.ts';
import { loadErrorMessage } from './build-folder.ts';
import {
  CURRENT_VERSIONS,
  currentBuildDir,
  loadIndex,
  readManifest,
  type StoredIndex,
} from './index-store.ts';
import { type KeywordThreads, startKeywordThreads } from './keyword-threads.ts';
import { localSemanticIndex, type OpenedIndex, type SemanticIndex } from './loaded-index.ts';
import { startSemanticThread } from './semantic-thread.ts';

/** Where a transformer embedder's model files are found when an index built with one is opened. */
export type ModelLocation = Pick<TransformerEmbedderOptions, 'localModelPath' | 'cacheDir' | 'allowRemote'>;

/** The transformer model location named by MODEL_DIR and MODEL_CACHE_DIR: one reading for the server and the CLI. */
export function modelLocationFromEnv(env: NodeJS.ProcessEnv): ModelLocation {
  return {
    ...(env.MODEL_DIR ? { localModelPath: env.MODEL_DIR } : {}),
    ...(env.MODEL_CACHE_DIR ? { cacheDir: env.MODEL_CACHE_DIR } : {}),
  };
}

/** How {@link openIndex} holds the semantic half. */
export interface OpenOptions {
  /**
   * `worker` (default): the HNSW graph and the query embedder live in one worker thread, loaded while
   * this thread loads the keyword side, and every embedding and graph walk runs there. `thread`: both
   * in this thread (a transformer still in its own piscina thread) — one process, no message hop.
   */
  semanticIn?: 'worker' | 'thread';
  /**
   * With the semantic worker and a graph it shares (src/vector/shared-graph.ts): whether this thread
   * may walk the graph itself when the worker has no task — asked per search. Default: always (a CLI,
   * a script: nothing else waits for this thread). The server passes whether one connection alone
   * has been sending requests (src/server/lone-client.ts), so with several clients the walks stay in
   * the worker.
   */
  walkHere?: () => boolean;
  /**
   * With the semantic worker: return as soon as the keyword side is loaded, while the worker still
   * loads the graph and the query model (default false: return once both are loaded). Semantic
   * calls then wait for the load up to `semanticWaitMs` (see src/vector/pending-neighbours.ts), and
   * `semanticStatus()` says where it stands. The worker is then started only once the keyword side is
   * loaded (keyword first: on two cores its concurrent load cost this thread ≈ 0.18 s of CPU and
   * its run-queue share; BENCHMARKS.md, "Server ready"). A build whose manifest lacks the similarity
   * cut-offs (they come from the loaded graph then) is always opened whole.
   */
  semanticInBackground?: boolean;
  /** How long a semantic call waits for a half still loading; default `SERVER.semanticLoadWaitMs`. */
  semanticWaitMs?: number;
  /** Leave the semantic half unopened (a keyword-only CLI query): semantic and hybrid are then refused. */
  keywordOnly?: boolean;
  /**
   * Keyword search threads over the keyword side held once in shared memory
   * (src/persist/keyword-threads.ts); 0 or absent: keyword search runs in the caller's thread.
   */
  keywordThreads?: number;
}

/**
 * Opens the live index of `indexDir` for searching: loads and verifies it (see `loadIndex`) and
 * restores the embedder that built its vectors, so queries are embedded the same way. By default the
 * semantic half loads in the semantic worker at the same time as the keyword half loads here, so
 * opening costs the longer of the two. An index whose embedder cannot be reproduced here, or whose
 * files fail their checksums, is refused with an {@link IndexLoadError}.
 */
export async function openIndex(
  indexDir: string,
  models: ModelLocation = {},
  options: OpenOptions = {},
): Promise<OpenedIndex> {
  if (options.semanticIn === 'thread' && !options.keywordOnly) return openInThread(indexDir, models);
  const buildDir = await currentBuildDir(indexDir);
  const manifest = await readManifest(indexDir, buildDir, CURRENT_VERSIONS);
  const info = options.keywordOnly ? null : manifest.embedder;
  const startSemantic = () => {
    const load = info
      ? startSemanticThread(
          {
            buildDir,
            embedder: info,
            paragraphs: manifest.paragraphs,
            verify: true,
            calibrate: !manifest.similarity,
            models,
          },
          options.walkHere ? { walkHere: options.walkHere } : {},
        )
      : null;
    // Handled here so a failure while the keyword side still loads is not an unhandled rejection.
    load?.catch(() => {});
    return load;
  };
  // Opened whole (the CLI, a reload), both halves load at once; in the background (the server's
  // start), the keyword side first, alone, and the worker after it.
  const inBackground = Boolean(info && manifest.similarity && options.semanticInBackground);
  const startedFirst = inBackground ? null : startSemantic();
  const threads = options.keywordThreads ?? 0;
  let stored: Awaited<ReturnType<typeof loadIndex>>;
  try {
    stored = await loadIndex(indexDir, CURRENT_VERSIONS, {
      buildDir,
      skipSemantic: true,
      shareKeyword: threads > 0,
    });
  } catch (error) {
    await startedFirst?.then(
      (thread) => thread.close(),
      () => {},
    );
    throw error;
  }
  // Every query is segmented: jieba's dictionary is built now rather than by the first query.
  prepareSegmenter();
  const keywordThreads =
    threads > 0 && stored.shared
      ? startKeywordThreads({ shared: stored.shared, index: stored.keyword, threads })
      : null;
  const semanticLoad = inBackground ? startSemantic() : startedFirst;
  const refuse = (error: unknown) => new IndexLoadError(loadErrorMessage(indexDir, (error as Error).message));
  if (info && semanticLoad && manifest.similarity && inBackground) {
    // The reason a failed load gives is the loader's one line, with the rebuild command.
    const loading = semanticLoad.catch((error: unknown) => {
      throw refuse(error);
    });
    const pending = pendingNeighbourSearch(loading, {
      info,
      size: manifest.paragraphs,
      waitMs: options.semanticWaitMs ?? SERVER.semanticLoadWaitMs,
    });
    return {
      ...openedIndex(
        stored,
        keywordThreads,
        { neighbours: pending, calibration: manifest.similarity, local: null },
        // A close during the load waits for it: the pool exists only once the worker has answered.
        () =>
          semanticLoad.then(
            (thread) => thread.close(),
            () => {},
          ),
      ),
      semanticStatus: () => pending.status(),
      semanticSettled: pending.settled,
    };
  }
  let thread: Awaited<NonNullable<typeof semanticLoad>> | null;
  try {
    thread = await semanticLoad;
  } catch (error) {
    await keywordThreads?.close();
    throw refuse(error);
  }
  const calibration = manifest.similarity ?? thread?.calibration;
  return openedIndex(
    stored,
    keywordThreads,
    thread && calibration ? { neighbours: thread, calibration, local: null } : null,
    async () => {
      await thread?.close();
    },
  );
}

/** The opened index of a loaded build, whichever thread holds its semantic half. */
function openedIndex(
  stored: Awaited<ReturnType<typeof loadIndex>>,
  keywordThreads: KeywordThreads | null,
  semantic: SemanticIndex | null,
  close: () => Promise<void>,
): OpenedIndex {
  const { buildId, manifest, corpus, keyword, suggest, storedLineage } = stored;
  return {
    buildId,
    manifest,
    corpus,
    keyword,
    keywordThreads,
    suggest,
    storedLineage,
    semantic,
    async close() {
      await Promise.all([close(), keywordThreads?.close()]);
      stored.release();
    },
  };
}

/** Opens the index with its semantic half in this thread: the whole build read by `loadIndex`. */
async function openInThread(indexDir: string, models: ModelLocation): Promise<OpenedIndex> {
  const stored = await loadIndex(indexDir);
  const restored = await restoreEmbedder(indexDir, stored, models);
  return openedIndex(
    stored,
    null,
    restored && stored.vectors
      ? localSemanticIndex(
          restored.embedder,
          stored.vectors,
          stored.manifest.similarity ?? calibrateVectorIndex(stored.vectors),
        )
      : null,
    async () => {
      await restored?.close();
    },
  );
}

/**
 * Cut-offs for an index built before they were recorded in the manifest: read the same way from the
 * vectors the graph holds (a few hundred milliseconds at laws scale, once per start).
 */
function calibrateVectorIndex(vectors: VectorIndex): SimilarityCalibration {
  const points = new Map<number, number[]>();
  const pointAt = (seq: number) => {
    let point = points.get(seq);
    if (!point) {
      point = vectors.hnsw.getPoint(seq);
      points.set(seq, point);
    }
    return point;
  };
  return calibrateSimilarity(vectors.size, pointAt);
}

/** A restored query embedder and how to let go of what it holds. */
interface RestoredEmbedder {
  embedder: Embedder;
  close(): Promise<void>;
}

async function restoreEmbedder(
  indexDir: string,
  stored: StoredIndex,
  models: ModelLocation,
): Promise<RestoredEmbedder | null> {
  const info = stored.manifest.embedder;
  if (!info) return null;
  const refuse = (reason: string) => new IndexLoadError(loadErrorMessage(indexDir, reason));
  let restored: RestoredEmbedder;
  if (info.kind === 'corpus') {
    if (!stored.embedderData) throw refuse('the corpus embedder model is missing');
    try {
      const model = deserializeCorpusModel(stored.embedderData);
      // Hashed from the bytes read, not from the model serialized again (41 MB at laws scale).
      const embedder = corpusEmbedderFromModel(model, queryTokens, corpusModelId(stored.embedderData));
      // About 0.05 ms a query: cheaper in process than a message to a worker thread.
      restored = { embedder, close: async () => {} };
    } catch (error) {
      throw refuse(`the corpus embedder model cannot be read (${(error as Error).message})`);
    }
  } else {
    try {
      const embedder = await loadThreadedEmbedder({ ...models, model: info.model });
      restored = { embedder, close: () => embedder.close() };
    } catch {
      throw refuse(`its vectors come from the transformer model ${info.model}, which cannot be loaded here`);
    }
  }
  const { model, dimensions } = restored.embedder.info;
  if (model !== info.model || dimensions !== info.dimensions) {
    await restored.close();
    throw refuse(`its embedder ${info.kind}:${info.model} does not match the one restored for queries`);
  }
  return restored;
}
