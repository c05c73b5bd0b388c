/**
 * Word vectors learned from the indexed corpus itself, for measuring query expansion by nearest
 * words (issue 10): positive pointwise mutual information of words co-occurring within a few words
 * of each other in one sentence (context counts smoothed by α = 0.75, Levy, Goldberg and Dagan 2015),
 * reduced by the project's randomized truncated SVD; a word's vector is its row of V·√Σ, unit length.
 * An evaluation tool, not part of the index: the candidate did not earn a place in the build
 * (BENCHMARKS.md, "Paraphrases at laws scale: candidates measured").
 */
import { randomizedSvd } from '../../src/embedding/randomized-svd.ts';
import { csrFromRows } from '../../src/embedding/sparse-matrix.ts';

/** Training options of {@link trainWordVectors}. */
export interface WordVectorOptions {
  /** Words seen fewer times are left out. */
  minCount: number;
  /** Co-occurrence window: a word pairs with the next `window` words of its sentence. */
  window: number;
  /** Dimensions kept by the SVD. */
  rank: number;
  /** Power iterations of the randomized SVD. */
  powerIterations: number;
  /** Which words get a vector (e.g. Han words only). */
  keep: (word: string) => boolean;
}

/** Unit-length word vectors, row-major, with each word's count in the training text. */
export interface WordVectors {
  words: string[];
  counts: number[];
  dimensions: number;
  vectors: Float32Array;
}

/** Trains word vectors from sentences given as word lists. */
export function trainWordVectors(sentences: string[][], options: WordVectorOptions): WordVectors {
  const counts = new Map<string, number>();
  for (const sentence of sentences)
    for (const word of sentence) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts]
    .filter(([word, count]) => count >= options.minCount && options.keep(word))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([word]) => word);
  const idOf = new Map(words.map((word, id) => [word, id]));
  const size = words.length;

  // Every ordered pair as one number (row · size + column), sorted, then counted in runs: far less
  // memory than a map of pairs at 58 million pairs.
  let codes = new Float64Array(1 << 20);
  let length = 0;
  const push = (code: number) => {
    if (length === codes.length) {
      const grown = new Float64Array(codes.length * 2);
      grown.set(codes);
      codes = grown;
    }
    codes[length++] = code;
  };
  for (const sentence of sentences) {
    const ids = sentence.map((word) => idOf.get(word)).filter((id): id is number => id !== undefined);
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < Math.min(ids.length, i + 1 + options.window); j++) {
        const a = ids[i] as number;
        const b = ids[j] as number;
        if (a === b) continue;
        push(a * size + b);
        push(b * size + a);
      }
    }
  }
  const sorted = codes.subarray(0, length).sort();
  const pairs: { row: number; column: number; count: number }[] = [];
  const rowTotals = new Float64Array(size);
  for (let i = 0; i < length; ) {
    const code = sorted[i] as number;
    let end = i;
    while (end < length && sorted[end] === code) end++;
    const row = Math.floor(code / size);
    pairs.push({ row, column: code - row * size, count: end - i });
    rowTotals[row] = (rowTotals[row] as number) + end - i;
    i = end;
  }
  const context = rowTotals.map((total) => total ** 0.75);
  const contextTotal = context.reduce((sum, value) => sum + value, 0);
  const rows = Array.from({ length: size }, () => ({ columns: [] as number[], values: [] as number[] }));
  for (const { row, column, count } of pairs) {
    const pmi = Math.log((count * contextTotal) / ((rowTotals[row] as number) * (context[column] as number)));
    if (pmi <= 0) continue;
    rows[row]?.columns.push(column);
    rows[row]?.values.push(pmi);
  }
  const svd = randomizedSvd(csrFromRows(rows, size), {
    rank: options.rank,
    oversampling: 20,
    powerIterations: options.powerIterations,
    seed: 7,
  });
  const dimensions = svd.singularValues.length;
  const vectors = new Float32Array(size * dimensions);
  for (let w = 0; w < size; w++) {
    let norm = 0;
    for (let c = 0; c < dimensions; c++) {
      const value =
        (svd.rightVectors.data[w * dimensions + c] as number) * Math.sqrt(svd.singularValues[c] as number);
      vectors[w * dimensions + c] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < dimensions; c++)
      vectors[w * dimensions + c] = (vectors[w * dimensions + c] as number) / norm;
  }
  return { words, counts: words.map((word) => counts.get(word) as number), dimensions, vectors };
}

/** The `k` words closest to `word` by cosine, at least `minSimilarity`, seen at least `minCount` times; none for an unknown word. */
export function nearestWords(
  model: WordVectors,
  word: string,
  options: { k: number; minSimilarity: number; minCount: number },
): { word: string; similarity: number }[] {
  const id = model.words.indexOf(word);
  if (id === -1) return [];
  const { dimensions: d, vectors } = model;
  const found: { word: string; similarity: number }[] = [];
  for (let other = 0; other < model.words.length; other++) {
    if (other === id || (model.counts[other] as number) < options.minCount) continue;
    let similarity = 0;
    for (let c = 0; c < d; c++)
      similarity += (vectors[id * d + c] as number) * (vectors[other * d + c] as number);
    if (similarity >= options.minSimilarity) found.push({ word: model.words[other] as string, similarity });
  }
  return found.sort((a, b) => b.similarity - a.similarity).slice(0, options.k);
}
