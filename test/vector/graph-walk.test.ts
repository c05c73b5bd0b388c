/**
 * The shared-graph walk against hnswlib itself, on graphs hnswlib built and saved: the same labels
 * and the same distances, bit for bit, for every dimension class hnswlib's SSE build sums
 * differently (lanes only, lanes and a scalar tail, scalar only), with duplicate vectors (ties), a
 * filter, deleted elements, and k beyond what the filter admits.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphWalker, laneFloats } from '../../src/vector/graph-walk.ts';
import { readSharedGraph, storedVector } from '../../src/vector/shared-graph.ts';
import { buildVectorIndex, loadVectorIndex, saveVectorIndex } from '../../src/vector/vector-index.ts';
import { randomUnitVectors } from '../helpers/random-vectors.ts';

const folder = mkdtempSync(join(tmpdir(), 'graph-walk-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** hnswlib's own answer, as the addon returns it (nearest first). */
function hnswlibNearest(
  hnsw: ReturnType<typeof buildVectorIndex>['hnsw'],
  query: Float32Array,
  k: number,
  allowed?: (label: number) => boolean,
) {
  const { neighbors, distances } = hnsw.searchKnn(Array.from(query), k, allowed);
  const pairs = neighbors.map((label, i) => [distances[i] as number, label] as const);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { labels: pairs.map(([, label]) => label), distances: pairs.map(([distance]) => distance) };
}

/** Vectors with every fifth one a copy of an earlier one: equal distances to every query. */
function vectorsWithDuplicates(count: number, dimensions: number, seed: number): Float32Array[] {
  const vectors = randomUnitVectors(count, dimensions, seed);
  return vectors.map((vector, i) => (i % 5 === 4 ? (vectors[i - 3] as Float32Array) : vector));
}

describe.each([
  ['a multiple of 16 (lanes only)', 32],
  ['a multiple of 4 (lanes only)', 20],
  ['above 16, not a multiple of 4 (lanes, then a scalar tail)', 37],
  ['between 4 and 16 (lanes, then a scalar tail)', 7],
  ['below 4 (scalar only)', 3],
])('dimensions %s', (_name, dimensions) => {
  const vectors = vectorsWithDuplicates(1_500, dimensions, dimensions);
  const queries = randomUnitVectors(40, dimensions, 1_000 + dimensions);
  const index = buildVectorIndex(vectors, { efSearch: 60 });
  const file = join(folder, `graph-${dimensions}.bin`);
  saveVectorIndex(index, file);
  const graph = readSharedGraph(file, dimensions);
  const walker = graphWalker(graph, 0);

  it('finds the labels and distances hnswlib finds', () => {
    for (const query of queries) {
      expect(walker.nearest(query, 25, 60)).toEqual(hnswlibNearest(index.hnsw, query, 25));
    }
  });

  it('finds them with a filter, including more than it admits near the query', () => {
    const oneInSeven = (label: number) => label % 7 === 3;
    for (const query of queries) {
      expect(walker.nearest(query, 25, 60, oneInSeven)).toEqual(
        hnswlibNearest(index.hnsw, query, 25, oneInSeven),
      );
    }
    const onlyTwo = (label: number) => label === 5 || label === 900;
    expect(walker.nearest(queries[0] as Float32Array, 10, 60, onlyTwo)).toEqual(
      hnswlibNearest(index.hnsw, queries[0] as Float32Array, 10, onlyTwo),
    );
  });

  it('holds the vectors hnswlib stored', () => {
    for (const label of [0, 4, 777, 1_499]) {
      expect(Array.from(storedVector(graph, label))).toEqual(index.hnsw.getPoint(label));
    }
  });
});

describe('a graph with deleted elements', () => {
  const dimensions = 24;
  const index = buildVectorIndex(randomUnitVectors(1_200, dimensions, 5), { efSearch: 50 });
  for (let label = 0; label < 1_200; label += 9) index.hnsw.markDelete(label);
  const file = join(folder, 'deleted.bin');
  saveVectorIndex(index, file);
  const graph = readSharedGraph(file, dimensions);
  // hnswlib counts the deleted elements again when it reads a file: compared with a graph read back.
  const reread = loadVectorIndex(file, { dimensions, efSearch: 50 });
  const walker = graphWalker(graph, 1);

  it('leaves them out of the results as hnswlib does', () => {
    expect(graph.deleted).toBe(Math.ceil(1_200 / 9));
    for (const query of randomUnitVectors(30, dimensions, 6)) {
      const found = walker.nearest(query, 20, 50);
      expect(found).toEqual(hnswlibNearest(reread.hnsw, query, 20));
      expect(found.labels.some((label) => label % 9 === 0)).toBe(false);
    }
  });
});

describe('laneFloats', () => {
  it.each([
    [256, 256],
    [20, 20],
    [103, 96],
    [37, 32],
    [17, 16],
    [15, 12],
    [7, 4],
    [5, 4],
    [3, 0],
    [1, 0],
  ])('sums %i dimensions in lanes over the first %i', (dimensions, lanes) => {
    expect(laneFloats(dimensions)).toBe(lanes);
  });
});

describe('readSharedGraph', () => {
  it('refuses vectors of other dimensions than the file holds, and a truncated file', () => {
    const file = join(folder, 'small.bin');
    saveVectorIndex(buildVectorIndex(randomUnitVectors(50, 8, 1)), file);
    expect(() => readSharedGraph(file, 16)).toThrow(/does not hold vectors of 16 dimensions/u);
    const truncated = join(folder, 'truncated.bin');
    writeFileSync(truncated, readFileSync(file).subarray(0, 500));
    expect(() => readSharedGraph(truncated, 8)).toThrow(/truncated|longer/u);
  });

  it('refuses a walker slot it does not have', () => {
    const file = join(folder, 'slots.bin');
    saveVectorIndex(buildVectorIndex(randomUnitVectors(20, 8, 2)), file);
    expect(() => graphWalker(readSharedGraph(file, 8), 9)).toThrow(/no walker slot 9/u);
  });
});
