import { SEARCH, SEMANTIC_SIMILARITY } from '../config.ts';
import { containsPhrase } from '../keyword/text-match.ts';
import { normalizeText } from '../text/normalize.ts';
import type { Hit, SearchMode } from '../types.ts';
import { type Scored, toHit } from './hits.ts';
import {
  keywordRanking,
  queryWords,
  requireSemantic,
  type SearchContext,
  semanticRanking,
} from './rankings.ts';

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

/**
 * When and where a measure appears, year by year. Keyword mode counts only paragraphs that hold
 * the query as a phrase (scattered words make no false first); semantic mode counts paragraphs
 * above the embedder's calibrated timeline threshold; hybrid counts either, phrase matches first.
 */
export async function buildTimeline(
  context: SearchContext,
  query: string,
  mode: SearchMode,
): Promise<TimelineResponse> {
  const matches = await timelineMatches(context, query, mode);
  const byYear = new Map<number, Scored[]>();
  for (const match of matches) {
    const year = context.view.documentOf(match.seq).year;
    if (year === null) continue;
    const list = byYear.get(year);
    if (list) list.push(match);
    else byYear.set(year, [match]);
  }
  const phraseTerms = [normalizeText(query)];
  const words = queryWords(query);
  const hitOf = (entry: Scored) =>
    toHit(context.view, entry, entry.matchedBy.includes('keyword') ? phraseTerms : words);
  const years = [...byYear]
    .sort(([a], [b]) => a - b)
    .map(([year, scored]) => ({
      year,
      count: scored.length,
      hits: scored.slice(0, SEARCH.timelineHitsPerYear).map(hitOf),
    }));
  const earliest = earliestMatch(context, byYear);
  return { query, mode, first: earliest ? hitOf(earliest) : null, years };
}

/** Matching paragraphs, best first within the mode's own order. */
async function timelineMatches(context: SearchContext, query: string, mode: SearchMode): Promise<Scored[]> {
  const phrase = normalizeText(query);
  const phraseMatches =
    mode === 'semantic'
      ? []
      : keywordRanking(context, query, {}).ranked.filter(({ seq }) =>
          containsPhrase(context.view.paragraphAt(seq).text, phrase),
        );
  if (mode === 'keyword') return phraseMatches;
  const kind = requireSemantic(context.index).embedder.info.kind;
  const meaning = await semanticRanking(
    context,
    query,
    {},
    {
      limit: SEARCH.timelineCandidates,
      minSimilarity: SEMANTIC_SIMILARITY[kind].timelineThreshold,
    },
  );
  if (mode === 'semantic') return meaning;
  const bySeq = new Map(
    phraseMatches.map((entry) => [entry.seq, { ...entry, matchedBy: [...entry.matchedBy] }]),
  );
  for (const entry of meaning) {
    const existing = bySeq.get(entry.seq);
    if (existing) existing.matchedBy.push('semantic');
    else bySeq.set(entry.seq, entry);
  }
  // Map order is insertion order: phrase matches first, then meaning-only ones by similarity.
  return [...bySeq.values()];
}

function earliestMatch(context: SearchContext, byYear: Map<number, Scored[]>): Scored | null {
  const firstYear = Math.min(...byYear.keys());
  const candidates = byYear.get(firstYear);
  if (!candidates) return null;
  const published = (seq: number) => context.view.documentOf(seq).published ?? '9999';
  return (
    [...candidates].sort((a, b) =>
      published(a.seq) < published(b.seq) ? -1 : published(a.seq) > published(b.seq) ? 1 : a.seq - b.seq,
    )[0] ?? null
  );
}
