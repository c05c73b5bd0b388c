/**
 * Cosine HNSW over paragraph vectors (hnswlib-node), keyed by seq. Filters run inside the graph
 * search (hnswlib calls the filter on each candidate), so a narrow filter still returns k hits
 * instead of the few that survive an over-fetched list.
 */
import hnswlib from 'hnswlib-node';
import { VECTOR_INDEX } from '../config.ts';
import { dot } from '../embedding/embedder.ts';

/** A built or loaded vector index. */
export interface VectorIndex {
  readonly hnsw: hnswlib.HierarchicalNSW;
  readonly dimensions: number;
  /** Number of vectors; labels are seq 0…size−1. */
  readonly size: number;
}

/** One nearest neighbour: the paragraph's seq and its cosine similarity to the query. */
export interface VectorMatch {
  seq: number;
  similarity: number;
}

/** Build parameters; defaults from `VECTOR_INDEX` in config. */
export interface VectorIndexOptions {
  m?: number;
  efConstruction?: number;
  efSearch?: number;
  seed?: number;
  /** Called every few thousand vectors with (added, total). */
  onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 5_000;

/** Builds a cosine HNSW index whose label for `vectors[seq]` is `seq`. */
export function buildVectorIndex(vectors: Float32Array[], options: VectorIndexOptions = {}): VectorIndex {
  const dimensions = vectors[0]?.length ?? 0;
  if (dimensions === 0) throw new Error('buildVectorIndex needs at least one non-empty vector');
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
  hnsw.initIndex({
    // hnswlib refuses an index of zero capacity; a one-slot index of nothing is still searchable.
    maxElements: Math.max(1, vectors.length),
    m: options.m ?? VECTOR_INDEX.m,
    efConstruction: options.efConstruction ?? VECTOR_INDEX.efConstruction,
    randomSeed: options.seed ?? VECTOR_INDEX.seed,
  });
  vectors.forEach((vector, seq) => {
    if (vector.length !== dimensions) {
      throw new Error(`vector ${seq} has ${vector.length} dimensions, expected ${dimensions}`);
    }
    hnsw.addPoint(Array.from(vector), seq);
    if ((seq + 1) % PROGRESS_EVERY === 0) options.onProgress?.(seq + 1, vectors.length);
  });
  options.onProgress?.(vectors.length, vectors.length);
  hnsw.setEf(options.efSearch ?? VECTOR_INDEX.efSearch);
  return { hnsw, dimensions, size: vectors.length };
}

/**
 * The `k` paragraphs closest to `query`, most similar first. `filter(seq)` restricts the candidates
 * during the graph walk; with a filter that admits few paragraphs the walk explores more of the graph.
 */
export function searchVectors(
  index: VectorIndex,
  query: Float32Array,
  k: number,
  filter?: (seq: number) => boolean,
): VectorMatch[] {
  const limit = Math.min(k, index.size);
  if (limit <= 0) return [];
  if (query.length !== index.dimensions) {
    throw new Error(`query has ${query.length} dimensions, index holds ${index.dimensions}`);
  }
  // The candidate list must be at least k long, or hnswlib returns fewer than k.
  const ef = index.hnsw.getEf();
  if (ef < limit) index.hnsw.setEf(limit);
  let result: hnswlib.SearchResult;
  try {
    result = index.hnsw.searchKnn(Array.from(query), limit, filter);
  } finally {
    if (ef < limit) index.hnsw.setEf(ef);
  }
  const { neighbors, distances } = result;
  const matches = neighbors.map((seq, i) => ({ seq, similarity: 1 - (distances[i] ?? 1) }));
  // hnswlib returns nearest first already; sorting again makes ties deterministic (lower seq first).
  return matches.sort((a, b) => b.similarity - a.similarity || a.seq - b.seq);
}

/** Brute-force cosine search over unit vectors: the ground truth for measuring HNSW recall. */
export function exactSearch(
  vectors: Float32Array[],
  query: Float32Array,
  k: number,
  filter?: (seq: number) => boolean,
): VectorMatch[] {
  const matches: VectorMatch[] = [];
  vectors.forEach((vector, seq) => {
    if (!filter || filter(seq)) matches.push({ seq, similarity: dot(vector, query) });
  });
  return matches.sort((a, b) => b.similarity - a.similarity || a.seq - b.seq).slice(0, k);
}

/** Sets the search candidate list size (recall against latency) on a built or loaded index. */
export function setEfSearch(index: VectorIndex, efSearch: number): void {
  index.hnsw.setEf(efSearch);
}

/** Writes the index to `filePath` (hnswlib's own binary format; the caller chooses the path). */
export function saveVectorIndex(index: VectorIndex, filePath: string): void {
  index.hnsw.writeIndexSync(filePath);
}

/** Reads an index written by {@link saveVectorIndex}; `dimensions` comes from the manifest. */
export function loadVectorIndex(
  filePath: string,
  options: { dimensions: number; efSearch?: number },
): VectorIndex {
  const hnsw = new hnswlib.HierarchicalNSW('cosine', options.dimensions);
  hnsw.readIndexSync(filePath);
  hnsw.setEf(options.efSearch ?? VECTOR_INDEX.efSearch);
  return { hnsw, dimensions: options.dimensions, size: hnsw.getCurrentCount() };
}
