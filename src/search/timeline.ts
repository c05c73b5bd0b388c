import { SEARCH, SEMANTIC_SIMILARITY } from '../config.ts';
import { searchKeyword } from '../keyword/keyword-search.ts';
import { containsSeq, seekAtLeast } from '../keyword/postings.ts';
import type { Hit, SearchMode } from '../types.ts';
import { toHit } from './hits.ts';
import type { PreparedQuery } from './prepare-query.ts';
import type { Scored, SearchContext } from './search-types.ts';
import { requireSemantic, semanticRanking } from './semantic-ranking.ts';

/** One year of a timeline: how many paragraphs matched, and the best few. */
export interface TimelineYear {
  year: number;
  count: number;
  hits: Hit[];
}

/** The body of `GET /api/timeline`. */
export interface TimelineResponse {
  query: string;
  mode: SearchMode;
  /** The earliest matching paragraph (earliest year, then earliest publication, then document order), or null. */
  first: Hit | null;
  /** Years ascending; paragraphs of documents without a year are left out (they cannot be placed). */
  years: TimelineYear[];
}

/** Paragraphs holding the query as a phrase, ascending, with their keyword scores. */
interface PhraseMatches {
  seqs: Uint32Array;
  scores: Float64Array;
}

/** One year's tally: every match counted, only the best few kept. */
interface YearTally {
  count: number;
  /** Best phrase matches, best first, at most `timelineHitsPerYear`. */
  phrase: Scored[];
  /** First meaning-only matches, most similar first, at most `timelineHitsPerYear`. */
  meaning: Scored[];
}

/**
 * When and where a measure appears, year by year. Keyword mode counts only paragraphs that hold
 * the query as a phrase (scattered words make no false first); semantic mode counts paragraphs
 * above the embedder's calibrated timeline threshold; hybrid counts either, phrase matches first.
 * One pass over the matches: a common word's 80k phrase matches are tallied, never sorted.
 */
export async function buildTimeline(
  context: SearchContext,
  query: PreparedQuery,
  mode: SearchMode,
): Promise<TimelineResponse> {
  const phrase = mode === 'semantic' ? noMatches() : phraseMatches(context, query);
  const meaning = mode === 'keyword' ? [] : await meaningMatches(context, query);
  const documentAt = context.view.documentOf;
  const perYear = SEARCH.timelineHitsPerYear;
  const tallies = new Map<number, YearTally>();
  const tallyOf = (year: number) => {
    let tally = tallies.get(year);
    if (!tally) {
      tally = { count: 0, phrase: [], meaning: [] };
      tallies.set(year, tally);
    }
    return tally;
  };
  /** Timeline order: earlier year, then earlier publication (unknown last), then document order. */
  const isEarlier = (seq: number, other: number) => {
    const doc = documentAt(seq);
    const otherDoc = documentAt(other);
    if (doc.year !== otherDoc.year) return (doc.year ?? Infinity) < (otherDoc.year ?? Infinity);
    const published = doc.published ?? '9999';
    const otherPublished = otherDoc.published ?? '9999';
    return published !== otherPublished ? published < otherPublished : seq < other;
  };
  let firstPhrase = -1;
  let firstMeaning: Scored | null = null;

  const similar = new Set(meaning.map(({ seq }) => seq));
  const phraseEntry = (seq: number, score: number): Scored => ({
    seq,
    score,
    matchedBy: similar.has(seq) ? ['keyword', 'semantic'] : ['keyword'],
  });
  for (let i = 0; i < phrase.seqs.length; i++) {
    const seq = phrase.seqs[i] as number;
    const year = documentAt(seq).year;
    if (year === null) continue;
    const tally = tallyOf(year);
    tally.count++;
    if (firstPhrase < 0 || isEarlier(seq, phrase.seqs[firstPhrase] as number)) firstPhrase = i;
    const score = phrase.scores[i] as number;
    const worst = tally.phrase[perYear - 1];
    if (tally.phrase.length === perYear && worst && !outranks(score, seq, worst)) continue;
    keepBest(tally.phrase, phraseEntry(seq, score), perYear);
  }
  for (const entry of meaning) {
    const year = documentAt(entry.seq).year;
    if (year === null || containsSeq(phrase.seqs, entry.seq)) continue;
    const tally = tallyOf(year);
    tally.count++;
    if (tally.meaning.length < perYear) tally.meaning.push(entry);
    if (!firstMeaning || isEarlier(entry.seq, firstMeaning.seq)) firstMeaning = entry;
  }
  let first: Scored | null = firstMeaning;
  if (firstPhrase >= 0) {
    const seq = phrase.seqs[firstPhrase] as number;
    if (!first || isEarlier(seq, first.seq)) first = phraseEntry(seq, phrase.scores[firstPhrase] as number);
  }

  const phraseTerms = [query.text];
  const hitOf = (entry: Scored) =>
    toHit(context.view, entry, entry.matchedBy.includes('keyword') ? phraseTerms : query.words);
  const years = [...tallies]
    .sort(([a], [b]) => a - b)
    .map(([year, tally]) => ({
      year,
      count: tally.count,
      hits: [...tally.phrase, ...tally.meaning].slice(0, perYear).map(hitOf),
    }));
  return { query: query.raw, mode, first: first ? hitOf(first) : null, years };
}

function noMatches(): PhraseMatches {
  return { seqs: new Uint32Array(0), scores: new Float64Array(0) };
}

/**
 * The keyword matches that also hold the whole query as a phrase, scored by the query. The phrase is
 * found in the same keyword evaluation, through the index, which checks only candidates sharing its
 * n-grams — not every match's text.
 */
function phraseMatches(context: SearchContext, query: PreparedQuery): PhraseMatches {
  const keyword = searchKeyword(context.index.keyword, query.tree, {});
  const phrase = keyword.phraseMatches(query.text);
  const seqs = new Uint32Array(Math.min(keyword.seqs.length, phrase.length));
  const scores = new Float64Array(seqs.length);
  let size = 0;
  let at = 0;
  for (let i = 0; i < keyword.seqs.length && at < phrase.length; i++) {
    const seq = keyword.seqs[i] as number;
    if ((phrase[at] as number) < seq) at = seekAtLeast(phrase, seq, at);
    if (phrase[at] !== seq) continue;
    seqs[size] = seq;
    scores[size] = keyword.scores[i] as number;
    size++;
  }
  return { seqs: seqs.subarray(0, size), scores: scores.subarray(0, size) };
}

/** Paragraphs close enough in meaning to state the measure, most similar first. */
async function meaningMatches(context: SearchContext, query: PreparedQuery): Promise<Scored[]> {
  const kind = requireSemantic(context.index).embedder.info.kind;
  return semanticRanking(
    context,
    query,
    {},
    { limit: SEARCH.timelineCandidates, minSimilarity: SEMANTIC_SIMILARITY[kind].timelineThreshold },
  );
}

/** Keyword order: higher score first, then lower seq. */
function outranks(score: number, seq: number, other: Scored): boolean {
  return score > other.score || (score === other.score && seq < other.seq);
}

/** Inserts `entry` into the best-first list `kept`, keeping at most `size`. */
function keepBest(kept: Scored[], entry: Scored, size: number): void {
  let at = kept.length;
  while (at > 0 && outranks(entry.score, entry.seq, kept[at - 1] as Scored)) at--;
  kept.splice(at, 0, entry);
  if (kept.length > size) kept.pop();
}
