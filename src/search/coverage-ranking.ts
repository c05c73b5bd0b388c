/**
 * Hybrid mode's third list: a minimum-should-match over the query's concept groups
 * (concept-groups.ts). Paragraphs covering more of the groups come first — a group is covered when
 * the paragraph holds its word or any official term it maps to — and BM25 orders each level, a
 * group scoring by the best of its terms in the paragraph. This finds 专利 … 质押融资 for
 * 用专利向银行贷款, where no paragraph holds every word as typed.
 */
import { KEYWORD_RANKING } from '../config.ts';
import { type Bm25WordScorer, prepareWordScorer } from '../keyword/bm25.ts';
import type { KeywordIndex } from '../keyword/keyword-index.ts';
import { intersectPostings, postingList } from '../keyword/postings.ts';
import { compactText, phraseMatcher } from '../keyword/text-match.ts';
import { isHan, matchTokens } from '../text/analyze.ts';
import type { ConceptGroup } from './concept-groups.ts';
import { MATCHED_ONLY_BY } from './fuse.ts';
import type { Scored } from './search-types.ts';

/** The paragraphs holding one term, ascending, with its count in each where the postings know it. */
interface TermOccurrences {
  seqs: Uint32Array;
  /** Occurrences per seq, or null when the term spans several tokens (counted as once). */
  frequencies: Uint8Array | null;
}

const NONE: TermOccurrences = { seqs: new Uint32Array(0), frequencies: null };

/** Looks a term up by its longest CJK n-grams (and Latin runs), verifying on the text when that is not exact. */
function occurrences(index: KeywordIndex, term: string): TermOccurrences {
  const tokens = [...new Set(matchTokens(term))];
  const longest = Math.max(0, ...tokens.filter(isHan).map((token) => [...token].length));
  const needed = tokens.filter((token) => !isHan(token) || [...token].length === longest);
  if (needed.length === 0) return NONE;
  if (needed.length === 1 && needed[0] === compactText(term).toLowerCase()) {
    const list = postingList(index.postings, needed[0] as string);
    return { seqs: list.seqs, frequencies: list.frequencies };
  }
  const candidates = intersectPostings(needed.map((token) => postingList(index.postings, token).seqs));
  const holds = phraseMatcher(term);
  const { view } = index;
  const out = new Uint32Array(candidates.length);
  let size = 0;
  for (const seq of candidates) if (holds(view.textAt(seq))) out[size++] = seq;
  return { seqs: out.subarray(0, size), frequencies: null };
}

/** Per-query scratch over every seq, reused while the corpus size stays the same. */
class Scratch {
  readonly coverage: Uint8Array;
  /** The last group (from 1) that covered each seq, so a group counts once however many terms hit. */
  readonly lastGroup: Uint16Array;
  readonly groupScore: Float32Array;
  readonly score: Float64Array;

  constructor(readonly size: number) {
    this.coverage = new Uint8Array(size);
    this.lastGroup = new Uint16Array(size);
    this.groupScore = new Float32Array(size);
    this.score = new Float64Array(size);
  }

  clear(touched: number[]): void {
    for (const seq of touched) {
      this.coverage[seq] = 0;
      this.lastGroup[seq] = 0;
      this.score[seq] = 0;
    }
  }
}

let scratch: Scratch | null = null;

/** Options of {@link coverageRanking}. */
export interface CoverageOptions {
  /** Keeps only the seqs it accepts (the request's filters); every seq when absent. */
  accept?: (seq: number) => boolean;
  /** How many paragraphs to return, best first. */
  limit: number;
  /**
   * How many coverage levels to return, from the best one reached down (default: all). Fused by rank,
   * a paragraph covering fewer concepts would otherwise win on agreement with another list alone.
   */
  levels?: number;
}

/**
 * The `limit` paragraphs covering the most concept groups, BM25 within a level, best first. Only
 * paragraphs covering at least two groups count when two or more groups occur in the corpus at all
 * (one shared word is not a match); a one-concept query ranks that concept's paragraphs by BM25.
 */
export function coverageRanking(
  index: KeywordIndex,
  groups: ConceptGroup[],
  options: CoverageOptions,
): Scored[] {
  const count = index.view.paragraphCount;
  if (groups.length === 0 || count === 0) return [];
  if (scratch?.size !== count) scratch = new Scratch(count);
  const { coverage, lastGroup, groupScore, score } = scratch;
  const touched: number[] = [];
  let liveGroups = 0;
  try {
    groups.slice(0, 0xfffe).forEach((group, position) => {
      const mark = position + 1;
      let live = false;
      for (const term of group.terms) {
        const found = occurrences(index, term);
        if (found.seqs.length === 0) continue;
        live = true;
        const scorer: Bm25WordScorer = prepareWordScorer(
          { documentFrequency: found.seqs.length, documentCount: count, averageLength: index.averageLength },
          KEYWORD_RANKING,
        );
        const { seqs, frequencies } = found;
        for (let i = 0; i < seqs.length; i++) {
          const seq = seqs[i] as number;
          const value = scorer(
            frequencies ? (frequencies[i] as number) : 1,
            index.lengths[seq] as number,
            false,
            false,
          );
          if (lastGroup[seq] !== mark) {
            if (lastGroup[seq] === 0) touched.push(seq);
            lastGroup[seq] = mark;
            coverage[seq] = (coverage[seq] as number) + 1;
            groupScore[seq] = value;
            score[seq] = (score[seq] as number) + value;
          } else if (value > (groupScore[seq] as number)) {
            score[seq] = (score[seq] as number) + value - (groupScore[seq] as number);
            groupScore[seq] = value;
          }
        }
      }
      if (live) liveGroups++;
    });
    const least = liveGroups >= 2 ? 2 : 1;
    // Buckets by coverage, best level first; only the level that crosses `limit` needs sorting in part.
    const levels: number[][] = [];
    for (const seq of touched) {
      const level = coverage[seq] as number;
      if (level < least || (options.accept && !options.accept(seq))) continue;
      const bucket = levels[level];
      if (bucket) bucket.push(seq);
      else levels[level] = [seq];
    }
    const ranked: Scored[] = [];
    let levelsLeft = options.levels ?? Number.POSITIVE_INFINITY;
    for (
      let level = levels.length - 1;
      level >= least && ranked.length < options.limit && levelsLeft > 0;
      level--
    ) {
      const seqs = levels[level];
      if (!seqs) continue;
      levelsLeft--;
      seqs.sort((a, b) => (score[b] as number) - (score[a] as number) || a - b);
      for (const seq of seqs.slice(0, options.limit - ranked.length)) {
        const bm25 = score[seq] as number;
        ranked.push({ seq, score: level + bm25 / (bm25 + 1), matchedBy: MATCHED_ONLY_BY.concept });
      }
    }
    return ranked;
  } finally {
    scratch.clear(touched);
  }
}
