/**
 * Nearest paragraphs (seqs) over a {@link SharedGraph}: what `searchVectors` and `vectorOfSeq`
 * (vector-index.ts) answer over hnswlib's graph, the same way — labels mapped to seqs through the
 * build's label map, the scope checked on each candidate during the walk, similarity 1 − distance,
 * nearest first and ties by seq — so either thread answers as hnswlib would.
 */
import { VECTOR_INDEX } from '../config.ts';
import { type GraphWalker, graphWalker } from './graph-walk.ts';
import { type SharedGraph, storedVector } from './shared-graph.ts';
import { labelFilterOf, matchesOfLabels, type VectorMatch } from './vector-index.ts';

/** A build's vectors in shared memory, as posted between threads. */
export interface SharedVectors {
  graph: SharedGraph;
  /** Live vectors, one per seq 0…size−1. */
  size: number;
  /** Label of each seq, and seq of each label (−1: deleted), when labels are not seqs (an updated index). */
  labelOfSeq?: Uint32Array;
  seqOfLabel?: Int32Array;
  /** The walk's candidate list (hnswlib's ef). */
  efSearch: number;
}

/** The shared vectors of a graph and, when the build has one, its label map (checked against the graph). */
export function sharedVectors(graph: SharedGraph, labelOfSeq?: Uint32Array): SharedVectors {
  if (!labelOfSeq) return { graph, size: graph.elements, efSearch: VECTOR_INDEX.efSearch };
  const labelCount = graph.elements;
  if (labelOfSeq.some((label) => label >= labelCount)) {
    throw new Error('the label map names vectors the index does not hold');
  }
  const seqOfLabel = new Int32Array(new SharedArrayBuffer(labelCount * 4)).fill(-1);
  labelOfSeq.forEach((label, seq) => {
    seqOfLabel[label] = seq;
  });
  return { graph, size: labelOfSeq.length, labelOfSeq, seqOfLabel, efSearch: VECTOR_INDEX.efSearch };
}

/** The `k` seqs nearest to `query` that `filter` admits, most similar first (ties: lower seq first). */
export function searchSharedVectors(
  vectors: SharedVectors,
  walker: GraphWalker,
  query: Float32Array,
  k: number,
  filter?: (seq: number) => boolean,
): VectorMatch[] {
  const limit = Math.min(k, vectors.size);
  if (limit <= 0) return [];
  const { seqOfLabel } = vectors;
  const { labels, distances } = walker.nearest(
    query,
    limit,
    vectors.efSearch,
    labelFilterOf(seqOfLabel, filter),
  );
  return matchesOfLabels(labels, distances, seqOfLabel);
}

/** The stored (normalized) vector of one seq. */
export function sharedVectorOfSeq(vectors: SharedVectors, seq: number): Float32Array {
  return storedVector(vectors.graph, vectors.labelOfSeq ? (vectors.labelOfSeq[seq] as number) : seq);
}

/** Nearest seqs and stored vectors over shared vectors, from one thread. */
export interface SharedVectorSearch {
  /** {@link searchSharedVectors} with this thread's walker. */
  nearest(query: Float32Array, k: number, filter?: (seq: number) => boolean): VectorMatch[];
  /** {@link sharedVectorOfSeq}. */
  vectorOf(seq: number): Float32Array;
}

/** Search over `vectors` from the thread walking in scratch slot `slot` (the main thread's is 0). */
export function sharedVectorSearch(vectors: SharedVectors, slot: number): SharedVectorSearch {
  const walker = graphWalker(vectors.graph, slot);
  return {
    nearest: (query, k, filter) => searchSharedVectors(vectors, walker, query, k, filter),
    vectorOf: (seq) => sharedVectorOfSeq(vectors, seq),
  };
}
