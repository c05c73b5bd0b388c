/**
 * Reads word vectors in word2vec's binary format: a text header "<words> <dimensions>\n", then per
 * word its UTF-8 bytes, a space, and `dimensions` little-endian float32s (Mikolov's tool writes a
 * newline after each vector; some writers do not, so it is skipped when present).
 */
import { readFileSync } from 'node:fs';

/** Unit-length word vectors, row-major, in the file's order (word2vec writes the most frequent first). */
export interface WordVectorTable {
  words: string[];
  dimensions: number;
  vectors: Float32Array;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** The vectors of a word2vec binary file, each scaled to unit length (zero vectors stay zero). */
export function readWord2vecBinary(path: string): WordVectorTable {
  return parseWord2vecBinary(readFileSync(path));
}

/** {@link readWord2vecBinary} over the file's bytes. */
export function parseWord2vecBinary(bytes: Uint8Array): WordVectorTable {
  const headerEnd = bytes.indexOf(NEWLINE);
  if (headerEnd < 0) throw new Error('word2vec file: no header line');
  const header = new TextDecoder().decode(bytes.subarray(0, headerEnd)).trim().split(/\s+/u);
  const count = Number(header[0]);
  const dimensions = Number(header[1]);
  if (!Number.isInteger(count) || !Number.isInteger(dimensions) || count < 0 || dimensions <= 0)
    throw new Error(`word2vec file: bad header "${header.join(' ')}"`);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words: string[] = [];
  const vectors = new Float32Array(count * dimensions);
  let at = headerEnd + 1;
  for (let row = 0; row < count; row++) {
    while (at < bytes.length && bytes[at] === NEWLINE) at++;
    const space = bytes.indexOf(SPACE, at);
    if (space < 0 || space + 1 + dimensions * 4 > bytes.length)
      throw new Error(`word2vec file: truncated at word ${row + 1} of ${count}`);
    words.push(decoder.decode(bytes.subarray(at, space)));
    at = space + 1;
    let norm = 0;
    const offset = row * dimensions;
    for (let c = 0; c < dimensions; c++, at += 4) {
      const value = view.getFloat32(at, true);
      vectors[offset + c] = value;
      norm += value * value;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let c = 0; c < dimensions; c++) vectors[offset + c] = (vectors[offset + c] as number) * scale;
    }
  }
  return { words, dimensions, vectors };
}
