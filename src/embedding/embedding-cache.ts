/**
 * Embeddings remembered by paragraph text, so a rebuild re-embeds only paragraphs whose text changed.
 * A cache belongs to one embedder identity (kind, model, dimensions): vectors from another model are
 * meaningless, so decoding a cache for a different embedder yields an empty cache.
 */
import { createHash } from 'node:crypto';
import type { EmbedderInfo } from '../types.ts';

const MAGIC = 'PSEC';
const FORMAT_VERSION = 1;
const HASH_BYTES = 20;

/** A map from sha1(paragraph text) to its vector, for one embedder. */
export interface EmbeddingCache {
  /** Identity of the embedder the vectors came from, e.g. `corpus:3f2a…:256`. */
  readonly embedderKey: string;
  readonly dimensions: number;
  get(text: string): Float32Array | undefined;
  set(text: string, vector: Float32Array): void;
  readonly size: number;
  /** Keeps only the entries whose text is in `texts`, so the cache does not grow with deleted paragraphs. */
  retainOnly(texts: Iterable<string>): void;
  /** The cache as bytes: header, then (20-byte sha1, float32 × dimensions) per entry. */
  encode(): Uint8Array;
}

/** The string that identifies an embedder for caching: equal keys mean interchangeable vectors. */
export function embedderKey(info: EmbedderInfo): string {
  return `${info.kind}:${info.model}:${info.dimensions}`;
}

function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** An empty cache for the embedder `info`. */
export function createEmbeddingCache(info: EmbedderInfo): EmbeddingCache {
  return cacheFrom(embedderKey(info), info.dimensions, new Map());
}

function cacheFrom(key: string, dimensions: number, entries: Map<string, Float32Array>): EmbeddingCache {
  return {
    embedderKey: key,
    dimensions,
    get: (text) => entries.get(textHash(text)),
    set(text, vector) {
      if (vector.length !== dimensions) {
        throw new Error(`vector has ${vector.length} dimensions, cache holds ${dimensions}`);
      }
      entries.set(textHash(text), vector);
    },
    get size() {
      return entries.size;
    },
    retainOnly(texts) {
      const keep = new Set<string>();
      for (const text of texts) keep.add(textHash(text));
      for (const hash of [...entries.keys()]) if (!keep.has(hash)) entries.delete(hash);
    },
    encode: () => encodeEntries(key, dimensions, entries),
  };
}

function encodeEntries(key: string, dimensions: number, entries: Map<string, Float32Array>): Uint8Array {
  const keyBytes = new TextEncoder().encode(key);
  const headerBytes = 4 + 4 + 4 + keyBytes.length + 4 + 4;
  const entryBytes = HASH_BYTES + dimensions * 4;
  const out = new Uint8Array(headerBytes + entries.size * entryBytes);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, keyBytes.length, true);
  out.set(keyBytes, 12);
  view.setUint32(12 + keyBytes.length, dimensions, true);
  view.setUint32(16 + keyBytes.length, entries.size, true);
  let offset = headerBytes;
  for (const [hash, vector] of entries) {
    out.set(Buffer.from(hash, 'hex'), offset);
    const floats = new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
    out.set(floats, offset + HASH_BYTES);
    offset += entryBytes;
  }
  return out;
}

/**
 * Reads a cache written by {@link EmbeddingCache.encode} for the embedder `info`. Bytes from another
 * embedder, another format version or a damaged file give an empty cache: a cache miss only costs time.
 */
export function decodeEmbeddingCache(bytes: Uint8Array, info: EmbedderInfo): EmbeddingCache {
  const key = embedderKey(info);
  const empty = () => createEmbeddingCache(info);
  if (bytes.length < 20 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return empty();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(4, true) !== FORMAT_VERSION) return empty();
  const keyLength = view.getUint32(8, true);
  if (12 + keyLength + 8 > bytes.length) return empty();
  const storedKey = new TextDecoder().decode(bytes.subarray(12, 12 + keyLength));
  const dimensions = view.getUint32(12 + keyLength, true);
  const count = view.getUint32(16 + keyLength, true);
  const entryBytes = HASH_BYTES + dimensions * 4;
  const start = 20 + keyLength;
  if (storedKey !== key || dimensions !== info.dimensions || start + count * entryBytes !== bytes.length) {
    return empty();
  }
  const entries = new Map<string, Float32Array>();
  for (let i = 0; i < count; i++) {
    const offset = start + i * entryBytes;
    const hash = Buffer.from(bytes.subarray(offset, offset + HASH_BYTES)).toString('hex');
    // Copy: the float data is not 4-byte aligned inside the file buffer.
    const vector = new Float32Array(bytes.slice(offset + HASH_BYTES, offset + entryBytes).buffer);
    entries.set(hash, vector);
  }
  return cacheFrom(key, dimensions, entries);
}
