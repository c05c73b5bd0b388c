/**
 * The semantic half's one verb set, wherever it runs: nearest paragraphs to a query text or to a
 * stored paragraph, and a paragraph's stored vector. `localNeighbourSearch` answers in this thread
 * (indexes built in memory, tests, `openIndex(…, { semanticIn: 'thread' })`); the semantic worker
 * (`semantic-thread.ts`) answers the same calls from another thread, so the event loop never walks
 * the graph or runs the embedder.
 */
import type { Embedder } from '../embedding/embedder.ts';
import type { EmbedderInfo } from '../types.ts';
import { type SeqScope, scopePredicate } from './seq-scope.ts';
import { searchVectors, type VectorIndex, type VectorMatch, vectorOfSeq } from './vector-index.ts';

/** Nearest-neighbour search over an index's paragraph vectors, with the embedder that made them. */
export interface NeighbourSearch {
  /** The embedder that turns query texts into vectors like the stored ones. */
  readonly info: EmbedderInfo;
  /** Paragraphs (seqs) the vectors cover. */
  readonly size: number;
  /** The `k` paragraphs closest to `text`'s embedding within `scope`, most similar first. */
  nearestToText(text: string, k: number, scope?: SeqScope): Promise<VectorMatch[]>;
  /** The `k` paragraphs closest to the stored vector of `seq` within `scope`, most similar first. */
  nearestToSeq(seq: number, k: number, scope?: SeqScope): Promise<VectorMatch[]>;
  /** The stored (normalized) vector of `seq`. */
  vectorOf(seq: number): Promise<Float32Array>;
}

/** Neighbour search in this thread over a built or loaded vector index. */
export function localNeighbourSearch(embedder: Embedder, vectors: VectorIndex): NeighbourSearch {
  return {
    info: embedder.info,
    size: vectors.size,
    async nearestToText(text, k, scope) {
      const query = await embedder.embedQuery(text);
      return searchVectors(vectors, query, k, scopePredicate(scope));
    },
    async nearestToSeq(seq, k, scope) {
      return searchVectors(vectors, vectorOfSeq(vectors, seq), k, scopePredicate(scope));
    },
    async vectorOf(seq) {
      return vectorOfSeq(vectors, seq);
    },
  };
}
