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
import { paragraphFilter } from '../corpus/paragraph-filter.ts';
import type { SearchFilters } from '../types.ts';
import type { KeywordIndex } from './keyword-index.ts';
import { type KeywordResult, ScoredMatches } from './keyword-result.ts';
import { scoreMatches, wordStats } from './keyword-scoring.ts';
import { Evaluation, hasLatin } from './query-evaluation.ts';
import type { QueryNode } from './query-parser.ts';
import type { Leaf, TermWords } from './query-plan.ts';

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

/**
 * Runs a parsed query over the keyword index: every match scored (ranked on demand), plus the
 * strings to highlight. `termWords` splits its terms into words (default jieba's content words; a
 * keyword search thread gets the main thread's, so it never loads jieba).
 */
export function searchKeyword(
  index: KeywordIndex,
  query: QueryNode,
  filters: SearchFilters,
  termWords?: TermWords,
): KeywordResult {
  const evaluation = new Evaluation(
    index,
    paragraphFilter(index.view, filters) ?? null,
    hasLatin(query),
    termWords,
  );
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
