/**
 * A semantic half that is still loading: the server listens as soon as the keyword side is open,
 * while the semantic worker reads the HNSW graph and the query model (about 2–3 s at laws scale).
 * Each call waits for the load, at most `waitMs`, then answers from the loaded half; a call that
 * waited that long in vain is refused with `SEMANTIC_LOADING`, and every call after a failed load
 * with `SEMANTIC_UNAVAILABLE` and the reason — never a keyword-only answer passed off as semantic.
 */
import { SearchError } from '../errors.ts';
import type { EmbedderInfo } from '../types.ts';
import type { NeighbourSearch } from './neighbour-search.ts';

/** Where a semantic half stands: none in the index, loading, loaded, or failed to load (with why). */
export type SemanticStatus =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'ready' }
  | { state: 'failed'; reason: string };

/** `text` ending with one full stop. */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/** A neighbour search over a half still loading, and where its load stands. */
export interface PendingNeighbourSearch extends NeighbourSearch {
  /** Where the load stands now. */
  status(): SemanticStatus;
  /** Resolves (never rejects) with `ready` or `failed` once the load has ended. */
  readonly settled: Promise<SemanticStatus>;
}

/**
 * Neighbour search through `loading` once it resolves: each call waits for it up to `waitMs`
 * milliseconds. `info` and `size` are the manifest's, known before the half loads.
 */
export function pendingNeighbourSearch(
  loading: Promise<NeighbourSearch>,
  options: { info: EmbedderInfo; size: number; waitMs: number },
): PendingNeighbourSearch {
  let loaded: NeighbourSearch | null = null;
  let status: SemanticStatus = { state: 'loading' };
  const settled = loading.then(
    (search): SemanticStatus => {
      loaded = search;
      status = { state: 'ready' };
      return status;
    },
    (error: unknown): SemanticStatus => {
      const reason = error instanceof Error ? error.message : String(error);
      status = { state: 'failed', reason };
      return status;
    },
  );
  const unavailable = (reason: string) =>
    new SearchError(
      'SEMANTIC_UNAVAILABLE',
      `Semantic and hybrid search are unavailable: the semantic half of this index failed to load. ${sentence(reason)} Keyword search (mode=keyword) still works.`,
    );

  const ready = async (): Promise<NeighbourSearch> => {
    if (loaded) return loaded;
    if (status.state === 'failed') throw unavailable(status.reason);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.waitMs);
    });
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
    // Re-read: the race above may have settled the load (TypeScript cannot see the callbacks' writes).
    const now = loaded as NeighbourSearch | null;
    if (now) return now;
    const after = status as SemanticStatus;
    if (after.state === 'failed') throw unavailable(after.reason);
    throw new SearchError(
      'SEMANTIC_LOADING',
      `The semantic half of the index is still loading (waited ${Math.round(options.waitMs / 1000)} s); keyword search (mode=keyword) answers now. Try again in a few seconds.`,
    );
  };

  return {
    info: options.info,
    size: options.size,
    status: () => status,
    settled,
    nearestToText: async (text, k, scope) => (await ready()).nearestToText(text, k, scope),
    nearestToSeq: async (seq, k, scope) => (await ready()).nearestToSeq(seq, k, scope),
    vectorOf: async (seq) => (await ready()).vectorOf(seq),
  };
}
