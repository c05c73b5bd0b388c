/**
 * The graph edit log of incremental builds: its bytes round-trip, a damaged log is refused, and a
 * graph file with its log replayed at load is the graph the build updated in memory — the same
 * neighbours at the same distances — however many builds the log spans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeGraphEdits, encodeGraphEdits, type GraphEdit } from '../../src/vector/graph-edits.ts';
import {
  buildVectorIndex,
  loadVectorIndex,
  saveVectorIndex,
  updateVectorIndex,
  type VectorIndex,
} from '../../src/vector/vector-index.ts';
import { randomUnitVectors } from '../helpers/random-vectors.ts';

const DIMS = 16;
const dir = mkdtempSync(join(tmpdir(), 'graph-edits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Drops the paragraphs at `gone` (previous seqs) and inserts `added` vectors at the corpus's end. */
function edit(index: VectorIndex, gone: Set<number>, added: Float32Array[]): VectorIndex {
  const previousToNew = new Int32Array(index.size);
  let seq = 0;
  for (let old = 0; old < index.size; old++) previousToNew[old] = gone.has(old) ? -1 : seq++;
  const addedSeqs = Uint32Array.from(added, (_, i) => seq + i);
  return updateVectorIndex(index, {
    previousToNew,
    addedSeqs,
    addedVectors: added,
    size: seq + added.length,
  });
}

function neighbours(index: VectorIndex, queries: Float32Array[]) {
  return queries.map((query) => index.hnsw.searchKnn(Array.from(query), 10));
}

describe('encodeGraphEdits / decodeGraphEdits', () => {
  const edits: GraphEdit[] = [
    { label: 3, vector: null },
    { label: 7, vector: Float32Array.from({ length: DIMS }, (_, i) => i / 10) },
    { label: 8, vector: Float32Array.from({ length: DIMS }, (_, i) => -i) },
  ];

  it('round-trips deletions and additions in their order', () => {
    expect(decodeGraphEdits(encodeGraphEdits(edits, DIMS), DIMS)).toEqual(edits);
  });

  it.each([
    ['a truncated log', (bytes: Uint8Array) => bytes.subarray(0, bytes.length - 4), DIMS, /truncated/],
    [
      'bytes past the last edit',
      (bytes: Uint8Array) => Uint8Array.from([...bytes, 0, 0, 0, 0]),
      DIMS,
      /past/,
    ],
    ['another dimension', (bytes: Uint8Array) => bytes, 32, /16-dimension vectors, the index 32/],
    [
      'another version',
      (bytes: Uint8Array) => Uint8Array.from([9, 0, 0, 0, ...bytes.subarray(4)]),
      DIMS,
      /version 9/,
    ],
  ])('refuses %s', (_name, damage, dimensions, message) => {
    expect(() => decodeGraphEdits(damage(encodeGraphEdits(edits, DIMS)), dimensions)).toThrow(message);
  });
});

describe('a graph file with its edit log replayed', () => {
  it('is the graph updated in memory, over two incremental builds', () => {
    const base = buildVectorIndex(randomUnitVectors(600, DIMS, 1), { m: 8, efConstruction: 50 });
    const file = join(dir, 'base.bin');
    saveVectorIndex(base, file);
    // Build 1: the graph as an incremental build loads it (from the file), then edits it.
    const first = edit(
      loadVectorIndex(file, { dimensions: DIMS }),
      new Set([0, 5, 300]),
      randomUnitVectors(40, DIMS, 2),
    );
    // Build 2 starts from build 1 as saved: the same file, build 1's log replayed.
    const loadedFirst = loadVectorIndex(file, {
      dimensions: DIMS,
      labelOfSeq: first.labels?.labelOfSeq as Uint32Array,
      edits: decodeGraphEdits(encodeGraphEdits(first.edits ?? [], DIMS), DIMS),
    });
    const second = edit(loadedFirst, new Set([10, 620]), randomUnitVectors(25, DIMS, 3));
    expect(second.edits?.length).toBe(3 + 40 + 2 + 25);

    const replayed = loadVectorIndex(file, {
      dimensions: DIMS,
      labelOfSeq: second.labels?.labelOfSeq as Uint32Array,
      edits: decodeGraphEdits(encodeGraphEdits(second.edits ?? [], DIMS), DIMS),
    });
    const queries = randomUnitVectors(30, DIMS, 4);
    expect(neighbours(replayed, queries)).toEqual(neighbours(second, queries));
    expect(replayed.size).toBe(second.size);
    expect(replayed.labels?.seqOfLabel).toEqual(second.labels?.seqOfLabel);
  });

  it('refuses a log written for another graph', () => {
    const file = join(dir, 'small.bin');
    saveVectorIndex(buildVectorIndex(randomUnitVectors(20, DIMS, 5)), file);
    const edits: GraphEdit[] = [{ label: 25, vector: randomUnitVectors(1, DIMS, 6)[0] as Float32Array }];
    expect(() => loadVectorIndex(file, { dimensions: DIMS, edits })).toThrow(/does not fit/);
  });
});
