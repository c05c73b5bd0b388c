/**
 * How each term or phrase of a query is looked up and verified: the n-gram tokens whose postings
 * give its candidates, and the test that confirms a candidate's text holds it.
 */
import { contentWords, isHan, matchTokens } from '../text/analyze.ts';
import type { QueryNode } from './query-parser.ts';
import { compactText, phraseMatcher } from './text-match.ts';

/** A term or a phrase: the nodes that fetch postings. */
export type Leaf = Extract<QueryNode, { kind: 'term' | 'phrase' }>;

/** How one word (or a whole term) is looked up: the tokens all its paragraphs share. */
export interface WordPlan {
  text: string;
  /** Whether a text holds the word as a phrase. */
  occursIn: (text: string) => boolean;
  tokens: string[];
  /** The word is exactly one token, so its postings are precisely the paragraphs containing it. */
  exact: boolean;
}

/** How one term or phrase is looked up and verified. */
export interface LeafPlan {
  /** The words that must all occur for an unquoted term to match; for a phrase, the phrase itself. */
  words: WordPlan[];
  whole: WordPlan;
}

/** The terms of a query (not its phrases): the leaves {@link planLeaf} splits into words. */
export function termsOf(node: QueryNode, into: string[] = []): string[] {
  switch (node.kind) {
    case 'term':
      into.push(node.text);
      break;
    case 'phrase':
      break;
    case 'and':
    case 'or':
      for (const child of node.children) termsOf(child, into);
      break;
    case 'not':
    case 'sentence':
      termsOf(node.child, into);
      break;
  }
  return into;
}

/** The lookup plan of one word or whole term. */
export function planWord(text: string): WordPlan {
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

/** How a term is split into words: jieba's content words, or those a caller segmented beforehand. */
export type TermWords = (term: string) => string[];

/**
 * The lookup plan of one term or phrase: its words (for a term jieba splits, or `termWords` gives:
 * a keyword search thread is handed the words the main thread's jieba cut) and the whole.
 */
export function planLeaf(leaf: Leaf, termWords: TermWords = contentWords): LeafPlan {
  const whole = planWord(leaf.text);
  if (leaf.kind === 'phrase') return { words: [whole], whole };
  const words = termWords(leaf.text);
  // Single characters scattered over a paragraph say nothing (权 … 质): a term jieba cuts only into
  // single characters, or not at all, must occur as written.
  const meaningful = words.some((word) => word.length > 1 || !isHan(word));
  if (!meaningful || (words.length === 1 && words[0] === leaf.text)) return { words: [whole], whole };
  return { words: words.map(planWord), whole };
}
