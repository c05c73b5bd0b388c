import { beforeAll, describe, expect, it } from 'vitest';
import { SEARCH, TIMELINE_EVIDENCE } from '../../src/config.ts';
import { searchKeyword } from '../../src/keyword/keyword-search.ts';
import { parseQuery } from '../../src/keyword/query-parser.ts';
import { containsPhrase } from '../../src/keyword/text-match.ts';
import { measureCheck } from '../../src/meaning/states-measure.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { prepareQuery } from '../../src/search/prepare-query.ts';
import type { Scored, SearchContext } from '../../src/search/search-types.ts';
import { semanticRanking } from '../../src/search/semantic-ranking.ts';
import { buildTimeline } from '../../src/search/timeline.ts';
import { normalizeText } from '../../src/text/normalize.ts';
import type { SearchMode } from '../../src/types.ts';
import { seedIndex } from '../helpers/seed-index.ts';

let context: SearchContext;
beforeAll(async () => {
  const index: LoadedIndex = await seedIndex();
  context = { index, view: index.keyword.view };
});

/**
 * The timeline the slow way: test every keyword match's text for the phrase and every neighbour's
 * for the measure check, sort each year, sort for the first.
 */
async function referenceTimeline(query: string, mode: SearchMode) {
  const { index, view } = context;
  const keyword = searchKeyword(index.keyword, parseQuery(query), {});
  const phrase = normalizeText(query);
  const byScore = (a: Scored, b: Scored) => b.score - a.score || a.seq - b.seq;
  const phraseMatches: Scored[] = Array.from(
    keyword.seqs,
    (seq, i): Scored => ({ seq, score: keyword.scores[i] as number, matchedBy: ['keyword'] }),
  )
    .filter(({ seq }) => containsPhrase(view.paragraphAt(seq).text, phrase))
    .sort(byScore);
  const near =
    mode === 'keyword'
      ? []
      : await semanticRanking(context, prepareQuery(query), {}, { limit: SEARCH.timelineCandidates });
  const phraseSeqs = new Set(phraseMatches.map(({ seq }) => seq));
  const states = measureCheck(query, TIMELINE_EVIDENCE);
  const meaningOnly = near.filter(({ seq }) => !phraseSeqs.has(seq));
  const stated = meaningOnly.filter(({ seq }) => states(view.paragraphAt(seq).text));
  const possible = meaningOnly.filter(
    ({ seq, score }) =>
      !states(view.paragraphAt(seq).text) && score >= (index.semantic?.calibration.timelineFloor ?? Infinity),
  );
  const all = [...phraseMatches, ...stated].filter(({ seq }) => view.documentOf(seq).year !== null);
  const perYear = (list: Scored[]) => {
    const placed = list.filter(({ seq }) => view.documentOf(seq).year !== null);
    const years = [...new Set(placed.map(({ seq }) => view.documentOf(seq).year as number))].sort(
      (a, b) => a - b,
    );
    return years.map((year) => {
      const inYear = placed.filter(({ seq }) => view.documentOf(seq).year === year);
      return {
        year,
        count: inYear.length,
        hits: inYear.slice(0, SEARCH.timelineHitsPerYear).map(({ seq }) => view.paragraphAt(seq).id),
      };
    });
  };
  const when = ({ seq }: Scored) =>
    [view.documentOf(seq).year as number, view.documentOf(seq).published ?? '9999', seq] as const;
  const first = [...all].sort((a, b) => {
    const [ya, pa, sa] = when(a);
    const [yb, pb, sb] = when(b);
    return ya - yb || (pa < pb ? -1 : pa > pb ? 1 : 0) || sa - sb;
  })[0];
  return {
    first: first ? view.paragraphAt(first.seq).id : null,
    years: perYear(all),
    possible: perYear(possible),
  };
}

const QUERIES = ['知识产权', '知识产权质押融资', '数据知识产权', '一窗通办', '专利 质押', '保护', '量子引力'];

describe('buildTimeline', () => {
  it.each(
    QUERIES.flatMap((query) =>
      (['keyword', 'semantic', 'hybrid'] as const).map((mode) => [query, mode] as const),
    ),
  )('tallies %s (%s) as testing every match and sorting would', async (query, mode) => {
    const timeline = await buildTimeline(context, prepareQuery(query), mode);
    const expected = await referenceTimeline(query, mode);
    const ids = (years: typeof timeline.years) =>
      years.map(({ year, count, hits }) => ({ year, count, hits: hits.map(({ id }) => id) }));
    expect({
      first: timeline.first?.id ?? null,
      years: ids(timeline.years),
      possible: ids(timeline.possible),
    }).toEqual(expected);
  });
});
