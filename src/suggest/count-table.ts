/**
 * The suggestion counts of a whole corpus as compact sorted columns — texts as one UTF-8 block with
 * offsets, counts as a `Uint32Array` — so that millions of counts (every 2–3-word run of the laws
 * corpus) load as a few typed arrays without making a string each, and an incremental build changes
 * the few thousand counts a document touches by binary search, copying the rest as blocks of bytes.
 * Texts are in code point order, which is the byte order of their UTF-8: the binary search compares
 * a change's bytes with the block's in place, decoding nothing.
 */
import { Buffer } from 'node:buffer';
import { COUNT_KINDS, type CountKind, type SuggestCounts } from './suggest-counts.ts';

/** One kind of count, sorted by text: entry i is `text(i)` with `counts[i]`. */
export interface CountColumn {
  counts: Uint32Array;
  /** Byte offsets into `texts`: entry i is bytes `offsets[i]` … `offsets[i + 1]`; `size + 1` of them. */
  offsets: Uint32Array;
  texts: Buffer;
}

/** Every kind's column. */
export type CountTable = Record<CountKind, CountColumn>;

/** Number of entries of `column`. */
export function columnSize(column: CountColumn): number {
  return column.counts.length;
}

/** The text of entry `i` of `column`. */
export function textAt(column: CountColumn, i: number): string {
  return column.texts.toString('utf8', column.offsets[i] as number, column.offsets[i + 1] as number);
}

/** The columns of `counts` (positive counts only). */
export function tableFromCounts(counts: SuggestCounts): CountTable {
  const table = {} as CountTable;
  for (const kind of COUNT_KINDS) table[kind] = columnFromMap(counts[kind]);
  return table;
}

function columnFromMap(map: Map<string, number>): CountColumn {
  const texts = sortByCodePoint([...map.keys()].filter((text) => (map.get(text) as number) > 0));
  const offsets = new Uint32Array(texts.length + 1);
  let bytes = 0;
  texts.forEach((text, i) => {
    offsets[i] = bytes;
    bytes += Buffer.byteLength(text);
  });
  offsets[texts.length] = bytes;
  const block = Buffer.allocUnsafe(bytes);
  const counts = new Uint32Array(texts.length);
  texts.forEach((text, i) => {
    block.write(text, offsets[i] as number);
    counts[i] = map.get(text) as number;
  });
  return { counts, offsets, texts: block };
}

/**
 * `texts` sorted in code point order. JavaScript's own order (UTF-16 code units) is the same unless
 * one text holds a character beyond U+FFFF (a surrogate pair) and another one of U+E000–U+FFFF
 * (full-width forms, compatibility ideographs): only then is the slower comparison needed.
 */
export function sortByCodePoint(texts: string[]): string[] {
  texts.sort();
  const astral = texts.some((text) => /[\u{10000}-\u{10FFFF}]/u.test(text));
  return astral && texts.some((text) => /[\uE000-\uFFFF]/u.test(text))
    ? texts.sort(compareCodePoints)
    : texts;
}

function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A code unit's place in code point order: surrogates (D800–DFFF) after E000–FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** The position of `text` in `column` (searched from `low` on), or of the first entry after it (`found` false). */
function lowerBound(column: CountColumn, text: string, low = 0): { at: number; found: boolean } {
  const key = Buffer.from(text);
  const { offsets, texts } = column;
  // texts.compare(key, …, start, end): the sign of entry minus key, compared in place.
  const entryVersusKey = (i: number) =>
    texts.compare(key, 0, key.length, offsets[i] as number, offsets[i + 1] as number);
  let high = columnSize(column);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entryVersusKey(middle) < 0) low = middle + 1;
    else high = middle;
  }
  return { at: low, found: low < columnSize(column) && entryVersusKey(low) === 0 };
}

/** The count of `text` in `column` (0 when absent). */
export function countOf(column: CountColumn, text: string): number {
  const { at, found } = lowerBound(column, text);
  return found ? (column.counts[at] as number) : 0;
}

/**
 * The table with `delta` added (a negative count subtracts); entries that reach zero are dropped.
 * Throws when a count would go below zero: the delta was not made against this table.
 */
export function applyCountDelta(table: CountTable, delta: SuggestCounts): CountTable {
  const next = {} as CountTable;
  for (const kind of COUNT_KINDS) next[kind] = applyColumnDelta(table[kind], delta[kind], kind);
  return next;
}

function applyColumnDelta(column: CountColumn, delta: Map<string, number>, kind: CountKind): CountColumn {
  if (delta.size === 0) return column;
  const changes = sortByCodePoint([...delta.keys()]);
  const size = columnSize(column);
  const counts = new Uint32Array(size + changes.length);
  const offsets = new Uint32Array(size + changes.length + 1);
  let extraBytes = 0;
  for (const text of changes) extraBytes += Buffer.byteLength(text);
  const texts = Buffer.allocUnsafe(column.texts.length + extraBytes);
  let out = 0;
  let outBytes = 0;
  let from = 0;
  // Copies old entries [from, to) unchanged: counts and bytes as blocks, offsets shifted by one constant.
  const copyUntil = (to: number) => {
    if (to <= from) return;
    counts.set(column.counts.subarray(from, to), out);
    const start = column.offsets[from] as number;
    column.texts.copy(texts, outBytes, start, column.offsets[to] as number);
    const shift = outBytes - start;
    for (let i = from; i < to; i++) offsets[out++] = (column.offsets[i] as number) + shift;
    outBytes += (column.offsets[to] as number) - start;
    from = to;
  };
  for (const text of changes) {
    // The changes are sorted, so each is at or after the previous one.
    const { at, found } = lowerBound(column, text, from);
    copyUntil(at);
    const count = (found ? (column.counts[at] as number) : 0) + (delta.get(text) as number);
    if (count < 0) throw new Error(`the ${kind} count of ${text} would fall below zero`);
    if (found) from = at + 1;
    if (count === 0) continue;
    counts[out] = count;
    offsets[out++] = outBytes;
    outBytes += texts.write(text, outBytes);
  }
  copyUntil(size);
  offsets[out] = outBytes;
  return {
    counts: counts.slice(0, out),
    offsets: offsets.slice(0, out + 1),
    texts: Buffer.from(texts.subarray(0, outBytes)),
  };
}

/** The entries of `column` counted at least `minCount` times, as a map (text → count). */
export function entriesAtLeast(column: CountColumn, minCount: number): Map<string, number> {
  const found = new Map<string, number>();
  const { counts } = column;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] as number;
    if (count >= minCount) found.set(textAt(column, i), count);
  }
  return found;
}

/** Magic bytes and version of the encoded table; the decoder refuses anything else. */
const MAGIC = 0x43475553; // "SUGC" little-endian
/** Version of the encoded form. */
export const COUNT_TABLE_VERSION = 1;

/**
 * The table as bytes: a header (magic, version, then per kind its entry count and text bytes), then
 * per kind its counts, offsets (little-endian uint32) and UTF-8 texts, each part 4-byte aligned.
 */
export function encodeCountTable(table: CountTable): Uint8Array {
  const header = new Uint32Array(2 + 2 * COUNT_KINDS.length);
  header[0] = MAGIC;
  header[1] = COUNT_TABLE_VERSION;
  const parts: Uint8Array[] = [asBytes(header)];
  COUNT_KINDS.forEach((kind, k) => {
    const column = table[kind];
    header[2 + 2 * k] = columnSize(column);
    header[3 + 2 * k] = column.texts.length;
    parts.push(asBytes(column.counts), asBytes(column.offsets), column.texts, padding(column.texts.length));
  });
  return Buffer.concat(parts);
}

/** Reads an encoded table (a copy of `bytes` is not made: the columns view it); throws when damaged. */
export function decodeCountTable(bytes: Uint8Array): CountTable {
  // An aligned copy only when the buffer is not 4-byte aligned (Buffer's pool may place it anywhere).
  const data = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = (at: number, length: number) => {
    if (at + length * 4 > data.byteLength) throw new Error('the suggestion counts are truncated');
    return new Uint32Array(data.buffer, data.byteOffset + at, length);
  };
  const header = words(0, 2 + 2 * COUNT_KINDS.length);
  if (header[0] !== MAGIC) throw new Error('the suggestion counts are not a count table');
  if (header[1] !== COUNT_TABLE_VERSION) {
    throw new Error(
      `the suggestion counts have version ${header[1]}, this code reads ${COUNT_TABLE_VERSION}`,
    );
  }
  let at = header.byteLength;
  const table = {} as CountTable;
  COUNT_KINDS.forEach((kind, k) => {
    const size = header[2 + 2 * k] as number;
    const textBytes = header[3 + 2 * k] as number;
    const counts = words(at, size);
    at += counts.byteLength;
    const offsets = words(at, size + 1);
    at += offsets.byteLength;
    if (at + textBytes > data.byteLength) throw new Error('the suggestion counts are truncated');
    if (offsets[0] !== 0 || offsets[size] !== textBytes) throw new Error(`the ${kind} counts are damaged`);
    const texts = Buffer.from(data.buffer, data.byteOffset + at, textBytes);
    at += textBytes + padding(textBytes).length;
    table[kind] = { counts, offsets, texts };
  });
  if (at !== data.byteLength) throw new Error('the suggestion counts have trailing bytes');
  return table;
}

function asBytes(array: Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function padding(length: number): Uint8Array {
  return new Uint8Array((4 - (length % 4)) % 4);
}
