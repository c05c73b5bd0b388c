/**
 * The keyword query language, as researchers know it from legal databases:
 *
 * - `A B` — both, anywhere in one paragraph (同段, the default);
 * - `A | B`, `A OR B` — either;
 * - `-A` — paragraphs without A;
 * - `"A B"` — the exact phrase: its characters in order, punctuation and spaces between ignored;
 * - `同句(A B)` — all within one sentence; `同段(A B)` — all within one paragraph;
 * - `(…)` groups.
 *
 * The parser is a single left-to-right pass over a token list (no backtracking, no regular
 * expressions over the whole query), so its time is linear in the query's length.
 */
import { QuerySyntaxError } from '../errors.ts';
import { normalizeText } from '../text/normalize.ts';

/** A parsed keyword query. Terms and phrases hold normalized text. */
export type QueryNode =
  | { kind: 'term'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'sentence'; child: QueryNode };

/** Deepest bracket nesting accepted: real queries use two or three levels; this bounds recursion. */
const MAX_NESTING = 16;

type Token =
  | { type: 'word'; text: string }
  | { type: 'phrase'; text: string }
  | { type: 'open'; scope: 'group' | 'sentence' | 'paragraph' }
  | { type: 'close' }
  | { type: 'or' }
  | { type: 'not' };

const OPEN_BRACKETS = new Set(['(', '（']);
const CLOSE_BRACKETS = new Set([')', '）']);
const OPEN_QUOTES = new Map([
  ['"', '"'],
  ['“', '”'],
  ['＂', '＂'],
]);
const OR_BARS = new Set(['|', '｜']);
const MINUS_SIGNS = new Set(['-', '－']);
const SCOPE_KEYWORDS = new Map<string, 'sentence' | 'paragraph'>([
  ['同句', 'sentence'],
  ['同段', 'paragraph'],
]);

function isSpace(char: string): boolean {
  return char.trim() === '';
}

function isDelimiter(char: string): boolean {
  return (
    isSpace(char) ||
    OPEN_BRACKETS.has(char) ||
    CLOSE_BRACKETS.has(char) ||
    OR_BARS.has(char) ||
    OPEN_QUOTES.has(char)
  );
}

function tokenize(query: string): Token[] {
  const chars = Array.from(query);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const char = chars[i] as string;
    if (isSpace(char)) {
      i++;
    } else if (OPEN_QUOTES.has(char)) {
      const closing = OPEN_QUOTES.get(char) as string;
      let end = i + 1;
      while (end < chars.length && chars[end] !== closing) end++;
      if (end >= chars.length) {
        throw new QuerySyntaxError(
          `The quote opened at character ${i + 1} is never closed; add the closing ${closing}.`,
        );
      }
      tokens.push({ type: 'phrase', text: chars.slice(i + 1, end).join('') });
      i = end + 1;
    } else if (OPEN_BRACKETS.has(char)) {
      tokens.push({ type: 'open', scope: 'group' });
      i++;
    } else if (CLOSE_BRACKETS.has(char)) {
      tokens.push({ type: 'close' });
      i++;
    } else if (OR_BARS.has(char)) {
      tokens.push({ type: 'or' });
      i++;
    } else if (MINUS_SIGNS.has(char)) {
      tokens.push({ type: 'not' });
      i++;
    } else {
      let end = i;
      while (end < chars.length && !isDelimiter(chars[end] as string)) end++;
      const word = chars.slice(i, end).join('');
      const scope = SCOPE_KEYWORDS.get(word);
      if (scope && end < chars.length && OPEN_BRACKETS.has(chars[end] as string)) {
        tokens.push({ type: 'open', scope });
        end++;
      } else if (word === 'OR') {
        tokens.push({ type: 'or' });
      } else {
        tokens.push({ type: 'word', text: word });
      }
      i = end;
    }
  }
  return tokens;
}

/** Recursive-descent parser over the token list; `position` only moves forward. */
class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): QueryNode {
    const node = this.parseOr(0);
    const extra = this.tokens[this.position];
    if (extra) {
      throw new QuerySyntaxError(
        extra.type === 'close'
          ? 'There is a closing bracket ) without an opening one.'
          : 'Unexpected text after the query.',
      );
    }
    if (!node) throw new QuerySyntaxError('The query has no search words, only operators.');
    return node;
  }

  private parseOr(depth: number): QueryNode | null {
    const alternatives: QueryNode[] = [];
    let sawOr = false;
    for (;;) {
      const conjunction = this.parseAnd(depth);
      if (conjunction) alternatives.push(conjunction);
      else if (sawOr) throw new QuerySyntaxError('| and OR need a search word on both sides.');
      if (this.tokens[this.position]?.type !== 'or') break;
      if (!conjunction) throw new QuerySyntaxError('| and OR need a search word on both sides.');
      sawOr = true;
      this.position++;
    }
    if (alternatives.length === 0) return null;
    return alternatives.length === 1
      ? (alternatives[0] as QueryNode)
      : { kind: 'or', children: alternatives };
  }

  private parseAnd(depth: number): QueryNode | null {
    const parts: QueryNode[] = [];
    for (;;) {
      const token = this.tokens[this.position];
      if (!token || token.type === 'or' || token.type === 'close') break;
      const part = this.parseUnary(depth);
      if (part) parts.push(part);
    }
    if (parts.length === 0) return null;
    if (parts.every((part) => part.kind === 'not')) {
      throw new QuerySyntaxError('A query cannot only exclude words: add at least one word to search for.');
    }
    return parts.length === 1 ? (parts[0] as QueryNode) : { kind: 'and', children: parts };
  }

  private parseUnary(depth: number): QueryNode | null {
    const token = this.tokens[this.position];
    if (token?.type !== 'not') return this.parsePrimary(depth);
    this.position++;
    const next = this.tokens[this.position];
    if (!next || next.type === 'not' || next.type === 'or' || next.type === 'close') {
      throw new QuerySyntaxError(
        'A minus sign must be followed directly by the word to exclude, e.g. -商标.',
      );
    }
    const child = this.parsePrimary(depth);
    return child ? { kind: 'not', child } : null;
  }

  private parsePrimary(depth: number): QueryNode | null {
    const token = this.tokens[this.position] as Token;
    this.position++;
    switch (token.type) {
      case 'word':
        return termNode('term', token.text);
      case 'phrase': {
        const node = termNode('phrase', token.text);
        if (!node)
          throw new QuerySyntaxError(
            'An empty phrase "" searches for nothing; put words between the quotes.',
          );
        return node;
      }
      case 'open': {
        if (depth >= MAX_NESTING)
          throw new QuerySyntaxError(`Brackets are nested more than ${MAX_NESTING} deep.`);
        const inner = this.parseOr(depth + 1);
        if (this.tokens[this.position]?.type !== 'close') {
          throw new QuerySyntaxError('A bracket ( is never closed; add the closing ).');
        }
        this.position++;
        if (!inner) throw new QuerySyntaxError('Brackets () must contain search words.');
        return token.scope === 'sentence' ? { kind: 'sentence', child: inner } : inner;
      }
      default:
        throw new QuerySyntaxError('Unexpected operator.');
    }
  }
}

function termNode(kind: 'term' | 'phrase', raw: string): QueryNode | null {
  const text = normalizeText(raw).trim().toLowerCase();
  // A term of punctuation alone (，) means nothing to search for; it is dropped, not an error.
  return /[\p{L}\p{N}]/u.test(text) ? { kind, text } : null;
}

/** Parses a keyword query; throws {@link QuerySyntaxError} with a message for the user when it is malformed. */
export function parseQuery(q: string): QueryNode {
  const tokens = tokenize(q);
  if (tokens.length === 0) throw new QuerySyntaxError('The query is empty.');
  return new Parser(tokens).parse();
}
