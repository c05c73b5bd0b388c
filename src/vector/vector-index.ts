/**
 * Cosine HNSW over paragraph vectors (hnswlib-node), keyed by seq. Filters run inside the graph
 * search (hnswlib calls the filter on each candidate), so a narrow filter still returns k hits
 * instead of the few that survive an over-fetched list.
 */
import { createRequire } from 'node:module';
import type hnswlib from 'hnswlib-node';
import { VECTOR_INDEX } from '../config.ts';
import { dot } from '../embedding/embedder.ts';
import { addedByEdits, type GraphEdit } from './graph-edits.ts';

/**
 * Which hnswlib label holds each seq's vector, once an index has been updated in place (see
 * {@link updateVectorIndex}): labels then no longer equal seqs, and deleted labels hold no seq.
 */
export interface VectorLabels {
  /** Label of each seq. */
  labelOfSeq: Uint32Array;
  /** Seq of each label, −1 for a deleted one. */
  seqOfLabel: Int32Array;
}

/** A built or loaded vector index. */
export interface VectorIndex {
  readonly hnsw: hnswlib.HierarchicalNSW;
  readonly dimensions: number;
  /** Number of live vectors, one per seq 0…size−1. */
  readonly size: number;
  /** Label ↔ seq when they differ (an updated index); absent when label = seq. */
  readonly labels?: VectorLabels;
  /**
   * The edits made since the graph was last written whole, in order (see graph-edits.ts): an
   * incremental build saves these beside the previous graph file instead of rewriting it.
   * Absent for a graph built or written whole.
   */
  readonly edits?: readonly GraphEdit[];
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

/**
 * hnswlib's native module, loaded when the first graph is made or read rather than at import: the
 * server's main thread, whose graph lives in the semantic worker, never loads it (resolving and
 * opening the addon was ≈ 80 ms of a start's main thread).
 */
let native: typeof hnswlib | undefined;

/** An empty cosine graph of `dimensions`. */
function newGraph(dimensions: number): hnswlib.HierarchicalNSW {
  native ??= createRequire(import.meta.url)('hnswlib-node') as typeof hnswlib;
  return new native.HierarchicalNSW('cosine', dimensions);
}

/** Builds a cosine HNSW index whose label for `vectors[seq]` is `seq`. */
export function buildVectorIndex(vectors: Float32Array[], options: VectorIndexOptions = {}): VectorIndex {
  const dimensions = vectors[0]?.length ?? 0;
  if (dimensions === 0) throw new Error('buildVectorIndex needs at least one non-empty vector');
  const hnsw = newGraph(dimensions);
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
  const seqOfLabel = index.labels?.seqOfLabel;
  let result: hnswlib.SearchResult;
  try {
    result = index.hnsw.searchKnn(Array.from(query), limit, labelFilterOf(seqOfLabel, filter));
  } finally {
    if (ef < limit) index.hnsw.setEf(ef);
  }
  return matchesOfLabels(result.neighbors, result.distances, seqOfLabel);
}

/** A filter on seqs as a filter on graph labels (a label map's deleted labels admit nothing). */
export function labelFilterOf(
  seqOfLabel: Int32Array | undefined,
  filter: ((seq: number) => boolean) | undefined,
): ((label: number) => boolean) | undefined {
  if (!seqOfLabel || !filter) return filter;
  return (label) => {
    const seq = seqOfLabel[label] as number;
    return seq >= 0 && filter(seq);
  };
}

/** Labels and hnswlib distances as matches: seqs by similarity (1 − distance), ties lower seq first. */
export function matchesOfLabels(
  labels: readonly number[],
  distances: readonly number[],
  seqOfLabel: Int32Array | undefined,
): VectorMatch[] {
  const matches = labels.map((label, i) => ({
    seq: seqOfLabel ? (seqOfLabel[label] as number) : label,
    similarity: 1 - (distances[i] ?? 1),
  }));
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

/** The stored vector of one seq. */
export function vectorOfSeq(index: VectorIndex, seq: number): Float32Array {
  return Float32Array.from(
    index.hnsw.getPoint(index.labels ? (index.labels.labelOfSeq[seq] as number) : seq),
  );
}

/** What changed between the corpus an index was built for and the new one. */
export interface VectorIndexChange {
  /** New seq of each previous seq, or −1 for a paragraph that is gone. */
  previousToNew: Int32Array;
  /** Seqs of the new corpus whose vectors are added, and their vectors. */
  addedSeqs: Uint32Array;
  addedVectors: Float32Array[];
  /** Paragraphs in the new corpus. */
  size: number;
}

/**
 * Updates `previous` in place for an edited corpus: vectors of paragraphs that are gone are marked
 * deleted (hnswlib skips them in every search), the new ones are added to the graph under fresh
 * labels, and the label ↔ seq map is rewritten. Costs the new vectors' insertion, not a rebuild.
 */
export function updateVectorIndex(previous: VectorIndex, change: VectorIndexChange): VectorIndex {
  const { hnsw } = previous;
  const labelOfSeq = new Uint32Array(change.size);
  const previousLabel = (seq: number) =>
    previous.labels ? (previous.labels.labelOfSeq[seq] as number) : seq;
  const edits: GraphEdit[] = [...(previous.edits ?? [])];
  change.previousToNew.forEach((seq, old) => {
    if (seq >= 0) labelOfSeq[seq] = previousLabel(old);
    else edits.push({ label: previousLabel(old), vector: null });
  });
  let next = hnsw.getCurrentCount();
  change.addedSeqs.forEach((seq, i) => {
    const vector = change.addedVectors[i];
    if (!vector || vector.length !== previous.dimensions) {
      throw new Error(
        `vector for seq ${seq} has ${vector?.length ?? 0} dimensions, expected ${previous.dimensions}`,
      );
    }
    edits.push({ label: next, vector });
    labelOfSeq[seq] = next++;
  });
  applyGraphEdits(hnsw, edits.slice(previous.edits?.length ?? 0));
  return {
    hnsw,
    dimensions: previous.dimensions,
    size: change.size,
    labels: labelsFrom(labelOfSeq, next),
    edits,
  };
}

/**
 * Applies `edits` to `hnsw` in order, growing it first to hold the added vectors: what an
 * incremental build does to its graph, and what loading does again to the graph file it kept.
 */
export function applyGraphEdits(hnsw: hnswlib.HierarchicalNSW, edits: readonly GraphEdit[]): void {
  const needed = hnsw.getCurrentCount() + addedByEdits(edits);
  if (needed > hnsw.getMaxElements()) hnsw.resizeIndex(needed);
  for (const { label, vector } of edits) {
    if (vector) hnsw.addPoint(Array.from(vector), label);
    else hnsw.markDelete(label);
  }
}

/** The label ↔ seq map from each seq's label (`labelCount` labels in the graph, deleted ones included). */
export function labelsFrom(labelOfSeq: Uint32Array, labelCount: number): VectorLabels {
  const seqOfLabel = new Int32Array(labelCount).fill(-1);
  labelOfSeq.forEach((label, seq) => {
    seqOfLabel[label] = seq;
  });
  return { labelOfSeq, seqOfLabel };
}

/** Sets the search candidate list size (recall against latency) on a built or loaded index. */
export function setEfSearch(index: VectorIndex, efSearch: number): void {
  index.hnsw.setEf(efSearch);
}

/** Writes the index to `filePath` (hnswlib's own binary format; the caller chooses the path). */
export function saveVectorIndex(index: VectorIndex, filePath: string): void {
  index.hnsw.writeIndexSync(filePath);
}

/**
 * Reads an index written by {@link saveVectorIndex}, then replays `edits` (the log an incremental
 * build wrote beside the graph it kept) on it; `dimensions` comes from the manifest.
 */
export function loadVectorIndex(filePath: string, options: VectorLoadOptions): VectorIndex {
  const hnsw = newGraph(options.dimensions);
  hnsw.readIndexSync(filePath);
  return completeLoad(hnsw, options);
}

/**
 * {@link loadVectorIndex} with hnswlib reading the file on a libuv thread: the caller's other work
 * (an incremental build's keyword merge) runs meanwhile.
 */
export async function readVectorIndex(filePath: string, options: VectorLoadOptions): Promise<VectorIndex> {
  const hnsw = newGraph(options.dimensions);
  await hnsw.readIndex(filePath);
  return completeLoad(hnsw, options);
}

/** How a saved graph is read: its dimensions (from the manifest), and its label map and edit log when it has them. */
export interface VectorLoadOptions {
  dimensions: number;
  efSearch?: number;
  labelOfSeq?: Uint32Array;
  edits?: GraphEdit[];
}

/** A graph just read from its file, its edit log replayed and its labels attached. */
function completeLoad(hnsw: hnswlib.HierarchicalNSW, options: VectorLoadOptions): VectorIndex {
  const edits = options.edits?.length ? options.edits : undefined;
  if (edits) {
    // Added labels continue the graph's own, one by one; a deleted one is a label held by then.
    let next = hnsw.getCurrentCount();
    for (const edit of edits) {
      if (edit.vector ? edit.label !== next++ : edit.label >= next) {
        throw new Error('the graph edit log does not fit the graph it was written for');
      }
    }
    applyGraphEdits(hnsw, edits);
  }
  hnsw.setEf(options.efSearch ?? VECTOR_INDEX.efSearch);
  if (options.labelOfSeq) {
    const labelCount = hnsw.getCurrentCount();
    if (options.labelOfSeq.some((label) => label >= labelCount)) {
      throw new Error('the label map names vectors the index does not hold');
    }
    return {
      hnsw,
      dimensions: options.dimensions,
      size: options.labelOfSeq.length,
      labels: labelsFrom(options.labelOfSeq, labelCount),
      ...(edits ? { edits } : {}),
    };
  }
  return { hnsw, dimensions: options.dimensions, size: hnsw.getCurrentCount() };
}
