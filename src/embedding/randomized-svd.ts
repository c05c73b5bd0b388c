/**
 * Truncated SVD of a large sparse matrix by the randomized range finder of Halko, Martinsson and
 * Tropp (2011, Algorithms 4.4 and 5.1): project onto a few hundred random directions, sharpen with
 * power iterations, then solve a small dense problem with ml-matrix. Only the top-k right singular
 * vectors are needed (the term → topic projection), so the left ones are never formed.
 */
import { createRequire } from 'node:module';
import type { Matrix } from 'ml-matrix';
import {
  type CsrMatrix,
  type DenseMatrix,
  gram,
  multiplyDenseSmall,
  multiplySparseDense,
  multiplySparseTransposeDense,
} from './sparse-matrix.ts';

/**
 * ml-matrix, loaded on the first decomposition: only training needs it, while the server, the CLI and
 * the semantic worker import this module (for {@link gaussianGenerator}) at every start, where loading
 * ml-matrix cost ≈ 0.1 s of CPU in each thread.
 */
let mlMatrix: typeof import('ml-matrix') | null = null;
function loadMlMatrix(): typeof import('ml-matrix') {
  mlMatrix ??= createRequire(import.meta.url)('ml-matrix') as typeof import('ml-matrix');
  return mlMatrix;
}

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Singular triplets wanted. */
  rank: number;
  /** Extra random directions beyond `rank`. */
  oversampling: number;
  /** Power iterations (each is one Aᵀ and one A product). */
  powerIterations: number;
  /** Seed of the Gaussian test matrix. */
  seed: number;
  /** Told about each step as it finishes (for progress output on large corpora). */
  onStep?: (step: string) => void;
}

/** The top right singular vectors (columns × rank, row-major) and their singular values, largest first. */
export interface TruncatedSvd {
  rightVectors: DenseMatrix;
  singularValues: Float64Array;
}

/** A seeded standard normal generator (mulberry32 + Box–Muller), so training is reproducible. */
export function gaussianGenerator(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Symmetric eigen-decomposition of an l × l row-major matrix, eigenpairs sorted by value, largest first. */
function symmetricEigen(g: Float64Array, l: number): { values: number[]; vectors: Matrix } {
  const { EigenvalueDecomposition, Matrix } = loadMlMatrix();
  const rows = Array.from({ length: l }, (_, r) => Array.from(g.subarray(r * l, (r + 1) * l)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value);
  const vectors = new Matrix(l, l);
  order.forEach(({ i }, c) => {
    for (let r = 0; r < l; r++) vectors.set(r, c, evd.eigenvectorMatrix.get(r, i));
  });
  return { values: order.map((o) => o.value), vectors };
}

/**
 * Orthonormal columns spanning the columns of a tall matrix Y (m × l), by eigen-decomposing the
 * small Gram matrix YᵀY = WΛWᵀ and taking Q = Y W Λ^(−1/2). Cheaper than Householder QR on a tall
 * matrix in JavaScript; directions with a negligible eigenvalue are dropped to zero columns.
 */
export function orthonormalizeColumns(y: DenseMatrix): DenseMatrix {
  const l = y.columns;
  const { values, vectors } = symmetricEigen(gram(y), l);
  const largest = Math.max(values[0] ?? 0, Number.MIN_VALUE);
  const transform = new Float64Array(l * l);
  for (let c = 0; c < l; c++) {
    const value = values[c] ?? 0;
    if (value <= largest * 1e-12) continue;
    const scale = 1 / Math.sqrt(value);
    for (let r = 0; r < l; r++) transform[r * l + c] = vectors.get(r, c) * scale;
  }
  return multiplyDenseSmall(y, transform, l);
}

/** The top `rank` right singular vectors and values of a sparse matrix A (Halko et al. 2011). */
export function randomizedSvd(a: CsrMatrix, options: RandomizedSvdOptions): TruncatedSvd {
  const l = Math.min(options.rank + options.oversampling, a.rows, a.columns);
  const rank = Math.min(options.rank, l);
  const normal = gaussianGenerator(options.seed);
  const omega: DenseMatrix = {
    rows: a.columns,
    columns: l,
    data: Float64Array.from({ length: a.columns * l }, normal),
  };

  // Range finder with power iterations (Algorithm 4.3), orthonormalizing once per power iteration
  // rather than after every product (Algorithm 4.4): the tall orthonormalization is the costliest
  // step, and over one power iteration the Gram matrix's condition number, (σ1/σl)⁶, stays far
  // inside float64 for text matrices, whose spectra decay slowly.
  const step = options.onStep ?? (() => {});
  let y = multiplySparseDense(a, omega);
  if (options.powerIterations === 0) y = orthonormalizeColumns(y);
  step('range sample');
  for (let i = 0; i < options.powerIterations; i++) {
    y = orthonormalizeColumns(multiplySparseDense(a, multiplySparseTransposeDense(a, y)));
    step(`power iteration ${i + 1}/${options.powerIterations}`);
  }
  const q = y;

  // B = QᵀA is small (l × n); we hold Bᵀ = AᵀQ (n × l). BBᵀ = U Σ² Uᵀ gives Σ and U; then V = Bᵀ U Σ⁻¹.
  const bt = multiplySparseTransposeDense(a, q);
  const { values, vectors } = symmetricEigen(gram(bt), l);
  const singularValues = new Float64Array(rank);
  const transform = new Float64Array(l * rank);
  for (let c = 0; c < rank; c++) {
    const sigma = Math.sqrt(Math.max(values[c] ?? 0, 0));
    singularValues[c] = sigma;
    if (sigma === 0) continue;
    for (let r = 0; r < l; r++) transform[r * rank + c] = vectors.get(r, c) / sigma;
  }
  const rightVectors = multiplyDenseSmall(bt, transform, rank);
  step('small SVD');
  return { rightVectors, singularValues };
}
