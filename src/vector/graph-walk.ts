/**
 * hnswlib's `searchKnn` for the cosine space, walked over a {@link SharedGraph} in any thread, with
 * the same answers bit for bit: the query normalized as hnswlib-node's addon does (a float32 sum of
 * squares, `sqrtf`, each element divided), the distances from inner-product.wasm (hnswlib's SSE
 * lanes), the greedy descent through the upper levels, then `searchBaseLayerST` — bare-bone without
 * a filter or deletions, otherwise admitting to the results only the allowed, live elements and
 * stopping only once they are full — with libstdc++'s heaps deciding ties as hnswlib's do.
 * test/vector/graph-walk.test.ts holds it to hnswlib on graphs hnswlib built. (Bit for bit against
 * hnswlib's x86-64 build, whose kernels are SSE; built for ARM, hnswlib sums one float at a time, and
 * the walk there is still a correct HNSW search whose distances may differ in the last bit.)
 */
import { readFileSync } from 'node:fs';
import { sourceFile } from '../checkout-paths.ts';
import { LibstdcxxHeap } from './libstdcxx-heap.ts';
import { isDeleted, type SharedGraph, WALKER_SLOTS } from './shared-graph.ts';

/** The k nearest: labels and hnswlib distances (1 − cosine), nearest first; equal distances by label. */
export interface WalkResult {
  labels: number[];
  distances: number[];
}

/** Walks one shared graph from this thread. */
export interface GraphWalker {
  /**
   * The `k` nearest labels to `query` (normalized here, as hnswlib does) with a candidate list of
   * `max(ef, k)`; `allowed(label)` keeps others out of the results, not out of the walk.
   */
  nearest(query: Float32Array, k: number, ef: number, allowed?: (label: number) => boolean): WalkResult;
}

interface Kernel {
  distance(query: number, vector: number, lanes: number, tail: number): number;
  distances(
    query: number,
    ids: number,
    count: number,
    out: number,
    base: number,
    stride: number,
    lanes: number,
    tail: number,
  ): void;
}

/**
 * How many leading floats hnswlib's SSE build sums in four lanes for vectors of `dimensions`: all of
 * them when a multiple of 4 (InnerProductSIMD16Ext, SIMD4Ext); else the whole 16s above 16 and the
 * whole 4s above 4 (its …Residuals variants), the rest one by one; none below 4 (plain InnerProduct).
 */
export function laneFloats(dimensions: number): number {
  if (dimensions % 4 === 0) return dimensions;
  if (dimensions > 16) return dimensions - (dimensions % 16);
  if (dimensions > 4) return dimensions - (dimensions % 4);
  return 0;
}

/** inner-product.wasm, compiled once per thread (a few hundred bytes). */
let compiled: WebAssembly.Module | undefined;

function kernelFor(memory: WebAssembly.Memory): Kernel {
  compiled ??= new WebAssembly.Module(readFileSync(sourceFile('src/vector/inner-product.wasm')));
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Kernel;
}

const FLT_MAX = 3.4028234663852886e38;

/** A walker over `graph` using scratch slot `slot` (one per thread walking the graph at once). */
export function graphWalker(graph: SharedGraph, slot: number): GraphWalker {
  if (!Number.isInteger(slot) || slot < 0 || slot >= WALKER_SLOTS) throw new Error(`no walker slot ${slot}`);
  const kernel = kernelFor(graph.memory);
  const buffer = graph.memory.buffer as unknown as ArrayBuffer;
  const words = new Uint32Array(buffer);
  const bytes = new Uint8Array(buffer);
  const { dimensions, level0, bytesPerElement, vectorOffset, labelOffset } = graph;
  const queryAt = graph.slotsAt + slot * graph.bytesPerSlot;
  const query = new Float32Array(buffer, queryAt, dimensions);
  const idsAt = queryAt + dimensions * 4;
  const ids = new Uint32Array(buffer, idsAt, graph.maxLinks0);
  const outAt = idsAt + graph.maxLinks0 * 4;
  const out = new Float32Array(buffer, outAt, graph.maxLinks0);
  const vectorsAt = level0 + vectorOffset;
  const lanes = laneFloats(dimensions);
  const tail = dimensions - lanes;
  // A walk's own tag marks what it has seen, as hnswlib's visited-list pool does.
  let visited = new Uint16Array(graph.elements);
  let tag = 0;
  const top = new LibstdcxxHeap();
  const candidates = new LibstdcxxHeap();
  const labelOf = (element: number) =>
    words[(level0 + element * bytesPerElement + labelOffset) >> 2] as number;
  const distanceTo = (element: number) =>
    kernel.distance(queryAt, vectorsAt + element * bytesPerElement, lanes, tail);

  return {
    nearest(vector, k, ef, allowed) {
      if (vector.length !== dimensions) {
        throw new Error(`query has ${vector.length} dimensions, the graph holds ${dimensions}`);
      }
      if (graph.elements === 0) return { labels: [], distances: [] };
      const round = Math.fround;
      let squares = 0;
      for (let i = 0; i < dimensions; i++) squares = round(squares + round((vector[i] as number) ** 2));
      const norm = round(Math.sqrt(Math.abs(squares)));
      for (let i = 0; i < dimensions; i++)
        query[i] = norm > 0 ? round((vector[i] as number) / norm) : (vector[i] as number);

      let current = graph.enterPoint;
      let currentDistance = distanceTo(current);
      for (let level = graph.maxLevel; level > 0; level--) {
        for (let changed = true; changed; ) {
          changed = false;
          const list = ((graph.upperLinks[current] as number) + (level - 1) * graph.bytesPerUpperLevel) >> 2;
          const count = (words[list] as number) & 0xffff;
          for (let i = 1; i <= count; i++) {
            const candidate = words[list + i] as number;
            const distance = distanceTo(candidate);
            if (distance < currentDistance) {
              currentDistance = distance;
              current = candidate;
              changed = true;
            }
          }
        }
      }

      if (++tag === 65_536) {
        visited = new Uint16Array(graph.elements);
        tag = 1;
      }
      const bareBone = !allowed && graph.deleted === 0;
      const admits = (element: number) =>
        bareBone || (!isDeleted(graph, bytes, element) && (!allowed || allowed(labelOf(element))));
      const width = Math.max(ef, k);
      top.clear();
      candidates.clear();
      let lowerBound: number;
      if (admits(current)) {
        lowerBound = distanceTo(current);
        top.push(lowerBound, current);
        candidates.push(-lowerBound, current);
      } else {
        lowerBound = FLT_MAX;
        candidates.push(-lowerBound, current);
      }
      visited[current] = tag;
      while (candidates.size > 0) {
        const candidateDistance = -(candidates.keys[0] as number);
        if (candidateDistance > lowerBound && (bareBone || top.size === width)) break;
        const element = candidates.values[0] as number;
        candidates.pop();
        const list = (level0 + element * bytesPerElement) >> 2;
        const count = (words[list] as number) & 0xffff;
        // The unvisited neighbours' distances in one call, four vectors at a time.
        let fresh = 0;
        for (let j = 1; j <= count; j++) {
          const neighbour = words[list + j] as number;
          if (visited[neighbour] === tag) continue;
          visited[neighbour] = tag;
          ids[fresh++] = neighbour;
        }
        kernel.distances(queryAt, idsAt, fresh, outAt, vectorsAt, bytesPerElement, lanes, tail);
        for (let j = 0; j < fresh; j++) {
          const distance = out[j] as number;
          if (top.size < width || lowerBound > distance) {
            const neighbour = ids[j] as number;
            candidates.push(-distance, neighbour);
            if (admits(neighbour)) top.push(distance, neighbour);
            while (top.size > width) top.pop();
            if (top.size > 0) lowerBound = top.keys[0] as number;
          }
        }
      }
      while (top.size > k) top.pop();
      const nearest: [number, number][] = [];
      for (; top.size > 0; top.pop()) nearest.push([top.keys[0] as number, labelOf(top.values[0] as number)]);
      // hnswlib-node hands its final std::priority_queue<pair<float, label>> out nearest first.
      nearest.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      return { labels: nearest.map(([, label]) => label), distances: nearest.map(([distance]) => distance) };
    },
  };
}
