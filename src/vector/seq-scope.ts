/**
 * Which paragraphs a nearest-neighbour search may return, as plain data: a predicate cannot cross
 * to the semantic worker thread, a bitmap and a seq range can (structured clone). The in-thread
 * search and the worker turn a scope into the same predicate here, so both filter alike.
 */

/** The paragraphs a vector search may return; an empty scope admits every paragraph. */
export interface SeqScope {
  /** Bit `seq` set (bit `seq & 7` of byte `seq >> 3`) for each admitted seq; absent = all admitted. */
  allowed?: Uint8Array;
  /** Seqs `[from, to)` never returned: the paragraph itself, or its whole document (similar paragraphs). */
  exclude?: readonly [from: number, to: number];
}

/** The bitmap of the seqs `0…count−1` that `admit` accepts (one pass; ~1 ms per 100k paragraphs). */
export function seqBitmap(count: number, admit: (seq: number) => boolean): Uint8Array {
  const bits = new Uint8Array((count + 7) >> 3);
  for (let seq = 0; seq < count; seq++) {
    if (admit(seq)) bits[seq >> 3] = (bits[seq >> 3] as number) | (1 << (seq & 7));
  }
  return bits;
}

/** The predicate of a scope, or undefined when it admits everything (hnswlib then skips the check). */
export function scopePredicate(scope: SeqScope = {}): ((seq: number) => boolean) | undefined {
  const { allowed, exclude } = scope;
  if (!allowed && !exclude) return undefined;
  const [from, to] = exclude ?? [0, 0];
  return (seq) =>
    (seq < from || seq >= to) && (!allowed || ((allowed[seq >> 3] ?? 0) & (1 << (seq & 7))) !== 0);
}
