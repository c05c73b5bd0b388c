/**
 * Keyword search: evaluates a parsed query against the keyword index and scores every match.
 *
 * Each term or phrase fetches its candidates by intersecting the postings of its character n-grams
 * (so a term is found even where jieba would cut the paragraph differently), then each candidate is
 * verified on the paragraph text. An unquoted term matches when all its words occur in the
 * paragraph (同段) or the term occurs verbatim; a phrase only verbatim. A term of up to three
 * characters is one token, whose postings are the answer with no verification. Ranking: paragraphs holding more of
 * the query's terms verbatim come first, then BM25 over the query words with section and title boosts.
 */
import { KEYWORD_RANKING } from '../config.ts';
import { paragraphFilter } from '../corpus/paragraph-filter.ts';
import { contentWords, isHan, matchTokens } from '../text/analyze.ts';
import type { SearchFilters } from '../types.ts';
import { type Bm25WordScorer, prepareWordScorer } from './bm25.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { intersectPostings, type PostingList, type Postings, postingList, seekAtLeast } from './postings.ts';
import type { QueryNode } from './query-parser.ts';
import { type KeywordMatch, rankBest, ranksOf, rankTop } from './rank-best.ts';
import { compactText, containsPhrase, phraseMatcher, splitSentences } from './text-match.ts';

export type { KeywordMatch };
export { containsPhrase };

/** Every match, and the strings to highlight in them. Ordering is paid for only as far as it is read. */
export interface KeywordResult {
  /** Every match, best first (all of them ranked on first read: prefer {@link KeywordResult.best} for a page). */
  readonly matches: KeywordMatch[];
  terms: string[];
  /** The matched seqs, ascending: enough to count a result set without ranking it. */
  seqs: Uint32Array;
  /** Each match's score, aligned with `seqs`. */
  scores: Float64Array;
  /** The `n` best matches, best first: the first `n` of `matches`. */
  best(n: number): KeywordMatch[];
  /** The 1-based rank in `matches` of each of these seqs that matches, without ranking the rest. */
  ranksOf(seqs: Iterable<number>): Map<number, number>;
  /**
   * The matches that also hold `phrase` (normalized text) as a phrase, ascending: found in the same
   * evaluation — a one-term query spelled as the phrase has them already, as its verbatim matches.
   */
  phraseMatches(phrase: string): Uint32Array;
}

/** A page at least this share of the matches ranks them all (and keeps the order for the next page). */
const FULL_RANK_SHARE = 0.25;

/** Scored matches that rank themselves on demand: a page selects its top few, a full read sorts once. */
class ScoredMatches implements KeywordResult {
  private ranked: KeywordMatch[] | null = null;

  constructor(
    readonly seqs: Uint32Array,
    readonly scores: Float64Array,
    readonly terms: string[],
    readonly phraseMatches: (phrase: string) => Uint32Array,
  ) {}

  get matches(): KeywordMatch[] {
    this.ranked ??= rankBest(this.seqs, this.scores);
    return this.ranked;
  }

  best(n: number): KeywordMatch[] {
    if (this.ranked || n >= this.seqs.length * FULL_RANK_SHARE) return this.matches.slice(0, n);
    return rankTop(this.seqs, this.scores, n);
  }

  ranksOf(seqs: Iterable<number>): Map<number, number> {
    return ranksOf(this.seqs, this.scores, seqs);
  }
}

type Leaf = Extract<QueryNode, { kind: 'term' | 'phrase' }>;

/** How one word (or a whole term) is looked up: the tokens all its paragraphs share. */
interface WordPlan {
  text: string;
  /** Whether a text holds the word as a phrase. */
  occursIn: (text: string) => boolean;
  tokens: string[];
  /** The word is exactly one token, so its postings are precisely the paragraphs containing it. */
  exact: boolean;
}

/** How one term or phrase is looked up and verified. */
interface LeafPlan {
  /** The words that must all occur for an unquoted term to match; for a phrase, the phrase itself. */
  words: WordPlan[];
  whole: WordPlan;
}

/** The matches of one leaf, and which of them hold it verbatim; both ascending. */
interface LeafMatches {
  seqs: Uint32Array;
  verbatim: Uint32Array;
}

function planWord(text: string): WordPlan {
  const tokens = [...new Set(matchTokens(text))];
  // Longer n-grams imply the shorter ones inside them: look a word up by its longest CJK n-grams
  // (and its Latin runs) only.
  const longest = Math.max(0, ...tokens.filter(isHan).map((token) => [...token].length));
  const needed = tokens.filter((token) => !isHan(token) || [...token].length === longest);
  return {
    text,
    occursIn: phraseMatcher(text),
    tokens: needed,
    exact: needed.length === 1 && needed[0] === compactText(text),
  };
}

function planLeaf(leaf: Leaf): LeafPlan {
  const whole = planWord(leaf.text);
  if (leaf.kind === 'phrase') return { words: [whole], whole };
  const words = contentWords(leaf.text);
  // Single characters scattered over a paragraph say nothing (权 … 质): a term jieba cuts only into
  // single characters, or not at all, must occur as written.
  const meaningful = words.some((word) => word.length > 1 || !isHan(word));
  if (!meaningful || (words.length === 1 && words[0] === leaf.text)) return { words: [whole], whole };
  return { words: words.map(planWord), whole };
}

function unionSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
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

function filterSeqs(seqs: Uint32Array, keep: (seq: number) => boolean): Uint32Array {
  const out = new Uint32Array(seqs.length);
  let size = 0;
  for (const seq of seqs) if (keep(seq)) out[size++] = seq;
  return out.subarray(0, size);
}

/** Per-query state: plans, filters, and the verbatim matches of each evaluated leaf. */
class Evaluation {
  private readonly plans = new Map<Leaf, LeafPlan>();
  readonly leafMatches = new Map<Leaf, LeafMatches>();
  private readonly lowered = new Map<number, string>();

  constructor(
    private readonly index: KeywordIndex,
    private readonly accept: ((seq: number) => boolean) | null,
    /** The query holds Latin letters, so texts are compared lower-cased. */
    private readonly latin: boolean,
  ) {}

  plan(leaf: Leaf): LeafPlan {
    let plan = this.plans.get(leaf);
    if (!plan) {
      plan = planLeaf(leaf);
      this.plans.set(leaf, plan);
    }
    return plan;
  }

  /** The paragraph text as queries compare it (lower-cased only when the query has Latin letters). */
  text(seq: number): string {
    const text = this.index.view.corpus.paragraphs[seq]?.text ?? '';
    if (!this.latin) return text;
    let lower = this.lowered.get(seq);
    if (lower === undefined) {
      lower = text.toLowerCase();
      this.lowered.set(seq, lower);
    }
    return lower;
  }

  /** Seqs matching the node, ascending; the `not` children of an AND filter, they never fetch. */
  evaluate(node: QueryNode, ignoreNot = false): Uint32Array {
    switch (node.kind) {
      case 'term':
      case 'phrase':
        return this.evaluateLeaf(node);
      case 'or':
        return node.children.map((child) => this.evaluate(child, ignoreNot)).reduce(unionSorted);
      case 'and':
        return this.evaluateAnd(node.children, ignoreNot);
      case 'sentence':
        return filterSeqs(this.evaluate(node.child, true), (seq) =>
          splitSentences(this.text(seq)).some((sentence) => this.matchesText(node.child, sentence)),
        );
      case 'not':
        // The parser never yields a bare negation; excluding from nothing gives nothing.
        return new Uint32Array(0);
    }
  }

  private evaluateAnd(children: QueryNode[], ignoreNot: boolean): Uint32Array {
    const positives = children.filter((child) => child.kind !== 'not');
    const both = intersectPostings(positives.map((child) => this.evaluate(child, ignoreNot)));
    const negatives = ignoreNot ? [] : children.filter((child) => child.kind === 'not');
    if (negatives.length === 0) return both;
    // Each negative is a `not` node: it matches text that lacks its child.
    return filterSeqs(both, (seq) =>
      negatives.every((negative) => this.matchesText(negative, this.text(seq))),
    );
  }

  private candidates(words: WordPlan[]): Uint32Array {
    const tokens = [...new Set(words.flatMap((word) => word.tokens))];
    if (tokens.length === 0)
      return Uint32Array.from({ length: this.index.view.corpus.paragraphs.length }, (_, seq) => seq);
    return intersectPostings(tokens.map((token) => postingList(this.index.postings, token).seqs));
  }

  /**
   * The seqs whose text holds every word. A plain loop rather than {@link filterSeqs}: this runs on
   * every candidate of a long word (30k+ for 人民政府), where a closure per seq cost more than the test.
   */
  private holdingAll(seqs: Uint32Array, words: WordPlan[]): Uint32Array {
    const paragraphs = this.index.view.corpus.paragraphs;
    const out = new Uint32Array(seqs.length);
    let size = 0;
    next: for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as number;
      const text = this.latin ? this.text(seq) : (paragraphs[seq]?.text ?? '');
      for (let w = 0; w < words.length; w++) if (!(words[w] as WordPlan).occursIn(text)) continue next;
      out[size++] = seq;
    }
    return out.subarray(0, size);
  }

  private evaluateLeaf(leaf: Leaf): Uint32Array {
    const plan = this.plan(leaf);
    const accept = this.accept;
    let seqs = this.candidates(plan.words);
    if (accept) seqs = filterSeqs(seqs, accept);
    const unsure = plan.words.filter((word) => !word.exact);
    if (unsure.length > 0) seqs = this.holdingAll(seqs, unsure);
    let verbatim = seqs;
    if (plan.words.length !== 1 || plan.words[0] !== plan.whole) {
      // Verbatim matches hold every token of the whole term, including those across word boundaries.
      const wholeCandidates = intersectPostings([seqs, this.candidates([plan.whole])]);
      verbatim = plan.whole.exact ? wholeCandidates : this.holdingAll(wholeCandidates, [plan.whole]);
    }
    this.leafMatches.set(leaf, { seqs, verbatim });
    return seqs;
  }

  /** The seqs of `matched` (the matches of `query`, ascending) whose text holds `phrase`. */
  holdingPhrase(query: QueryNode, matched: Uint32Array, phrase: string): Uint32Array {
    const verbatim =
      (query.kind === 'term' || query.kind === 'phrase') && query.text === phrase.toLowerCase()
        ? this.leafMatches.get(query)?.verbatim
        : undefined;
    return verbatim ?? intersectPostings([matched, this.evaluateLeaf({ kind: 'phrase', text: phrase })]);
  }

  /** Whether a node matches a piece of text (a paragraph or one sentence), as `text()` returns it. */
  matchesText(node: QueryNode, text: string): boolean {
    switch (node.kind) {
      case 'term':
      case 'phrase': {
        const plan = this.plan(node);
        if (plan.whole.occursIn(text)) return true;
        return node.kind === 'term' && plan.words.every((word) => word.occursIn(text));
      }
      case 'and':
        return node.children.every((child) => this.matchesText(child, text));
      case 'or':
        return node.children.some((child) => this.matchesText(child, text));
      case 'not':
        return !this.matchesText(node.child, text);
      case 'sentence':
        return splitSentences(text).some((sentence) => this.matchesText(node.child, sentence));
    }
  }
}

/** The terms and phrases that count towards a match: every leaf not under a negation. */
function positiveLeaves(node: QueryNode, into: Leaf[] = []): Leaf[] {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      into.push(node);
      break;
    case 'and':
    case 'or':
      for (const child of node.children) positiveLeaves(child, into);
      break;
    case 'sentence':
      positiveLeaves(node.child, into);
      break;
    case 'not':
      break;
  }
  return into;
}

function hasLatin(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return /[a-z]/.test(node.text);
    case 'and':
    case 'or':
      return node.children.some(hasLatin);
    case 'not':
    case 'sentence':
      return hasLatin(node.child);
  }
}

/** How one query word is scored: its tokens' postings (with a cursor each) and its fixed BM25 part. */
interface WordStats {
  word: string;
  /** Postings of the word's tokens; its frequency in a paragraph is the least of theirs (exact for a one-token word). */
  lists: PostingList[];
  cursors: Int32Array;
  score: Bm25WordScorer;
  /** Per section / title: 1 holds the word, 0 does not, -1 not yet looked at. */
  inSection: Int8Array;
  inTitle: Int8Array;
}

function wordStats(index: KeywordIndex, word: WordPlan): WordStats {
  const lists = word.tokens.map((token) => postingList(index.postings, token));
  const documentCount = index.view.corpus.paragraphs.length;
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
function scoreMatches(
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

/** Runs a parsed query over the keyword index: every match scored (ranked on demand), plus the strings to highlight. */
export function searchKeyword(index: KeywordIndex, query: QueryNode, filters: SearchFilters): KeywordResult {
  const evaluation = new Evaluation(index, paragraphFilter(index.view, filters) ?? null, hasLatin(query));
  const matched = evaluation.evaluate(query);
  const leaves = positiveLeaves(query);
  const words = new Map(
    leaves.flatMap((leaf) => evaluation.plan(leaf).words).map((word) => [word.text, word]),
  );
  const stats = [...words.values()].map((word) => wordStats(index, word));
  const verbatim = leaves.flatMap((leaf) => {
    const found = evaluation.leafMatches.get(leaf);
    return found ? [found.verbatim] : [];
  });
  const scores = scoreMatches(index, matched, stats, verbatim);
  const terms = [
    ...new Set(
      leaves.flatMap((leaf) => [leaf.text, ...evaluation.plan(leaf).words.map((word) => word.text)]),
    ),
  ].sort((a, b) => b.length - a.length);
  return new ScoredMatches(matched, scores, terms, (phrase) =>
    evaluation.holdingPhrase(query, matched, phrase),
  );
}
