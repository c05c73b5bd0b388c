/**
 * Keyword search: evaluates a parsed query against the keyword index and ranks every match.
 *
 * Each term or phrase fetches its candidates from FlexSearch by character bigrams (so a term is
 * found even where jieba cut the paragraph differently), then every candidate is verified on the
 * paragraph text. An unquoted term matches when all its words occur in the paragraph (同段) or the
 * term occurs verbatim; a phrase only verbatim. Ranking: paragraphs holding more of the query's
 * terms verbatim come first, then BM25 over the query words with section and title boosts.
 */
import { KEYWORD_RANKING } from '../config.ts';
import { cjkBigrams, contentWords, isHan } from '../text/analyze.ts';
import type { SearchFilters } from '../types.ts';
import { bm25WordScore } from './bm25.ts';
import { documentFrequency, findAllTokens, type KeywordIndex } from './keyword-index.ts';
import type { QueryNode } from './query-parser.ts';
import { containsPhrase, countOccurrences, splitSentences } from './text-match.ts';

export { containsPhrase };

/** One ranked match: the paragraph's seq and its score (higher is better). */
export interface KeywordMatch {
  seq: number;
  score: number;
}

/** Every match best first, and the strings to highlight in them. */
export interface KeywordResult {
  matches: KeywordMatch[];
  terms: string[];
}

type Leaf = Extract<QueryNode, { kind: 'term' | 'phrase' }>;

/** How one term or phrase is looked up and verified. */
interface LeafPlan {
  /** Words that must all occur for an unquoted term to match (its verbatim text for a phrase). */
  words: string[];
  /** Index tokens whose postings all candidates share; empty means scan every paragraph. */
  tokens: string[];
  /** Whether the words must be compared against lower-cased text (they hold Latin letters). */
  latin: boolean;
}

function hasHan(text: string): boolean {
  for (const char of text) if (isHan(char)) return true;
  return false;
}

function candidateTokens(word: string): string[] {
  if (hasHan(word)) return cjkBigrams(word);
  return [word];
}

function planLeaf(leaf: Leaf): LeafPlan {
  const latin = /[a-z]/.test(leaf.text);
  const words = contentWords(leaf.text);
  if (leaf.kind === 'term') {
    const tokens = words.filter((word) => word.length >= 2).flatMap(candidateTokens);
    // All words single characters (省 市): only the term as written can be looked up.
    if (tokens.length > 0) return { words, tokens: [...new Set(tokens)], latin };
  }
  const tokens = [...cjkBigrams(leaf.text), ...words.filter((word) => !hasHan(word) && word.length >= 2)];
  return { words: [leaf.text], tokens: [...new Set(tokens)], latin };
}

/** Per-query state: plans, filters, and the verbatim matches each leaf found. */
class Evaluation {
  private readonly plans = new Map<Leaf, LeafPlan>();
  readonly verbatim = new Map<Leaf, Set<number>>();
  private readonly lowerCache = new Map<number, string>();

  constructor(
    private readonly index: KeywordIndex,
    private readonly accept: ((seq: number) => boolean) | null,
  ) {}

  plan(leaf: Leaf): LeafPlan {
    let plan = this.plans.get(leaf);
    if (!plan) {
      plan = planLeaf(leaf);
      this.plans.set(leaf, plan);
    }
    return plan;
  }

  text(seq: number, latin: boolean): string {
    const text = (this.index.corpus.paragraphs[seq]?.text ?? '') as string;
    if (!latin) return text;
    let lower = this.lowerCache.get(seq);
    if (lower === undefined) {
      lower = text.toLowerCase();
      this.lowerCache.set(seq, lower);
    }
    return lower;
  }

  /** Seqs matching the node; `not` children of an AND only filter, they never fetch. */
  evaluate(node: QueryNode, ignoreNot = false): Set<number> {
    switch (node.kind) {
      case 'term':
      case 'phrase':
        return this.evaluateLeaf(node);
      case 'or': {
        const union = new Set<number>();
        for (const child of node.children) for (const seq of this.evaluate(child, ignoreNot)) union.add(seq);
        return union;
      }
      case 'and':
        return this.evaluateAnd(node.children, ignoreNot);
      case 'sentence': {
        const candidates = this.evaluate(node.child, true);
        const inSentence = new Set<number>();
        for (const seq of candidates) {
          const sentences = splitSentences(this.text(seq, true));
          if (sentences.some((sentence) => this.matchesText(node.child, sentence))) inSentence.add(seq);
        }
        return inSentence;
      }
      case 'not':
        // The parser never yields a bare negation; excluding from nothing gives nothing.
        return new Set();
    }
  }

  private evaluateAnd(children: QueryNode[], ignoreNot: boolean): Set<number> {
    const positives = children.filter((child) => child.kind !== 'not');
    const sets = positives.map((child) => this.evaluate(child, ignoreNot)).sort((a, b) => a.size - b.size);
    const [smallest, ...rest] = sets;
    if (!smallest) return new Set();
    const negatives = ignoreNot ? [] : children.filter((child) => child.kind === 'not');
    const result = new Set<number>();
    for (const seq of smallest) {
      if (!rest.every((set) => set.has(seq))) continue;
      const text = negatives.length ? this.text(seq, true) : '';
      // Each negative is a `not` node: it matches text that lacks its child.
      if (!negatives.every((negative) => this.matchesText(negative, text))) continue;
      result.add(seq);
    }
    return result;
  }

  private evaluateLeaf(leaf: Leaf): Set<number> {
    const plan = this.plan(leaf);
    const matched = new Set<number>();
    const verbatim = new Set<number>();
    const check = (seq: number): void => {
      if (this.accept && !this.accept(seq)) return;
      const text = this.text(seq, plan.latin);
      if (containsPhrase(text, leaf.text)) {
        matched.add(seq);
        verbatim.add(seq);
      } else if (leaf.kind === 'term' && plan.words.every((word) => text.includes(word))) {
        matched.add(seq);
      }
    };
    if (plan.tokens.length > 0) {
      for (const seq of findAllTokens(this.index, plan.tokens)) check(seq);
    } else {
      const count = this.index.corpus.paragraphs.length;
      for (let seq = 0; seq < count; seq++) check(seq);
    }
    this.verbatim.set(leaf, verbatim);
    return matched;
  }

  /** Whether a node matches a piece of lower-cased text (a paragraph or one sentence). */
  matchesText(node: QueryNode, text: string): boolean {
    switch (node.kind) {
      case 'term':
      case 'phrase': {
        if (containsPhrase(text, node.text)) return true;
        return node.kind === 'term' && this.plan(node).words.every((word) => text.includes(word));
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

function filterPredicate(index: KeywordIndex, filters: SearchFilters): ((seq: number) => boolean) | null {
  const years = filters.years?.length ? new Set(filters.years) : null;
  const docIds = filters.docIds?.length ? new Set(filters.docIds) : null;
  const agencies = filters.agencies?.length ? new Set(filters.agencies) : null;
  if (!years && !docIds && !agencies) return null;
  return (seq) => {
    const document = index.documentOf[seq];
    if (!document) return false;
    if (years && (document.year === null || !years.has(document.year))) return false;
    if (docIds && !docIds.has(document.id)) return false;
    if (agencies && !index.corpus.paragraphs[seq]?.agencies.some((agency) => agencies.has(agency)))
      return false;
    return true;
  };
}

/** Paragraphs containing a word, from its own posting list when it is a token, else its rarest bigram's. */
function wordFrequency(index: KeywordIndex, word: string, fallback: number): number {
  const own = documentFrequency(index, word);
  if (own > 0) return own;
  const bigramCounts = cjkBigrams(word).map((bigram) => documentFrequency(index, bigram));
  return bigramCounts.length ? Math.max(1, Math.min(...bigramCounts)) : Math.max(1, fallback);
}

/** Runs a parsed query over the keyword index: every match best first, plus the strings to highlight. */
export function searchKeyword(index: KeywordIndex, query: QueryNode, filters: SearchFilters): KeywordResult {
  const evaluation = new Evaluation(index, filterPredicate(index, filters));
  const matched = evaluation.evaluate(query);
  const leaves = positiveLeaves(query);
  const words = [...new Set(leaves.flatMap((leaf) => evaluation.plan(leaf).words))];
  const documentCount = index.corpus.paragraphs.length;
  const frequencies = words.map((word) => wordFrequency(index, word, matched.size));
  const verbatimSets = leaves.map((leaf) => evaluation.verbatim.get(leaf));

  const ranked: { seq: number; tier: number; bm25: number }[] = [];
  for (const seq of matched) {
    const text = evaluation.text(seq, true);
    const section = index.sectionOf[seq] ?? '';
    const title = index.documentOf[seq]?.title.toLowerCase() ?? '';
    let bm25 = 0;
    words.forEach((word, i) => {
      bm25 += bm25WordScore(
        {
          termFrequency: countOccurrences(text, word),
          documentFrequency: frequencies[i] ?? 1,
          documentCount,
          length: text.length,
          averageLength: index.averageLength,
          inSection: section.includes(word),
          inTitle: title.includes(word),
        },
        KEYWORD_RANKING,
      );
    });
    let tier = 0;
    for (const set of verbatimSets) if (set?.has(seq)) tier++;
    ranked.push({ seq, tier, bm25 });
  }
  ranked.sort((a, b) => b.tier - a.tier || b.bm25 - a.bm25 || a.seq - b.seq);
  // The integer part counts the terms found verbatim, the fraction is BM25 saturated into [0, 1):
  // the score orders hits exactly as the ranking does.
  const matches = ranked.map(({ seq, tier, bm25 }) => ({ seq, score: tier + bm25 / (bm25 + 1) }));
  const terms = [...new Set(leaves.flatMap((leaf) => [leaf.text, ...evaluation.plan(leaf).words]))].sort(
    (a, b) => b.length - a.length,
  );
  return { matches, terms };
}
