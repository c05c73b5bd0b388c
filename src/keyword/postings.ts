/**
 * A compact inverted index in typed arrays: for every token, the ascending seqs of the paragraphs
 * holding it and how often each holds it. One flat array per column, so a 360k-paragraph corpus
 * costs a few bytes per posting, intersects with binary search and loads without parsing.
 */
import { KEYWORD_POSTINGS } from '../config.ts';
import { buildTokenTable, findToken, type TokenTable, tokenCount } from './token-table.ts';

/** Postings of every token; the postings of token id t are [offsets[t], offsets[t + 1]). */
export interface Postings {
  tokens: TokenTable;
  offsets: Uint32Array;
  /** Seqs of every token: one decoded column (built in memory), or packed gaps decoded per token on first read (loaded). */
  seqs: Uint32Array | PackedSeqs;
  /** Occurrences of the token in the paragraph, saturated at 255 (BM25 saturates far earlier). */
  frequencies: Uint8Array;
}

/** One token's postings as views into the flat arrays (no copy). */
export interface PostingList {
  seqs: Uint32Array;
  frequencies: Uint8Array;
}

const EMPTY: PostingList = { seqs: new Uint32Array(0), frequencies: new Uint8Array(0) };

/** A growable Int32Array: the token-id stream of the whole corpus is too long for a plain array. */
class IntStream {
  data = new Int32Array(1 << 20);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Builds the postings of every token the tokenizer yields for each text (its position is the seq).
 * The corpus is tokenized once into a stream of token ids; two passes over that stream then count
 * and fill the flat columns, so no per-token growable list is ever held.
 */
export function buildPostings(count: number, tokensOf: (seq: number) => string[]): Postings {
  const tokenIds = new Map<string, number>();
  const stream = new IntStream();
  const ends = new Uint32Array(count);
  for (let seq = 0; seq < count; seq++) {
    for (const token of tokensOf(seq)) {
      let id = tokenIds.get(token);
      if (id === undefined) {
        id = tokenIds.size;
        tokenIds.set(token, id);
      }
      stream.push(id);
    }
    ends[seq] = stream.length;
  }
  const tokenCount = tokenIds.size;
  // lastSeen[id] is the last seq that held the token (plus one, so 0 means never).
  const lastSeen = new Uint32Array(tokenCount);
  const documentCounts = new Uint32Array(tokenCount);
  let start = 0;
  for (let seq = 0; seq < count; seq++) {
    const end = ends[seq] as number;
    for (let i = start; i < end; i++) {
      const id = stream.data[i] as number;
      if (lastSeen[id] !== seq + 1) {
        lastSeen[id] = seq + 1;
        documentCounts[id] = (documentCounts[id] as number) + 1;
      }
    }
    start = end;
  }
  const offsets = new Uint32Array(tokenCount + 1);
  for (let id = 0; id < tokenCount; id++)
    offsets[id + 1] = (offsets[id] as number) + (documentCounts[id] as number);
  const total = offsets[tokenCount] as number;
  const seqs = new Uint32Array(total);
  const frequencies = new Uint8Array(total);
  const cursor = offsets.slice(0, tokenCount);
  lastSeen.fill(0);
  start = 0;
  for (let seq = 0; seq < count; seq++) {
    const end = ends[seq] as number;
    for (let i = start; i < end; i++) {
      const id = stream.data[i] as number;
      if (lastSeen[id] !== seq + 1) {
        lastSeen[id] = seq + 1;
        const at = cursor[id] as number;
        seqs[at] = seq;
        frequencies[at] = 1;
        cursor[id] = at + 1;
      } else {
        const at = (cursor[id] as number) - 1;
        if ((frequencies[at] as number) < 255) frequencies[at] = (frequencies[at] as number) + 1;
      }
    }
    start = end;
  }
  return { tokens: buildTokenTable(tokenIds.keys()), offsets, seqs, frequencies };
}

/** The postings of one token (empty when no paragraph holds it). */
export function postingList(postings: Postings, token: string): PostingList {
  const id = findToken(postings.tokens, token);
  if (id === -1) return EMPTY;
  const start = postings.offsets[id] as number;
  const end = postings.offsets[id + 1] as number;
  return { seqs: seqsOfToken(postings, id), frequencies: postings.frequencies.subarray(start, end) };
}

/** First index in [from, list.length) whose value is ≥ target, by galloping then binary search. */
export function seekAtLeast(list: Uint32Array, target: number, from: number): number {
  let step = 1;
  let low = from;
  let high = from;
  while (high < list.length && (list[high] as number) < target) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  if (high > list.length) high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Seqs present in every list, ascending. Walks the shortest list and gallops through the others,
 * so the cost follows the rarest token, not the commonest.
 */
export function intersectPostings(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 0) return new Uint32Array(0);
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [shortest, ...others] = sorted as [Uint32Array, ...Uint32Array[]];
  if (others.length === 0) return shortest;
  const cursors = new Int32Array(others.length);
  const result = new Uint32Array(shortest.length);
  let size = 0;
  outer: for (let s = 0; s < shortest.length; s++) {
    const seq = shortest[s] as number;
    for (let i = 0; i < others.length; i++) {
      const list = others[i] as Uint32Array;
      let at = cursors[i] as number;
      // Lists of similar length mostly advance a step or two: look before galloping.
      if ((list[at] as number) < seq) {
        at = seekAtLeast(list, seq, at + 1);
        cursors[i] = at;
      }
      if (at >= list.length) break outer;
      if (list[at] !== seq) continue outer;
    }
    result[size++] = seq;
  }
  return result.subarray(0, size);
}

/** Whether the ascending `list` holds `seq` (binary search). */
export function containsSeq(list: Uint32Array, seq: number): boolean {
  return list[seekAtLeast(list, seq, 0)] === seq;
}

/** Each token's seqs as varint gaps (see {@link encodeGaps}), decoded one token at a time on first read. */
export interface PackedSeqs {
  /** Byte offset of each token's gaps in `bytes`: token t's are [starts[t], starts[t + 1]). */
  starts: Uint32Array;
  bytes: Uint8Array;
  /** Decoded lists by token id, most recently read last; bounded by `decodedLimit` seqs in all. */
  decoded: Map<number, Uint32Array>;
  decodedSeqs: number;
  /** The bound on `decodedSeqs`; default `KEYWORD_POSTINGS.decodedSeqsCache` (threads sharing one index split it). */
  decodedLimit?: number;
}

/** Bounds the decoded lists a postings keeps to `seqs` in all (from its next decode on); no-op for a decoded column. */
export function limitDecodedSeqs(postings: Postings, seqs: number): void {
  if (!(postings.seqs instanceof Uint32Array)) postings.seqs.decodedLimit = seqs;
}

/**
 * Each token's seqs as gaps from the previous seq (the first from 0), in LEB128 varints: most gaps
 * in a common token's list fit one byte, so the column is about a third of the raw one. Returns the
 * bytes and where each token's gaps start.
 */
function encodeGaps(seqs: Uint32Array, offsets: Uint32Array): { bytes: Uint8Array; starts: Uint32Array } {
  const bytes = new Uint8Array(seqs.length * 5);
  const starts = new Uint32Array(offsets.length);
  let at = 0;
  for (let id = 0; id + 1 < offsets.length; id++) {
    starts[id] = at;
    let previous = 0;
    for (let i = offsets[id] as number; i < (offsets[id + 1] as number); i++) {
      let gap = (seqs[i] as number) - previous;
      previous = seqs[i] as number;
      while (gap >= 0x80) {
        bytes[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      bytes[at++] = gap;
    }
  }
  starts[offsets.length - 1] = at;
  return { bytes: bytes.slice(0, at), starts };
}

/** Decodes `count` varint gaps from bytes[from, to) into seqs; throws unless they fill the range exactly. */
function decodeGaps(bytes: Uint8Array, from: number, to: number, count: number): Uint32Array {
  const seqs = new Uint32Array(count);
  let at = from;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    if (at >= to) throw new Error('The keyword postings are inconsistent: seqs is truncated.');
    let byte = bytes[at++] as number;
    let gap = byte & 0x7f;
    // Integer arithmetic throughout: seqs stay below 2^31, so at most five 7-bit groups.
    for (let shift = 7; byte & 0x80; shift += 7) {
      if (at >= to) throw new Error('The keyword postings are inconsistent: seqs is truncated.');
      byte = bytes[at++] as number;
      gap |= (byte & 0x7f) << shift;
    }
    previous += gap;
    seqs[i] = previous;
  }
  if (at !== to) throw new Error('The keyword postings are inconsistent: seqs has trailing bytes.');
  return seqs;
}

/** The seqs of token `id`: a view of the decoded column, or its packed gaps decoded (and kept in the bounded cache). */
function seqsOfToken(postings: Postings, id: number): Uint32Array {
  const start = postings.offsets[id] as number;
  const end = postings.offsets[id + 1] as number;
  const column = postings.seqs;
  if (column instanceof Uint32Array) return column.subarray(start, end);
  const cached = column.decoded.get(id);
  if (cached) {
    // Most recently read goes last: eviction takes from the front.
    column.decoded.delete(id);
    column.decoded.set(id, cached);
    return cached;
  }
  const seqs = decodeGaps(
    column.bytes,
    column.starts[id] as number,
    column.starts[id + 1] as number,
    end - start,
  );
  column.decoded.set(id, seqs);
  column.decodedSeqs += seqs.length;
  for (const [oldId, old] of column.decoded) {
    if (column.decodedSeqs <= (column.decodedLimit ?? KEYWORD_POSTINGS.decodedSeqsCache) || oldId === id)
      break;
    column.decoded.delete(oldId);
    column.decodedSeqs -= old.length;
  }
  return seqs;
}

/** Every token's seqs in one column (the packed column decoded whole): for merging postings, not for queries. */
export function allSeqs(postings: Postings): Uint32Array {
  const column = postings.seqs;
  if (column instanceof Uint32Array) return column;
  const total = postings.offsets[postings.offsets.length - 1] ?? 0;
  const seqs = new Uint32Array(total);
  for (let id = 0; id + 1 < postings.offsets.length; id++) {
    const start = postings.offsets[id] as number;
    const end = postings.offsets[id + 1] as number;
    seqs.set(
      decodeGaps(column.bytes, column.starts[id] as number, column.starts[id + 1] as number, end - start),
      start,
    );
  }
  return seqs;
}

/** The seqs of `postings` as packed varint gaps: the loaded column as it is, a built one encoded. */
export function packedGaps(postings: Postings): { bytes: Uint8Array; starts: Uint32Array } {
  return postings.seqs instanceof Uint32Array
    ? encodeGaps(postings.seqs, postings.offsets)
    : { bytes: postings.seqs.bytes, starts: postings.seqs.starts };
}

/** The columns postings are saved as: token texts as UTF-16 code units, the rest typed arrays (seqs as varint gaps). */
export interface PostingsColumns {
  tokens: Uint16Array;
  tokenStarts: Uint32Array;
  tokenSlots: Uint32Array;
  offsets: Uint32Array;
  /** Byte offset of each token's gaps in `seqs`. */
  seqStarts: Uint32Array;
  seqs: Uint8Array;
  frequencies: Uint8Array;
}

/** The names of {@link PostingsColumns}, in the order they are saved. */
export const POSTINGS_COLUMNS = [
  'tokens',
  'tokenStarts',
  'tokenSlots',
  'offsets',
  'seqStarts',
  'seqs',
  'frequencies',
] as const;

/** The saved form of postings: typed columns, the seqs packed as varint gaps. */
export function savePostings(postings: Postings): PostingsColumns {
  const packed = packedGaps(postings);
  return {
    tokens: postings.tokens.text,
    tokenStarts: postings.tokens.starts,
    tokenSlots: postings.tokens.slots,
    offsets: postings.offsets,
    seqStarts: packed.starts,
    seqs: packed.bytes,
    frequencies: postings.frequencies,
  };
}

/**
 * Postings over saved columns (views, no copy): the seqs stay packed and each token's list is
 * decoded on its first read. Throws when the columns disagree in length (a damaged or foreign file);
 * a damaged list inside the packed seqs is found when it is decoded.
 */
export function loadPostings(columns: PostingsColumns): Postings {
  const tokens: TokenTable = { text: columns.tokens, starts: columns.tokenStarts, slots: columns.tokenSlots };
  const { offsets, frequencies, seqStarts } = columns;
  const count = tokenCount(tokens);
  if (
    offsets.length !== count + 1 ||
    seqStarts.length !== count + 1 ||
    offsets[count] !== frequencies.length ||
    seqStarts[count] !== columns.seqs.length ||
    tokens.starts[count] !== tokens.text.length
  ) {
    throw new Error('The keyword postings are inconsistent: offsets, tokens, seqs and frequencies disagree.');
  }
  return {
    tokens,
    offsets,
    frequencies,
    seqs: { starts: seqStarts, bytes: columns.seqs, decoded: new Map(), decodedSeqs: 0 },
  };
}

/** The union of two ascending seq lists, ascending, without repeats. */
export function unionSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let size = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    if (x <= y) i++;
    if (y <= x) j++;
    out[size++] = Math.min(x, y);
  }
  return out.subarray(0, size);
}

/** The seqs of an ascending list that `keep` accepts, still ascending. */
export function filterSeqs(seqs: Uint32Array, keep: (seq: number) => boolean): Uint32Array {
  const out = new Uint32Array(seqs.length);
  let size = 0;
  for (const seq of seqs) if (keep(seq)) out[size++] = seq;
  return out.subarray(0, size);
}
