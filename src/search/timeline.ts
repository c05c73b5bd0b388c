import { SEARCH, TIMELINE_EVIDENCE } from '../config.ts';
import { searchKeyword } from '../keyword/keyword-search.ts';
import { containsSeq, seekAtLeast } from '../keyword/postings.ts';
import { measureCheck } from '../meaning/states-measure.ts';
import type { DocumentMeta, Hit, SearchMode } from '../types.ts';
import { MATCHED_ONLY_BY, sharedMatchedBy } from './fuse.ts';
import { toHit } from './hits.ts';
import type { PreparedQuery } from './prepare-query.ts';
import type { Scored, SearchContext } from './search-types.ts';
import { requireSemantic, semanticRanking } from './semantic-ranking.ts';

/** A stating paragraph that the semantic half found as well. */
const KEYWORD_AND_SEMANTIC = sharedMatchedBy(['keyword', 'semantic']);

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
  /**
   * The earliest paragraph that states the measure (earliest year, then earliest publication, then
   * document order), or null. Only paragraphs in `years` can be first.
   */
  first: Hit | null;
  /**
   * Paragraphs that state the measure, per year, ascending: phrase matches and
   * paragraphs found by meaning that pass the measure check. Paragraphs of documents without a year
   * are left out (they cannot be placed).
   */
  years: TimelineYear[];
  /**
   * Paragraphs found by meaning only that fail the measure check (可能相关): close to the query, but
   * not shown to say it. Per year, ascending; never counted in `years`, never `first`.
   */
  possible: TimelineYear[];
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

/** Paragraphs found by meaning, sorted by whether they state the measure. */
interface MeaningEvidence {
  /** Pass the measure check: counted like phrase matches. Most similar first. */
  stated: Scored[];
  /** Fail it but are close enough to mention as 可能相关. Most similar first. */
  possible: Scored[];
}

/**
 * When and where a measure appears, year by year. A year counts, and `first` comes from, only
 * paragraphs that state the measure: paragraphs holding the query as a phrase (scattered words make
 * no false first), in every mode; semantic and hybrid modes add the nearest paragraphs that pass the
 * measure check (src/meaning/states-measure.ts), after the phrase matches of their year. Nearest
 * paragraphs that fail the check are returned apart, as `possible`. One pass over the matches: a
 * common word's 80k phrase matches are tallied, never sorted.
 */
export async function buildTimeline(
  context: SearchContext,
  query: PreparedQuery,
  mode: SearchMode,
): Promise<TimelineResponse> {
  // Phrase matches state the measure in every mode; semantic mode adds nothing else to them.
  // Neighbours asked first: the semantic worker finds them while this thread collects the phrase matches.
  const nearList =
    mode === 'keyword'
      ? Promise.resolve([])
      : semanticRanking(context, query, {}, { limit: SEARCH.timelineCandidates });
  let phrase: ReturnType<typeof phraseMatches>;
  try {
    phrase = phraseMatches(context, query);
  } catch (error) {
    nearList.catch(() => {});
    throw error;
  }
  const near = await nearList;
  const meaning = meaningEvidence(context, query, near, phrase.seqs);
  const similar = new Set(near.filter(({ seq }) => containsSeq(phrase.seqs, seq)).map(({ seq }) => seq));
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

  const phraseEntry = (seq: number, score: number): Scored => ({
    seq,
    score,
    matchedBy: similar.has(seq) ? KEYWORD_AND_SEMANTIC : MATCHED_ONLY_BY.keyword,
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
  for (const entry of meaning.stated) {
    const year = documentAt(entry.seq).year;
    if (year === null) continue;
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
  const possible = tallyByYear(meaning.possible, documentAt, perYear).map(({ year, count, kept }) => ({
    year,
    count,
    hits: kept.map(hitOf),
  }));
  return { query: query.raw, mode, first: first ? hitOf(first) : null, years, possible };
}

/** Entries grouped by their document's year (years without a year left out), ascending, the first few kept. */
function tallyByYear(
  entries: Scored[],
  documentAt: (seq: number) => DocumentMeta,
  perYear: number,
): { year: number; count: number; kept: Scored[] }[] {
  const byYear = new Map<number, { count: number; kept: Scored[] }>();
  for (const entry of entries) {
    const year = documentAt(entry.seq).year;
    if (year === null) continue;
    const tally = byYear.get(year) ?? { count: 0, kept: [] };
    tally.count++;
    if (tally.kept.length < perYear) tally.kept.push(entry);
    byYear.set(year, tally);
  }
  return [...byYear].sort(([a], [b]) => a - b).map(([year, tally]) => ({ year, ...tally }));
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

/**
 * The nearest paragraphs (`near`) that are not phrase matches, sorted by the measure check: those that state
 * the measure, and those close enough (the index's calibrated timeline floor) to show as 可能相关.
 */
function meaningEvidence(
  context: SearchContext,
  query: PreparedQuery,
  near: Scored[],
  phraseSeqs: Uint32Array,
): MeaningEvidence {
  const evidence: MeaningEvidence = { stated: [], possible: [] };
  if (near.length === 0) return evidence;
  const { calibration } = requireSemantic(context.index);
  const states = measureCheck(query.raw, TIMELINE_EVIDENCE);
  for (const entry of near) {
    if (containsSeq(phraseSeqs, entry.seq)) continue;
    if (states(context.view.textAt(entry.seq))) evidence.stated.push(entry);
    else if (entry.score >= calibration.timelineFloor) evidence.possible.push(entry);
  }
  return evidence;
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
