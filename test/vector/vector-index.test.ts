import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildVectorIndex,
  exactSearch,
  loadVectorIndex,
  saveVectorIndex,
  searchVectors,
  setEfSearch,
} from '../../src/vector/vector-index.ts';
import { randomUnitVectors } from '../helpers/random-vectors.ts';

const vectors = randomUnitVectors(2_000, 32, 7);
const queries = randomUnitVectors(50, 32, 99);

describe('buildVectorIndex', () => {
  it('labels each vector with its position so a vector finds itself first', () => {
    const index = buildVectorIndex(vectors);
    for (const seq of [0, 17, 1_999]) {
      const [best] = searchVectors(index, vectors[seq] as Float32Array, 1);
      expect(best?.seq).toBe(seq);
      expect(best?.similarity).toBeCloseTo(1, 5);
    }
  });

  it('refuses vectors of mixed dimensions', () => {
    expect(() => buildVectorIndex([new Float32Array(4), new Float32Array(5)])).toThrow(/dimensions/);
  });
});

describe('searchVectors', () => {
  const index = buildVectorIndex(vectors);

  it('agrees with exact search on at least 98% of the top 10', () => {
    let found = 0;
    for (const query of queries) {
      const truth = new Set(exactSearch(vectors, query, 10).map((m) => m.seq));
      found += searchVectors(index, query, 10).filter((m) => truth.has(m.seq)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.98);
  });

  it('returns similarities in descending order matching the dot product', () => {
    const query = queries[0] as Float32Array;
    const matches = searchVectors(index, query, 10);
    const exact = exactSearch(vectors, query, 10);
    expect(matches.map((m) => m.similarity)).toEqual(
      [...matches.map((m) => m.similarity)].sort((a, b) => b - a),
    );
    expect(matches[0]?.similarity).toBeCloseTo(exact[0]?.similarity ?? 0, 5);
  });

  it('applies the filter inside the search and still returns k hits', () => {
    const allowed = (seq: number) => seq % 100 === 3;
    const matches = searchVectors(index, queries[1] as Float32Array, 10, allowed);
    expect(matches).toHaveLength(10);
    expect(matches.every((m) => allowed(m.seq))).toBe(true);
    expect(matches.map((m) => m.seq)).toEqual(
      exactSearch(vectors, queries[1] as Float32Array, 10, allowed).map((m) => m.seq),
    );
  });

  it('returns fewer hits when the filter admits fewer than k', () => {
    const matches = searchVectors(index, queries[2] as Float32Array, 10, (seq) => seq < 3);
    expect(matches.map((m) => m.seq).sort()).toEqual([0, 1, 2]);
  });

  it('returns at most as many hits as there are vectors', () => {
    const small = buildVectorIndex(vectors.slice(0, 5));
    expect(searchVectors(small, queries[0] as Float32Array, 10)).toHaveLength(5);
  });
});

describe('saveVectorIndex / loadVectorIndex', () => {
  it('round-trips an index so that it answers the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vector-index-'));
    try {
      const index = buildVectorIndex(vectors.slice(0, 300));
      const file = join(dir, 'hnsw.bin');
      saveVectorIndex(index, file);
      const loaded = loadVectorIndex(file, { dimensions: 32 });
      expect(loaded.size).toBe(300);
      const query = queries[3] as Float32Array;
      expect(searchVectors(loaded, query, 5)).toEqual(searchVectors(index, query, 5));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('setEfSearch', () => {
  it('keeps the configured candidate list after a search for more than ef hits', () => {
    const index = buildVectorIndex(vectors.slice(0, 500), { efSearch: 20 });
    expect(searchVectors(index, queries[0] as Float32Array, 50)).toHaveLength(50);
    expect(index.hnsw.getEf()).toBe(20);
    setEfSearch(index, 64);
    expect(index.hnsw.getEf()).toBe(64);
  });
});
