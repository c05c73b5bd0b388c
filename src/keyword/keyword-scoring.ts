/**
 * Keyword scoring: each match's score is the number of query terms it holds verbatim plus BM25
 * over the query words (with section and title boosts) saturated into [0, 1). Reads typed arrays
 * only: it runs once per match, 100k times for a common word.
 */
import { KEYWORD_RANKING } from '../config.ts';
import { isHan } from '../text/analyze.ts';
import { type Bm25WordScorer, prepareWordScorer } from './bm25.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { intersectPostings, type PostingList, type Postings, postingList, seekAtLeast } from './postings.ts';
import type { WordPlan } from './query-plan.ts';

/** How one query word is scored: its tokens' postings (with a cursor each) and its fixed BM25 part. */
export interface WordStats {
  word: string;
  /** Postings of the word's tokens; its frequency in a paragraph is the least of theirs (exact for a one-token word). */
  lists: PostingList[];
  cursors: Int32Array;
  score: Bm25WordScorer;
  /** Per section / title: 1 holds the word, 0 does not, -1 not yet looked at. */
  inSection: Int8Array;
  inTitle: Int8Array;
}

/** The scoring state of one query word over this index. */
export function wordStats(index: KeywordIndex, word: WordPlan): WordStats {
  const lists = word.tokens.map((token) => postingList(index.postings, token));
  const documentCount = index.view.paragraphCount;
  // A word that is not one token: its rarest token's count bounds how many paragraphs hold it.
  const documentFrequency = Math.max(1, Math.min(documentCount, ...lists.map((list) => list.seqs.length)));
  return {
    word: word.text,
    lists,
    cursors: new Int32Array(lists.length),
    score: prepareWordScorer(
      { documentFrequency, documentCount, averageLength: index.averageLength },
      KEYWORD_RANKING,
    ),
    inSection: fieldCache(index.sectionPostings, index.sections.length, word),
    inTitle: fieldCache(index.titlePostings, index.titles.length, word),
  };
}

/**
 * The per-field cache of {@link holds} for one word: -1 (look at the text) where the field's postings
 * hold all the word's tokens, 0 elsewhere. CJK n-grams span punctuation, so a field containing a
 * CJK word holds all its n-grams; a word with Latin or digit runs (which tokenize by whole runs) or
 * no tokens is looked at in every field.
 */
function fieldCache(postings: Postings, count: number, word: WordPlan): Int8Array {
  if (word.tokens.length === 0 || !word.tokens.every(isHan)) return new Int8Array(count).fill(-1);
  const cache = new Int8Array(count);
  for (const position of intersectPostings(word.tokens.map((token) => postingList(postings, token).seqs)))
    cache[position] = -1;
  return cache;
}

/**
 * Occurrences of the word in the paragraph, read from its tokens' postings. Seqs must come
 * ascending: each list's cursor only moves forward, mostly by one posting.
 */
function termFrequency(stat: WordStats, seq: number): number {
  const { lists, cursors } = stat;
  let least = 255;
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i] as PostingList;
    let at = cursors[i] as number;
    if (list.seqs[at] !== seq) {
      // The next posting is the likeliest place: a word's matches are most of its postings.
      at = list.seqs[at + 1] === seq ? at + 1 : seekAtLeast(list.seqs, seq, at);
      cursors[i] = at;
      if (list.seqs[at] !== seq) return 0;
    }
    const frequency = list.frequencies[at] as number;
    if (frequency < least) least = frequency;
  }
  return least;
}

/** Whether field `position` holds the word, looked up once per field and query word. */
function holds(cache: Int8Array, fields: string[], position: number, word: string): boolean {
  let known = cache[position] as number;
  if (known === -1) {
    known = fields[position]?.includes(word) ? 1 : 0;
    cache[position] = known;
  }
  return known === 1;
}

/** Counts, per match, the leaves whose verbatim lists hold it; cursors walk each list once. */
function verbatimTiers(matched: Uint32Array, verbatim: Uint32Array[]): Uint8Array {
  const tiers = new Uint8Array(matched.length);
  for (const seqs of verbatim) {
    if (seqs === matched) {
      // A one-term query whose matches are all verbatim: every match counts, nothing to seek.
      for (let i = 0; i < tiers.length; i++) tiers[i] = (tiers[i] as number) + 1;
      continue;
    }
    let at = 0;
    for (let i = 0; i < matched.length && at < seqs.length; i++) {
      const seq = matched[i] as number;
      if ((seqs[at] as number) < seq) at = seqs[at + 1] === seq ? at + 1 : seekAtLeast(seqs, seq, at + 1);
      if (seqs[at] === seq) tiers[i] = (tiers[i] as number) + 1;
    }
  }
  return tiers;
}

/**
 * Each match's score: the integer part counts the query terms found verbatim, the fraction is
 * BM25 saturated into [0, 1), so verbatim matches outrank scattered ones and BM25 orders within
 * each tier. This loop runs once per match (100k for a common word), so it reads typed arrays only.
 */
export function scoreMatches(
  index: KeywordIndex,
  matched: Uint32Array,
  stats: WordStats[],
  verbatim: Uint32Array[],
): Float64Array {
  const { lengths, sectionOf, sections, titles } = index;
  const documentOf = index.view.documentPosition;
  const tiers = verbatimTiers(matched, verbatim);
  const scores = new Float64Array(matched.length);
  for (let i = 0; i < matched.length; i++) {
    const seq = matched[i] as number;
    const length = lengths[seq] as number;
    const section = sectionOf[seq] as number;
    const document = documentOf[seq] as number;
    let bm25 = 0;
    for (let s = 0; s < stats.length; s++) {
      const stat = stats[s] as WordStats;
      bm25 += stat.score(
        termFrequency(stat, seq),
        length,
        holds(stat.inSection, sections, section, stat.word),
        holds(stat.inTitle, titles, document, stat.word),
      );
    }
    scores[i] = (tiers[i] as number) + bm25 / (bm25 + 1);
  }
  return scores;
}
