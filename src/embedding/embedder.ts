/**
 * The one interface every embedder implements, so the indexer and the searcher do not care whether
 * vectors come from a transformer or from the corpus-trained latent semantic model.
 */
import type { EmbedderInfo } from '../types.ts';

/** Called after each batch with the number of texts embedded so far and the total. */
export type EmbedProgress = (done: number, total: number) => void;

/** Turns text into L2-normalized vectors; passages and queries may be embedded differently. */
export interface Embedder {
  info: EmbedderInfo;
  /** One vector per text, in input order, each of length `info.dimensions` and unit length. */
  embedPassages(texts: string[], onProgress?: EmbedProgress): Promise<Float32Array[]>;
  /** The vector of a search query (a transformer may prefix an instruction). */
  embedQuery(text: string): Promise<Float32Array>;
}

/** Scales a vector to unit length in place; a zero vector stays zero (it matches nothing). */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}

/** The dot product of two equal-length vectors (their cosine when both are unit length). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}
