/**
 * The edits an incremental build made to an HNSW graph since the graph file was written: labels
 * marked deleted and vectors added under fresh labels, in the order they were made. An incremental
 * build hard-links the previous graph file (188 MB at laws scale) and writes only this log
 * (`vector/edits.bin`, ~1 KB per added vector); loading replays it on the graph it came with.
 * hnswlib's insertion is deterministic for a given graph and order of calls, so the replayed graph
 * is the one the build held in memory.
 *
 * Layout (little-endian): uint32 version, uint32 dimensions, uint32 edit count, then per edit a
 * uint32 label, a uint32 kind (0 delete, 1 add) and, for an add, `dimensions` float32s.
 */

/** One edit: `vector` null marks `label` deleted; otherwise the vector is added under `label`. */
export interface GraphEdit {
  label: number;
  vector: Float32Array | null;
}

/** Version of the layout above; a log of another version is refused. */
export const GRAPH_EDITS_VERSION = 1;

const HEADER_WORDS = 3;

/** The log's bytes. Every added vector must have `dimensions` numbers. */
export function encodeGraphEdits(edits: readonly GraphEdit[], dimensions: number): Uint8Array {
  const adds = edits.filter((edit) => edit.vector).length;
  const words = HEADER_WORDS + edits.length * 2 + adds * dimensions;
  const buffer = new ArrayBuffer(words * 4);
  const view = new DataView(buffer);
  view.setUint32(0, GRAPH_EDITS_VERSION, true);
  view.setUint32(4, dimensions, true);
  view.setUint32(8, edits.length, true);
  let at = HEADER_WORDS * 4;
  for (const { label, vector } of edits) {
    view.setUint32(at, label, true);
    view.setUint32(at + 4, vector ? 1 : 0, true);
    at += 8;
    if (!vector) continue;
    if (vector.length !== dimensions) {
      throw new Error(
        `graph edit for label ${label} has ${vector.length} dimensions, expected ${dimensions}`,
      );
    }
    for (let i = 0; i < dimensions; i++, at += 4) view.setFloat32(at, vector[i] as number, true);
  }
  return new Uint8Array(buffer);
}

/** The edits in `bytes`; throws when the log is of another version or dimension, or truncated. */
export function decodeGraphEdits(bytes: Uint8Array, dimensions: number): GraphEdit[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number) => {
    if (end > bytes.byteLength) throw new Error('the graph edit log is truncated');
  };
  need(HEADER_WORDS * 4);
  const version = view.getUint32(0, true);
  if (version !== GRAPH_EDITS_VERSION) {
    throw new Error(`the graph edit log has version ${version}, this code reads ${GRAPH_EDITS_VERSION}`);
  }
  const logged = view.getUint32(4, true);
  if (logged !== dimensions) {
    throw new Error(`the graph edit log holds ${logged}-dimension vectors, the index ${dimensions}`);
  }
  const count = view.getUint32(8, true);
  const edits: GraphEdit[] = [];
  let at = HEADER_WORDS * 4;
  for (let n = 0; n < count; n++) {
    need(at + 8);
    const label = view.getUint32(at, true);
    const kind = view.getUint32(at + 4, true);
    at += 8;
    if (kind === 0) {
      edits.push({ label, vector: null });
      continue;
    }
    if (kind !== 1) throw new Error(`the graph edit log holds an edit of unknown kind ${kind}`);
    need(at + dimensions * 4);
    const vector = new Float32Array(dimensions);
    for (let i = 0; i < dimensions; i++, at += 4) vector[i] = view.getFloat32(at, true);
    edits.push({ label, vector });
  }
  if (at !== bytes.byteLength) throw new Error('the graph edit log has bytes past its last edit');
  return edits;
}

/** How many vectors the edits add. */
export function addedByEdits(edits: readonly GraphEdit[]): number {
  let added = 0;
  for (const edit of edits) if (edit.vector) added++;
  return added;
}
