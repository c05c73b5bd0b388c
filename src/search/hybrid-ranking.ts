/**
 * Hybrid mode's order: reciprocal rank fusion of every keyword match with the semantic neighbours,
 * phrase matches pinned first — computed without ranking every keyword match.
 *
 * Why fusing the keyword top `depth` is exact: RRF adds 1/(k + rank) per list, so a keyword match
 * ranked below `depth` that no neighbour shares scores below 1/(k + depth), under every entry of the
 * fused head (each has a keyword rank ≤ depth or a semantic rank ≤ the neighbour count ≤ depth).
 * Those matches follow the head in keyword order, which is their fused order too, and are ranked
 * only when a page reaches them. A neighbour that keyword search ranks below `depth` gets its exact
 * keyword rank from one counting pass (`ranksOf`), so its fused score is exact as well.
 */
import { SEARCH } from '../config.ts';
import { paragraphFilter } from '../corpus/paragraph-filter.ts';
import type { KeywordResult } from '../keyword/keyword-result.ts';
import { containsSeq } from '../keyword/postings.ts';
import { hasLatin } from '../keyword/query-evaluation.ts';
import type { QueryNode } from '../keyword/query-parser.ts';
import { containsPhrase, hasLatinLetter } from '../keyword/text-match.ts';
import type { SearchFilters } from '../types.ts';
import { expandsAny } from './concept-groups.ts';
import { coverageRanking } from './coverage-ranking.ts';
import { MATCHED_ONLY_BY, type Ranked, reciprocalRankFusion, splitByPhrase } from './fuse.ts';
import { keywordHalf } from './keyword-half.ts';
import type { PreparedQuery } from './prepare-query.ts';
import { timed, timedAsync } from './search-timing.ts';
import type { Ranking, Scored, SearchContext } from './search-types.ts';
import { semanticRanking } from './semantic-ranking.ts';

/** Hybrid mode: the keyword matches and the semantic neighbours fused, phrase matches first. */
export async function rankHybrid(
  context: SearchContext,
  query: PreparedQuery,
  filters: SearchFilters,
): Promise<Ranking> {
  const { timing, ...untimed } = context;
  // Asked first: the semantic worker embeds and walks the graph while this thread runs the keyword
  // half; `semantic` then bills only the wait left after it, so the timed phases never overlap. When
  // this thread walks the graph itself (the worker idle: src/persist/semantic-thread.ts), it walks
  // within this call, which `semantic` bills too.
  const semanticList = timed(timing, 'semantic', () => semanticRanking(untimed, query, filters));
  // Its failure is thrown where it is awaited below; it must not go unhandled while the keyword half
  // is awaited (in a keyword search thread) or throws.
  semanticList.catch(() => {});
  // In a keyword search thread (when the index has them) the phrase matches come back with it.
  const keyword: KeywordResult = await keywordHalf(context, query, filters, query.text);
  const semantic = await timedAsync(timing, 'semantic', () => semanticList);
  const coverage = timed(timing, 'concept', () =>
    isPlainQuery(query.tree) && !someMatchHoldsEveryTerm(keyword, query.tree) && expandsAny(query.groups)
      ? coverageRanking(context.index.keyword, query.groups, {
          accept: paragraphFilter(context.view, filters),
          limit: SEARCH.coverageResults,
          levels: SEARCH.coverageLevels,
        })
      : [],
  );
  const fused = timed(timing, 'fuse', () =>
    hybridRanking({
      keyword,
      semantic,
      coverage,
      isPhraseMatch: phraseTest(context, query, keyword),
      phraseMatches: () => keyword.phraseMatches(query.text),
      depth: SEARCH.hybridKeywordDepth,
      rrfK: SEARCH.rrfK,
    }),
  );
  const conceptTerms =
    coverage.length > 0 ? [...new Set(query.groups.flatMap(({ word, terms }) => [word, ...terms]))] : [];
  // Added to the fresh ranking: keys after a spread are slow to define (hits.ts).
  return Object.assign(fused, { keywordTerms: keyword.terms, queryWords: query.words, conceptTerms });
}

/**
 * Whether the paragraph at a seq holds the whole query as a phrase: read from its text, or — for a
 * keyword match when a keyword search thread found the phrase's matches with the search — looked up
 * among them (the same test: both are `phraseMatcher(query.text)` on the text; a query with Latin
 * letters, whose texts the evaluation lower-cases, always reads the text).
 */
function phraseTest(
  context: SearchContext,
  query: PreparedQuery,
  keyword: KeywordResult,
): (seq: number) => boolean {
  const readText = (seq: number) => containsPhrase(context.view.textAt(seq), query.text);
  const known = keyword.knownPhraseMatches?.(query.text) ?? null;
  if (!known || hasLatinLetter(query.text) || hasLatin(query.tree)) return readText;
  return (seq) => (containsSeq(keyword.seqs, seq) ? containsSeq(known, seq) : readText(seq));
}

/**
 * Words with no keyword syntax (no quotes, OR, exclusions or 同句): only such a query is read as
 * concepts; one written in the query language means exactly what it says.
 */
function isPlainQuery(tree: QueryNode): boolean {
  if (tree.kind === 'term') return true;
  return tree.kind === 'and' && tree.children.every((child) => child.kind === 'term');
}

/**
 * Whether some keyword match holds every term of a plain query verbatim (the whole query, when it
 * was typed without spaces): such a query says what it means and ranks as it did before concepts.
 * A keyword score's integer part counts the terms found verbatim (src/keyword/keyword-search.ts).
 */
function someMatchHoldsEveryTerm(keyword: KeywordResult, tree: QueryNode): boolean {
  const terms = tree.kind === 'and' ? tree.children.length : 1;
  const { scores } = keyword;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) >= terms) return true;
  return false;
}

/** What hybrid ranking fuses, and how it tells a phrase match. */
export interface HybridInput {
  keyword: KeywordResult;
  /** Semantic neighbours, most similar first. */
  semantic: Scored[];
  /**
   * Paragraphs by concept coverage, best first (coverage-ranking.ts), or none when the query has no
   * word the thesaurus expands: then hybrid ranks exactly as without it.
   */
  coverage?: Scored[];
  /** Whether the paragraph at `seq` holds the whole query as a phrase: asked of the head's entries. */
  isPhraseMatch: (seq: number) => boolean;
  /** Every keyword match holding the phrase (more seqs may be listed), ascending: asked for only when a page must look past the head. */
  phraseMatches: () => Uint32Array;
  /** Keyword matches fused with the neighbours; the rest follow in keyword order. At least the neighbour count. */
  depth: number;
  /** The RRF constant. */
  rrfK: number;
}

/** The fused ranking of keyword matches and neighbours, paged lazily (see the module comment). */
export function hybridRanking(input: HybridInput): Pick<Ranking, 'total' | 'seqs' | 'slice'> {
  const { keyword, semantic, rrfK } = input;
  const coverage = input.coverage ?? [];
  const depth = Math.max(input.depth, semantic.length, coverage.length);
  const top = keyword.best(depth);
  const inTop = new Set(top.map(({ seq }) => seq));
  // A neighbour or a coverage entry that keyword search ranks past the top needs its exact keyword rank.
  const deep = [
    ...new Set(
      [...semantic, ...coverage]
        .map(({ seq }) => seq)
        .filter((seq) => !inTop.has(seq) && containsSeq(keyword.seqs, seq)),
    ),
  ];
  const deepRanks = keyword.ranksOf(deep);
  const keywordList: Ranked[] = [
    ...top.map(({ seq }) => ({ seq })),
    ...deep.map((seq) => ({ seq, rank: deepRanks.get(seq) as number })),
  ];
  const head = reciprocalRankFusion(
    [
      { source: 'keyword', ranked: keywordList },
      { source: 'semantic', ranked: semantic },
      ...(coverage.length > 0 ? [{ source: 'concept' as const, ranked: coverage }] : []),
    ],
    rrfK,
  );
  const inHead = new Set(head.map(({ seq }) => seq));
  const tailSize = keyword.seqs.length - keywordList.length;

  // Every fused seq outside the keyword matches, once: the neighbours, then the coverage list's own.
  const outside = [
    ...new Set(
      [...semantic, ...coverage].map(({ seq }) => seq).filter((seq) => !containsSeq(keyword.seqs, seq)),
    ),
  ];
  const seqs = new Uint32Array(keyword.seqs.length + outside.length);
  seqs.set(keyword.seqs);
  seqs.set(outside, keyword.seqs.length);

  let phraseSeqs: Uint32Array | null = null;
  const phraseMatches = () => {
    phraseSeqs ??= input.phraseMatches();
    return phraseSeqs;
  };
  /** Whether some keyword match past the head holds the phrase, found without ranking the tail. */
  let tailPinsSome: boolean | null = null;
  const tailHasPhrase = () => {
    tailPinsSome ??=
      tailSize > 0 && phraseMatches().some((seq) => !inHead.has(seq) && containsSeq(keyword.seqs, seq));
    return tailPinsSome;
  };
  /** The keyword matches past the head, in keyword (= fused) order, split by phrase match. Ranks every match once. */
  let tail: { pinned: Scored[]; rest: Scored[] } | null = null;
  const rankTail = () => {
    if (tail) return tail;
    const phrase = phraseMatches();
    const pinned: Scored[] = [];
    const rest: Scored[] = [];
    keyword.matches.forEach(({ seq }, index) => {
      if (inHead.has(seq)) return;
      const entry: Scored = { seq, score: 1 / (rrfK + index + 1), matchedBy: MATCHED_ONLY_BY.keyword };
      (containsSeq(phrase, seq) ? pinned : rest).push(entry);
    });
    tail = { pinned, rest };
    return tail;
  };

  return {
    total: seqs.length,
    seqs,
    slice(start, end) {
      // The promise: every phrase match before every other result, each group in fused order.
      const { pinned, rest, complete } = splitByPhrase(head, input.isPhraseMatch, end);
      if (!complete || pinned.length >= end) return pinned.slice(start, end);
      // Past the head come its keyword matches in keyword order: their phrase matches after the
      // head's, the others after everything in the head. Ranked only when the page needs them.
      if (tailSize === 0 || (end <= head.length && !tailHasPhrase())) {
        return [...pinned, ...rest].slice(start, end);
      }
      const past = rankTail();
      return [...pinned, ...past.pinned, ...rest, ...past.rest].slice(start, end);
    },
  };
}
