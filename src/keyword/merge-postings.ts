/**
 * Postings of an edited corpus without re-tokenizing what did not change: the previous build's
 * postings with the paragraphs that went dropped and the rest renumbered, merged token by token
 * with the postings of the paragraphs that came in. The result holds exactly the postings a full
 * build of the new corpus would hold (token ids aside), so BM25's document frequencies and every
 * score are the same. This is the merge step of a segmented index: the previous build is one
 * segment, the new documents another.
 */
import { allSeqs, type Postings } from './postings.ts';
import { buildTokenTable, extendTokenTable, findToken, tokenCount } from './token-table.ts';

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
  const { text, starts } = postings.tokens;
  return text.slice(starts[id] as number, starts[id + 1] as number);
}

/** The merged postings (see module doc). */
export function mergePostings(merge: PostingsMerge): Postings {
  const { previous, previousToNew, added, addedToNew } = merge;
  const previousSeqs = allSeqs(previous);
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

  // First pass: the merged length of every token's list, so the columns are allocated once.
  const keptCounts = new Uint32Array(previousTokens);
  let total = 0;
  for (let id = 0; id < previousTokens; id++) {
    let kept = 0;
    for (let i = previous.offsets[id] as number; i < (previous.offsets[id + 1] as number); i++) {
      if ((previousToNew[previousSeqs[i] as number] as number) >= 0) kept++;
    }
    keptCounts[id] = kept;
    total += kept;
  }
  total += addedSeqs.length;

  const keptIds: number[] = [];
  const offsets: number[] = [0];
  const seqs = new Uint32Array(total);
  const frequencies = new Uint8Array(total);
  let at = 0;
  const appendAdded = (addedId: number, until: number, from: number): number => {
    let i = from;
    const end = added.offsets[addedId + 1] as number;
    while (i < end && (addedToNew[addedSeqs[i] as number] as number) < until) {
      seqs[at] = addedToNew[addedSeqs[i] as number] as number;
      frequencies[at++] = added.frequencies[i] as number;
      i++;
    }
    return i;
  };

  for (let id = 0; id < previousTokens; id++) {
    const addedId = addedOfPrevious[id] as number;
    if ((keptCounts[id] as number) === 0 && addedId < 0) continue;
    let a = addedId < 0 ? 0 : (added.offsets[addedId] as number);
    for (let i = previous.offsets[id] as number; i < (previous.offsets[id + 1] as number); i++) {
      const seq = previousToNew[previousSeqs[i] as number] as number;
      if (seq < 0) continue;
      if (addedId >= 0) a = appendAdded(addedId, seq, a);
      seqs[at] = seq;
      frequencies[at++] = previous.frequencies[i] as number;
    }
    if (addedId >= 0) appendAdded(addedId, Number.POSITIVE_INFINITY, a);
    keptIds.push(id);
    offsets.push(at);
  }
  // Tokens only the added paragraphs hold.
  for (const addedId of addedOnly) {
    appendAdded(addedId, Number.POSITIVE_INFINITY, added.offsets[addedId] as number);
    offsets.push(at);
  }
  const newTexts = addedOnly.map((addedId) => tokenText(added, addedId));
  // No token gone (the usual case of an added document): the previous table is extended, not rebuilt.
  const tokens =
    keptIds.length === previousTokens
      ? extendTokenTable(previous.tokens, newTexts)
      : buildTokenTable([...keptIds.map((id) => tokenText(previous, id)), ...newTexts]);
  return {
    tokens,
    offsets: Uint32Array.from(offsets),
    seqs: seqs.subarray(0, at),
    frequencies: frequencies.subarray(0, at),
  };
}
