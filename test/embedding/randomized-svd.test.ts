import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  gaussianGenerator,
  orthonormalizeColumns,
  randomizedSvd,
} from '../../src/embedding/randomized-svd.ts';
import {
  csrFromRows,
  gram,
  multiplySparseDense,
  multiplySparseTransposeDense,
} from '../../src/embedding/sparse-matrix.ts';

/** A sparse random matrix with a decaying spectrum, as a CSR matrix and as nested arrays. */
function sparseFixture(rows: number, columns: number) {
  const normal = gaussianGenerator(3);
  const dense = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => ((r * 7 + c * 13) % 5 === 0 ? normal() / (1 + (c % 10)) : 0)),
  );
  const csr = csrFromRows(
    dense.map((row) => {
      const columnsOf = row.flatMap((v, c) => (v === 0 ? [] : [c]));
      return { columns: columnsOf, values: columnsOf.map((c) => row[c] as number) };
    }),
    columns,
  );
  return { csr, dense };
}

describe('multiplySparseDense / multiplySparseTransposeDense', () => {
  it('agree with dense matrix products', () => {
    const { csr, dense } = sparseFixture(30, 12);
    const d = Matrix.rand(12, 4);
    const product = multiplySparseDense(csr, {
      rows: 12,
      columns: 4,
      data: Float64Array.from(d.to1DArray()),
    });
    const expected = new Matrix(dense).mmul(d).to1DArray();
    product.data.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i] as number, 5);
    });
    const e = Matrix.rand(30, 3);
    const transposed = multiplySparseTransposeDense(csr, {
      rows: 30,
      columns: 3,
      data: Float64Array.from(e.to1DArray()),
    });
    const expectedT = new Matrix(dense).transpose().mmul(e).to1DArray();
    transposed.data.forEach((x, i) => {
      expect(x).toBeCloseTo(expectedT[i] as number, 5);
    });
  });
});

describe('orthonormalizeColumns', () => {
  it('returns columns whose Gram matrix is the identity', () => {
    const y = Matrix.rand(50, 6);
    const q = orthonormalizeColumns({ rows: 50, columns: 6, data: Float64Array.from(y.to1DArray()) });
    gram(q).forEach((x, i) => {
      expect(x).toBeCloseTo(i % 7 === 0 ? 1 : 0, 8);
    });
  });
});

describe('randomizedSvd', () => {
  it.each([
    [1, 1e-2],
    [2, 1e-3],
  ])(
    'finds the top singular values as an exact SVD does (%i power iterations, relative error < %f)',
    (powerIterations, tolerance) => {
      const { csr, dense } = sparseFixture(200, 60);
      const exact = new SingularValueDecomposition(new Matrix(dense)).diagonal;
      const { singularValues, rightVectors } = randomizedSvd(csr, {
        rank: 8,
        oversampling: 10,
        powerIterations,
        seed: 1,
      });
      singularValues.forEach((sigma, i) => {
        expect(Math.abs(sigma / (exact[i] as number) - 1)).toBeLessThan(tolerance);
      });
      expect(rightVectors.rows).toBe(60);
      gram(rightVectors).forEach((x, i) => {
        expect(x).toBeCloseTo(i % 9 === 0 ? 1 : 0, 6);
      });
    },
  );
});
