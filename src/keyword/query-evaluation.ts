/**
 * Query evaluation: the seqs a parsed query matches, ascending. Each term or phrase fetches its
 * candidates by intersecting the postings of its n-grams, keeps those the filter accepts, and checks
 * the rest on the paragraph text; AND, OR, NOT and 同句 combine the leaves' seq lists.
 */
import type { KeywordIndex } from './keyword-index.ts';
import { NgramProof } from './ngram-proof.ts';
import { filterSeqs, intersectPostings, postingList, unionSorted } from './postings.ts';
import type { QueryNode } from './query-parser.ts';
import { type Leaf, type LeafPlan, planLeaf, type TermWords, type WordPlan } from './query-plan.ts';
import { compactText, hasLatinLetter, splitSentences } from './text-match.ts';

/** The matches of one leaf, and which of them hold it verbatim; both ascending. */
export interface LeafMatches {
  seqs: Uint32Array;
  verbatim: Uint32Array;
}

/** Per-query state: plans, filters, and the verbatim matches of each evaluated leaf. */
export class Evaluation {
  private readonly plans = new Map<Leaf, LeafPlan>();
  readonly leafMatches = new Map<Leaf, LeafMatches>();
  private readonly lowered = new Map<number, string>();

  constructor(
    private readonly index: KeywordIndex,
    private readonly accept: ((seq: number) => boolean) | null,
    /** The query holds Latin letters, so texts are compared lower-cased. */
    private readonly latin: boolean,
    /** How terms split into words (default: jieba's content words). */
    private readonly termWords?: TermWords,
  ) {}

  plan(leaf: Leaf): LeafPlan {
    let plan = this.plans.get(leaf);
    if (!plan) {
      plan = planLeaf(leaf, this.termWords);
      this.plans.set(leaf, plan);
    }
    return plan;
  }

  /** The paragraph text as queries compare it (lower-cased only when the query has Latin letters). */
  text(seq: number): string {
    const text = this.index.view.textAt(seq);
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
      return Uint32Array.from({ length: this.index.view.paragraphCount }, (_, seq) => seq);
    return intersectPostings(tokens.map((token) => postingList(this.index.postings, token).seqs));
  }

  /**
   * The seqs whose text holds every word. A plain loop rather than {@link filterSeqs}: this runs on
   * every candidate of a long word (30k+ for 人民政府), where a closure per seq cost more than the test.
   * A word the postings prove present ({@link NgramProof}) is not looked for in the text; the text
   * is read only when some word is left unproven.
   */
  private holdingAll(seqs: Uint32Array, words: WordPlan[]): Uint32Array {
    const { view } = this.index;
    // Lower-cased texts (a query with Latin letters) are left to the text check.
    const proofs = words.map((word) =>
      this.latin ? null : NgramProof.of(this.index.postings, compactText(word.text)),
    );
    const out = new Uint32Array(seqs.length);
    let size = 0;
    next: for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as number;
      let text: string | undefined;
      for (let w = 0; w < words.length; w++) {
        if (proofs[w]?.holds(seq)) continue;
        text ??= this.latin ? this.text(seq) : view.textAt(seq);
        if (!(words[w] as WordPlan).occursIn(text)) continue next;
      }
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

/** Whether any term of the query holds Latin letters. */
export function hasLatin(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return hasLatinLetter(node.text);
    case 'and':
    case 'or':
      return node.children.some(hasLatin);
    case 'not':
    case 'sentence':
      return hasLatin(node.child);
  }
}
