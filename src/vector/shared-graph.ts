/**
 * A saved hnswlib graph (the `hnsw.bin` hnswlib's `saveIndex` writes) read once into a shared
 * WebAssembly memory, where any thread can walk it (graph-walk.ts): the semantic worker reads it,
 * then hands the same memory to the main thread, which walks it without a second copy and without
 * a hop to the worker when it has nothing else to do. hnswlib's native object would hold the graph
 * in one thread only.
 *
 * The memory holds the file's bytes as they are (level-0 records: link count and links, vector,
 * label; then each element's upper-level links), followed by one scratch slot per walking thread
 * for its query and its batch of neighbour ids and distances.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Threads that may walk one graph at once, each in a scratch slot of its own (main thread: 0). */
export const WALKER_SLOTS = 4;

/** The graph in shared memory and where things are in it; posted between threads as it is. */
export interface SharedGraph {
  /** The file's bytes, then the walkers' scratch slots. */
  readonly memory: WebAssembly.Memory;
  /** Byte offset of element `e`'s upper-level link lists (levels 1…), −1 for an element on level 0 only. */
  readonly upperLinks: Int32Array;
  /** Internal id of each label, −1 for a label the graph does not hold. */
  readonly elementOfLabel: Int32Array;
  /** Elements in the graph (deleted ones included). */
  readonly elements: number;
  /** Elements marked deleted: a walk with any skips them in its results, as hnswlib's does. */
  readonly deleted: number;
  readonly dimensions: number;
  /** Byte offset of element 0's level-0 record, and the record's size. */
  readonly level0: number;
  readonly bytesPerElement: number;
  /** Offsets within a level-0 record: the vector, the label (a 64-bit integer). */
  readonly vectorOffset: number;
  readonly labelOffset: number;
  readonly maxLevel: number;
  readonly enterPoint: number;
  /** Size of one upper level's link list (count, then maxM links). */
  readonly bytesPerUpperLevel: number;
  /** Most links an element has on level 0 (hnswlib's maxM0). */
  readonly maxLinks0: number;
  /** Where the scratch slots begin, and the size of one. */
  readonly slotsAt: number;
  readonly bytesPerSlot: number;
}

const HEADER_BYTES = 96;
const PAGE = 65_536;
const CHUNK = 1 << 24;
/** hnswlib's mark of a deleted element: bit 0 of byte 2 of its level-0 link count. */
const DELETE_MARK = 0x01;

const roundUp = (bytes: number, to: number) => Math.ceil(bytes / to) * to;

/** Reads the graph file at `file`, of vectors of `dimensions` floats, into shared memory. */
export function readSharedGraph(file: string, dimensions: number): SharedGraph {
  const fd = openSync(file, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    if (fileBytes < HEADER_BYTES) throw new Error('the graph file is truncated');
    const header = Buffer.alloc(HEADER_BYTES);
    readSync(fd, header, 0, HEADER_BYTES, 0);
    const size = (at: number) => Number(header.readBigUInt64LE(at));
    const [level0Offset, , elements, bytesPerElement, labelOffset, vectorOffset] = [0, 8, 16, 24, 32, 40].map(
      size,
    ) as [number, number, number, number, number, number];
    const maxLevel = header.readInt32LE(48);
    const enterPoint = header.readUInt32LE(52);
    const maxM = size(56);
    const maxLinks0 = size(64);
    const level0 = HEADER_BYTES + level0Offset;
    if (bytesPerElement % 4 || vectorOffset % 4 || labelOffset % 4) {
      throw new Error('the graph file lays its vectors out unaligned');
    }
    if (vectorOffset + dimensions * 4 > labelOffset || labelOffset + 8 > bytesPerElement) {
      throw new Error(`the graph file does not hold vectors of ${dimensions} dimensions`);
    }
    const bytesPerSlot = roundUp(dimensions * 4 + 8 * maxLinks0 + 64, 64);
    const slotsAt = roundUp(fileBytes, 64);
    const pages = Math.ceil((slotsAt + WALKER_SLOTS * bytesPerSlot) / PAGE);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const bytes = new Uint8Array(memory.buffer as unknown as ArrayBuffer, 0, fileBytes);
    for (let at = 0; at < fileBytes; ) {
      const read = readSync(fd, bytes, at, Math.min(CHUNK, fileBytes - at), at);
      if (read === 0) throw new Error('the graph file ended while it was read');
      at += read;
    }
    const view = new DataView(memory.buffer as unknown as ArrayBuffer);
    const upperLinks = new Int32Array(new SharedArrayBuffer(elements * 4)).fill(-1);
    let at = level0 + elements * bytesPerElement;
    for (let element = 0; element < elements; element++) {
      if (at + 4 > fileBytes) throw new Error('the graph file is truncated');
      const length = view.getUint32(at, true);
      at += 4;
      if (length) upperLinks[element] = at;
      at += length;
    }
    if (at !== fileBytes) throw new Error('the graph file is longer than its elements');
    let maxLabel = -1;
    let deleted = 0;
    const labelAt = (element: number) =>
      view.getUint32(level0 + element * bytesPerElement + labelOffset, true);
    for (let element = 0; element < elements; element++) {
      maxLabel = Math.max(maxLabel, labelAt(element));
      if ((view.getUint8(level0 + element * bytesPerElement + 2) as number) & DELETE_MARK) deleted++;
    }
    const elementOfLabel = new Int32Array(new SharedArrayBuffer((maxLabel + 1) * 4)).fill(-1);
    for (let element = 0; element < elements; element++) elementOfLabel[labelAt(element)] = element;
    return {
      memory,
      upperLinks,
      elementOfLabel,
      elements,
      deleted,
      dimensions,
      level0,
      bytesPerElement,
      vectorOffset,
      labelOffset,
      maxLevel,
      enterPoint,
      bytesPerUpperLevel: maxM * 4 + 4,
      maxLinks0,
      slotsAt,
      bytesPerSlot,
    };
  } finally {
    closeSync(fd);
  }
}

/** Whether hnswlib marked `element` deleted. */
export function isDeleted(graph: SharedGraph, bytes: Uint8Array, element: number): boolean {
  return ((bytes[graph.level0 + element * graph.bytesPerElement + 2] as number) & DELETE_MARK) !== 0;
}

/** The stored (normalized) vector of `label`, copied out: hnswlib's `getPoint`. */
export function storedVector(graph: SharedGraph, label: number): Float32Array {
  const element = label < graph.elementOfLabel.length ? (graph.elementOfLabel[label] as number) : -1;
  if (element < 0) throw new Error(`the graph holds no vector labelled ${label}`);
  const at = graph.level0 + element * graph.bytesPerElement + graph.vectorOffset;
  return new Float32Array(graph.memory.buffer as unknown as ArrayBuffer, at, graph.dimensions).slice();
}
