/**
 * Postings of an edited corpus without re-tokenizing what did not change: the previous build's
 * postings with the paragraphs that went dropped and the rest renumbered, merged token by token
 * with the postings of the paragraphs that came in. The result holds exactly the postings a full
 * build of the new corpus would hold (token ids aside), so BM25's document frequencies and every
 * score are the same. This is the merge step of a segmented index: the previous build is one
 * segment, the new documents another.
 */
import { allSeqs, type Postings, packedGaps } from './postings.ts';
import { buildTokenTable, extendTokenTable, findToken, tokenAt, tokenCount } from './token-table.ts';

/** How the paragraphs of the two inputs are numbered in the merged corpus. */
export interface PostingsMerge {
  /** The previous build's postings. */
  previous: Postings;
  /** New seq of each previous seq, or −1 for a paragraph that is gone. Must keep the order of kept seqs. */
  previousToNew: Int32Array;
  /** Postings of the added paragraphs, numbered 0…n−1 in their own order. */
  added: Postings;
  /** New seq of each added paragraph (ascending). */
  addedToNew: Uint32Array;
}

function tokenText(postings: Postings, id: number): string {
  return tokenAt(postings.tokens, id);
}

/** A byte column that grows as varints and copied runs are appended. */
class ByteColumn {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  varint(value: number): void {
    this.reserve(5);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.bytes[this.length++] = rest;
  }

  copy(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }
}

/**
 * Where the renumbering leaves the previous seqs alone: below `same` every seq keeps its number;
 * from `tail` on every seq is kept and moved by `shift`, and the new corpus ends as the old one did
 * (so no added paragraph lies in that tail). Between the two, seqs are looked up one by one.
 */
function renumbering(
  previousToNew: Int32Array,
  newSize: number,
): { same: number; tail: number; shift: number } {
  const size = previousToNew.length;
  const shift = newSize - size;
  let same = 0;
  while (same < size && previousToNew[same] === same) same++;
  let tail = size;
  while (tail > same && previousToNew[tail - 1] === tail - 1 + shift) tail--;
  return { same, tail, shift };
}

/** A read position in a packed gap column. */
interface GapReader {
  at: number;
}

/**
 * The varint gap at `reader.at`, moving the reader past it. The column was written by this code and
 * checksummed, so no bound is checked here (the query path's decoder, postings.ts, checks them).
 */
function readGap(bytes: Uint8Array, reader: GapReader): number {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[reader.at++] as number;
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

/**
 * The merged postings (see module doc), built straight into packed varint gaps: a token's gaps below
 * the first renumbered seq and within the tail that only moved are the previous build's bytes,
 * copied; only the gaps in between, and those next to an added paragraph, are decoded and written
 * again. An added document renumbers one stretch of seqs, so most of the column is copied.
 */
export function mergePostings(merge: PostingsMerge): Postings {
  const { previous, previousToNew, added, addedToNew } = merge;
  const old = packedGaps(previous);
  const addedSeqs = allSeqs(added);
  // Each previous token's id among the added paragraphs' tokens (−1: none), found by hash lookups of
  // the few added tokens rather than by slicing every previous token's text.
  const previousTokens = tokenCount(previous.tokens);
  const addedOfPrevious = new Int32Array(previousTokens).fill(-1);
  const addedOnly: number[] = [];
  for (let addedId = 0; addedId < tokenCount(added.tokens); addedId++) {
    const previousId = findToken(previous.tokens, tokenText(added, addedId));
    if (previousId >= 0) addedOfPrevious[previousId] = addedId;
    else addedOnly.push(addedId);
  }
  let kept = 0;
  for (const seq of previousToNew) if (seq >= 0) kept++;
  const { same, tail, shift } = renumbering(previousToNew, kept + addedToNew.length);
  // Paragraphs only added after the last previous one (a new source sorting last): every previous seq keeps its number.
  const appendOnly = same === previousToNew.length;

  const bytes = new ByteColumn(old.bytes.length + addedSeqs.length * 2);
  const frequencies = new Uint8Array(previous.frequencies.length + added.frequencies.length);
  const offsets = new Uint32Array(previousTokens + addedOnly.length + 1);
  const seqStarts = new Uint32Array(previousTokens + addedOnly.length + 1);
  const keptIds: number[] = [];
  let at = 0; // postings written
  let last = 0; // last seq written for the current token
  let a = 0; // next of the current token's added postings
  let aEnd = 0;
  const write = (seq: number, frequency: number) => {
    bytes.varint(seq - last);
    last = seq;
    frequencies[at++] = frequency;
  };
  const writeAddedBelow = (limit: number) => {
    while (a < aEnd && (addedToNew[addedSeqs[a] as number] as number) < limit) {
      write(addedToNew[addedSeqs[a] as number] as number, added.frequencies[a] as number);
      a++;
    }
  };

  const reader: GapReader = { at: 0 };
  let tokens = 0;
  for (let id = 0; id < previousTokens; id++) {
    const addedId = addedOfPrevious[id] as number;
    a = addedId < 0 ? 0 : (added.offsets[addedId] as number);
    aEnd = addedId < 0 ? 0 : (added.offsets[addedId + 1] as number);
    const startPostings = at;
    let i = previous.offsets[id] as number;
    const end = old.starts[id + 1] as number;
    const byte = old.starts[id] as number;
    if (appendOnly && addedId < 0) {
      // Nothing renumbered and nothing added to this token: its bytes as they are, unread.
      bytes.copy(old.bytes, byte, end);
      const count = (previous.offsets[id + 1] as number) - i;
      frequencies.set(previous.frequencies.subarray(i, i + count), at);
      at += count;
      keptIds.push(id);
      tokens++;
      offsets[tokens] = at;
      seqStarts[tokens] = bytes.length;
      continue;
    }
    let seq = 0;
    last = 0;
    // Below `same`: the bytes as they are.
    reader.at = byte;
    let copiedTo = byte;
    while (reader.at < end) {
      const value = readGap(old.bytes, reader);
      if (seq + value >= same) break;
      seq += value;
      copiedTo = reader.at;
      i++;
    }
    if (copiedTo > byte) {
      bytes.copy(old.bytes, byte, copiedTo);
      frequencies.set(previous.frequencies.subarray(previous.offsets[id] as number, i), at);
      at += i - (previous.offsets[id] as number);
      last = seq;
    }
    reader.at = copiedTo;
    // From `same` on: renumbered one by one until the tail, whose gaps are copied after its first.
    while (reader.at < end) {
      seq += readGap(old.bytes, reader);
      if (seq >= tail) {
        writeAddedBelow(seq + shift);
        write(seq + shift, previous.frequencies[i++] as number);
        const rest = (previous.offsets[id + 1] as number) - i;
        bytes.copy(old.bytes, reader.at, end);
        frequencies.set(previous.frequencies.subarray(i, i + rest), at);
        at += rest;
        i += rest;
        reader.at = end;
        // The tail holds no added paragraph (see renumbering): none of this token's may be left.
        if (a < aEnd) throw new Error('mergePostings: an added paragraph falls in the moved tail');
        break;
      }
      const moved = previousToNew[seq] as number;
      if (moved >= 0) {
        writeAddedBelow(moved);
        write(moved, previous.frequencies[i] as number);
      }
      i++;
    }
    writeAddedBelow(Number.POSITIVE_INFINITY);
    if (at === startPostings) continue;
    keptIds.push(id);
    tokens++;
    offsets[tokens] = at;
    seqStarts[tokens] = bytes.length;
  }
  // Tokens only the added paragraphs hold.
  for (const addedId of addedOnly) {
    a = added.offsets[addedId] as number;
    aEnd = added.offsets[addedId + 1] as number;
    last = 0;
    writeAddedBelow(Number.POSITIVE_INFINITY);
    tokens++;
    offsets[tokens] = at;
    seqStarts[tokens] = bytes.length;
  }
  const newTexts = addedOnly.map((addedId) => tokenText(added, addedId));
  // No token gone (the usual case of an added document): the previous table is extended, not rebuilt.
  const table =
    keptIds.length === previousTokens
      ? extendTokenTable(previous.tokens, newTexts)
      : buildTokenTable([...keptIds.map((id) => tokenText(previous, id)), ...newTexts]);
  return {
    tokens: table,
    offsets: offsets.slice(0, tokens + 1),
    frequencies: frequencies.slice(0, at),
    seqs: {
      starts: seqStarts.slice(0, tokens + 1),
      bytes: bytes.bytes.slice(0, bytes.length),
      decoded: new Map(),
      decodedSeqs: 0,
    },
  };
}
