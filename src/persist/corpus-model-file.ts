/**
 * The corpus embedder's model read from its file on an open descriptor, its projection matrix left
 * there: a query is embedded from the few dozen rows of its own terms (256 floats, 1 kB each), read
 * with `fs.readSync` when first needed and kept in a small LRU (lru-cache), instead of the 41 MB
 * matrix held whole at laws scale. The descriptor belongs to the caller (the semantic thread's
 * owner, which closes it when the thread stops); the file was checked against its checksum first.
 */
import { fstatSync, readSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import {
  CORPUS_MODEL_HEADER_BYTES,
  type CorpusModel,
  corpusModelHeadBytes,
  corpusModelIdOfChunks,
  corpusModelWithRows,
  floatsAt,
  readCorpusModelHead,
} from '../embedding/corpus-embedder.ts';

/** Projection rows kept after a query read them: the terms of recent queries (4 MB at 256 dimensions). */
const CACHED_ROWS = 4096;
/** Hash the file in chunks this large (the model id is the sha1 of the whole file). */
const CHUNK_BYTES = 1 << 20;

/** A model read from its file, and its id (as `corpusModelId` of the whole file's bytes). */
export interface CorpusModelFromFile {
  model: CorpusModel;
  modelId: string;
}

function readExactly(fd: number, length: number, position: number): Uint8Array {
  // Its own aligned buffer: floats are viewed in place.
  const bytes = new Uint8Array(length);
  const read = readSync(fd, bytes, 0, length, position);
  if (read !== length) throw new Error('corpus embedder model is truncated or damaged (size mismatch)');
  return bytes;
}

/** Yields the file's bytes a chunk at a time, through one reused buffer. */
function* chunksOf(fd: number, size: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(size, 1)));
  for (let position = 0; position < size; position += buffer.length) {
    const length = Math.min(buffer.length, size - position);
    const read = readSync(fd, buffer, 0, length, position);
    if (read !== length) throw new Error('corpus embedder model is truncated or damaged (size mismatch)');
    yield buffer.subarray(0, length);
  }
}

/**
 * The model in the file open on `fd`, its projection read a row at a time; throws as
 * `deserializeCorpusModel` does on a foreign, newer or damaged file.
 */
export function corpusModelFromDescriptor(fd: number): CorpusModelFromFile {
  return {
    model: corpusModelRowsFromDescriptor(fd),
    modelId: corpusModelIdOfChunks(chunksOf(fd, fstatSync(fd).size)),
  };
}

/**
 * {@link corpusModelFromDescriptor} without its id: for a thread that embeds with a model another
 * thread has identified (hashing 41 MB is ≈ 0.1 s of a start).
 */
export function corpusModelRowsFromDescriptor(fd: number): CorpusModel {
  const { size } = fstatSync(fd);
  const header = readExactly(fd, Math.min(CORPUS_MODEL_HEADER_BYTES, size), 0);
  const headBytes = corpusModelHeadBytes(header);
  if (headBytes > size) throw new Error('corpus embedder model is truncated or damaged (size mismatch)');
  const head = readExactly(fd, headBytes, 0);
  const { dimensions, projectionStart, vocabulary } = readCorpusModelHead(head, size);
  const rows = new LRUCache<number, Float32Array>({ max: CACHED_ROWS });
  const rowBytes = dimensions * 4;
  const projectionRow = (column: number): Float32Array => {
    let row = rows.get(column);
    if (!row) {
      if (!(column >= 0 && column < vocabulary.length)) throw new RangeError(`no projection row ${column}`);
      row = floatsAt(readExactly(fd, rowBytes, projectionStart + column * rowBytes), 0, dimensions);
      rows.set(column, row);
    }
    return row;
  };
  return corpusModelWithRows(head, size, projectionRow);
}
