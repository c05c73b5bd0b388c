/**
 * Proving from the postings alone that a paragraph holds a word of four or more Chinese characters,
 * so its text need not be read. Verifying candidates on their text was the slowest step of keyword
 * search at laws scale (人民法院 has 11k candidates, each a paragraph read from memory).
 *
 * The proof, for a word c0 c1 … c(k−1): its trigrams Ti = ci ci+1 ci+2 overlap pairwise on the
 * bigrams Bi = ci+1 ci+2. In the paragraph's n-gram stream, each occurrence of Ti holds a Bi one
 * position on, and each occurrence of Ti+1 a Bi at its start, distinct occurrences giving distinct
 * ones: so tf(Bi) − tf(Ti) occurrences of Bi lack ci before them, and tf(Bi) − tf(Ti+1) lack ci+3
 * after. Anchor on one trigram Tm and grow each of its occurrences outwards one character at a
 * time; growing fails only at one of those bigram occurrences, each of which can stop at most one
 * anchor occurrence (it sits at a fixed offset from it). So when tf(Tm) exceeds the failures
 * possible on its left (pairs i < m: tf(Bi) − tf(Ti)) plus on its right (i ≥ m: tf(Bi) − tf(Ti+1)),
 * some occurrence grows into the whole word: c0 … c(k−1) adjacent in the n-gram stream, which is
 * what {@link phraseMatcher} accepts (n-grams skip exactly the characters the matcher skips, neither
 * letters nor digits). Counts saturate at 255, so a count that high proves nothing; when the proof
 * fails the text is read as before.
 */
import { isHan } from '../text/analyze.ts';
import { type PostingList, type Postings, postingList, seekAtLeast } from './postings.ts';

/** Saturated counts (see {@link Postings.frequencies}) say nothing about equality. */
const SATURATED = 255;

/** The word's trigrams in order and the bigram each consecutive pair overlaps on; null when no proof applies. */
export function ngramChain(compactWord: string): { trigrams: string[]; overlaps: string[] } | null {
  const chars = [...compactWord];
  // Below four characters a word is one token and needs no proof; a character outside the basic
  // plane or not Han (a Latin or digit run is one token, not n-grams) is left to the text check.
  if (chars.length < 4 || chars.some((char) => char.length !== 1 || !isHan(char))) return null;
  const trigrams: string[] = [];
  const overlaps: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) trigrams.push(chars.slice(i, i + 3).join(''));
  for (let i = 1; i + 2 < chars.length; i++) overlaps.push(chars.slice(i, i + 2).join(''));
  return { trigrams, overlaps };
}

/**
 * A proof checker for one word over one index, for seqs asked in ascending order (each list's
 * cursor only moves forward). `holds(seq)` true means the paragraph holds the word; false means
 * "read the text".
 */
export class NgramProof {
  private readonly trigrams: PostingList[];
  private readonly overlaps: PostingList[];
  private readonly trigramAt: Int32Array;
  private readonly overlapAt: Int32Array;
  private readonly trigramCounts: Int32Array;
  private readonly overlapCounts: Int32Array;

  private constructor(postings: Postings, chain: { trigrams: string[]; overlaps: string[] }) {
    this.trigrams = chain.trigrams.map((token) => postingList(postings, token));
    this.overlaps = chain.overlaps.map((token) => postingList(postings, token));
    this.trigramAt = new Int32Array(this.trigrams.length);
    this.overlapAt = new Int32Array(this.overlaps.length);
    this.trigramCounts = new Int32Array(this.trigrams.length);
    this.overlapCounts = new Int32Array(this.overlaps.length);
  }

  /** The checker for a word (letters and digits only), or null when the word is not one it can prove. */
  static of(postings: Postings, compactWord: string): NgramProof | null {
    const chain = ngramChain(compactWord);
    return chain ? new NgramProof(postings, chain) : null;
  }

  /** True when the postings prove that paragraph `seq` holds the word. */
  holds(seq: number): boolean {
    const { trigrams, overlaps, trigramCounts: t, overlapCounts: b } = this;
    for (let i = 0; i < trigrams.length; i++) {
      const found = count(trigrams[i] as PostingList, this.trigramAt, i, seq);
      if (found === 0 || found >= SATURATED) return false;
      t[i] = found;
    }
    // Failures on the right of anchor 0: every pair grows rightwards.
    let right = 0;
    for (let i = 0; i < overlaps.length; i++) {
      const found = count(overlaps[i] as PostingList, this.overlapAt, i, seq);
      if (found >= SATURATED) return false;
      b[i] = found;
      right += found - (t[i + 1] as number);
    }
    let left = 0;
    for (let m = 0; m < trigrams.length; m++) {
      if ((t[m] as number) > left + right) return true;
      // Moving the anchor past pair m: it now grows leftwards.
      if (m < overlaps.length) {
        right -= (b[m] as number) - (t[m + 1] as number);
        left += (b[m] as number) - (t[m] as number);
      }
    }
    return false;
  }
}

/** Occurrences of a token in paragraph `seq`, 0 when it has none; moves cursor `slot` forward. */
function count(list: PostingList, cursors: Int32Array, slot: number, seq: number): number {
  const seqs = list.seqs;
  let at = cursors[slot] as number;
  if ((seqs[at] as number) < seq) {
    at = seqs[at + 1] === seq ? at + 1 : seekAtLeast(seqs, seq, at + 1);
    cursors[slot] = at;
  }
  return seqs[at] === seq ? (list.frequencies[at] as number) : 0;
}
