/**
 * A compressed sparse row (CSR) matrix and the two products the randomized SVD needs, on dense
 * matrices stored row-major in a Float64Array. The term–paragraph matrix is far too large to be
 * dense (360k paragraphs × 40k words), so these loops touch only its non-zeros.
 */

/**
 * out[outAt … outAt+n) += x · src[srcAt … srcAt+n): the inner loop of every product here, unrolled
 * by four because V8 does not vectorize (about 1.4× faster than the plain loop).
 */
export function axpy(
  out: Float64Array | Float32Array,
  outAt: number,
  x: number,
  src: Float64Array | Float32Array,
  srcAt: number,
  n: number,
): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = outAt + i;
    const q = srcAt + i;
    out[o] = (out[o] as number) + x * (src[q] as number);
    out[o + 1] = (out[o + 1] as number) + x * (src[q + 1] as number);
    out[o + 2] = (out[o + 2] as number) + x * (src[q + 2] as number);
    out[o + 3] = (out[o + 3] as number) + x * (src[q + 3] as number);
  }
  for (; i < n; i++) out[outAt + i] = (out[outAt + i] as number) + x * (src[srcAt + i] as number);
}

/** A sparse matrix in CSR form: row i's entries are `values[rowStart[i] … rowStart[i+1])` at `columns[…]`. */
export interface CsrMatrix {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  columnIndex: Int32Array;
  values: Float32Array;
}

/** A dense matrix, row-major: element (r, c) is `data[r * columns + c]`. */
export interface DenseMatrix {
  rows: number;
  columns: number;
  data: Float64Array;
}

/** Builds a CSR matrix from per-row sparse entries (column indices and values of equal length). */
export function csrFromRows(rows: { columns: number[]; values: number[] }[], columnCount: number): CsrMatrix {
  const rowStart = new Int32Array(rows.length + 1);
  rows.forEach((row, i) => {
    rowStart[i + 1] = (rowStart[i] ?? 0) + row.columns.length;
  });
  const nonZeros = rowStart[rows.length] ?? 0;
  const columnIndex = new Int32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  rows.forEach((row, i) => {
    columnIndex.set(row.columns, rowStart[i]);
    values.set(row.values, rowStart[i]);
  });
  return { rows: rows.length, columns: columnCount, rowStart, columnIndex, values };
}

/** A × D for sparse A (m × n) and dense D (n × l): an m × l dense matrix. */
export function multiplySparseDense(a: CsrMatrix, d: DenseMatrix): DenseMatrix {
  if (a.columns !== d.rows)
    throw new Error(`cannot multiply ${a.rows}×${a.columns} by ${d.rows}×${d.columns}`);
  const l = d.columns;
  const out = new Float64Array(a.rows * l);
  const { rowStart, columnIndex, values } = a;
  const dd = d.data;
  for (let i = 0; i < a.rows; i++) {
    const base = i * l;
    const end = rowStart[i + 1] as number;
    for (let p = rowStart[i] as number; p < end; p++) {
      const v = values[p] as number;
      const src = (columnIndex[p] as number) * l;
      axpy(out, base, v, dd, src, l);
    }
  }
  return { rows: a.rows, columns: l, data: out };
}

/** Aᵀ × D for sparse A (m × n) and dense D (m × l): an n × l dense matrix, without forming Aᵀ. */
export function multiplySparseTransposeDense(a: CsrMatrix, d: DenseMatrix): DenseMatrix {
  if (a.rows !== d.rows)
    throw new Error(`cannot multiply (${a.rows}×${a.columns})ᵀ by ${d.rows}×${d.columns}`);
  const l = d.columns;
  const out = new Float64Array(a.columns * l);
  const { rowStart, columnIndex, values } = a;
  const dd = d.data;
  for (let i = 0; i < a.rows; i++) {
    const src = i * l;
    const end = rowStart[i + 1] as number;
    for (let p = rowStart[i] as number; p < end; p++) {
      const v = values[p] as number;
      const dst = (columnIndex[p] as number) * l;
      axpy(out, dst, v, dd, src, l);
    }
  }
  return { rows: a.columns, columns: l, data: out };
}

/** Dᵀ × D (l × l, symmetric) for a tall dense D (m × l). */
export function gram(d: DenseMatrix): Float64Array {
  const l = d.columns;
  const g = new Float64Array(l * l);
  const dd = d.data;
  for (let r = 0; r < d.rows; r++) {
    const base = r * l;
    for (let a = 0; a < l; a++) {
      const x = dd[base + a] as number;
      if (x === 0) continue;
      const row = a * l;
      axpy(g, row + a, x, dd, base + a, l - a);
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a] as number;
  return g;
}

/** D × M for dense D (m × l) and a small dense M (l × k, row-major): an m × k dense matrix. */
export function multiplyDenseSmall(d: DenseMatrix, m: Float64Array, k: number): DenseMatrix {
  const l = d.columns;
  const out = new Float64Array(d.rows * k);
  const dd = d.data;
  for (let r = 0; r < d.rows; r++) {
    const src = r * l;
    const dst = r * k;
    for (let a = 0; a < l; a++) {
      const x = dd[src + a] as number;
      if (x === 0) continue;
      const row = a * k;
      axpy(out, dst, x, m, row, k);
    }
  }
  return { rows: d.rows, columns: k, data: out };
}
