/**
 * The before/after check for refactoring the search layer: every labelled and paraphrase query, in
 * every mode, answers exactly as the committed snapshot says — hits (ids, order, scores, how they
 * matched, highlights), totals, facets, a digest of the whole exported result set, and the timelines.
 * The snapshot was taken from the code before the re-cut; update it (`vitest -u`) only on purpose,
 * when a ranking change is meant.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Searcher } from '../../src/search/searcher.ts';
import type { TimelineResponse } from '../../src/search/timeline.ts';
import type { Hit, SearchMode, SearchResponse } from '../../src/types.ts';
import type { LabeledQuery } from '../helpers/eval-metrics.ts';
import { seedSearcher } from '../helpers/seed-index.ts';

const FIXTURES = ['labeled-queries.json', 'paraphrase-queries.json'];
const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
/** Deep enough to cross hybrid ranking's fused head on the seeds' common words. */
const PAGE = 100;

const queries: LabeledQuery[] = FIXTURES.flatMap(
  (file) =>
    JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures', file), 'utf8')) as LabeledQuery[],
);

let searcher: Searcher;
beforeAll(async () => {
  searcher = await seedSearcher();
});

/** One hit as one line: what ranking decides, nothing the corpus alone decides. */
function hitLine(hit: Hit): string {
  return `${hit.id} ${hit.score} ${hit.matchedBy.join('+')} ${JSON.stringify(hit.highlights)}`;
}

function searchRecord(response: SearchResponse) {
  return { total: response.total, hits: response.hits.map(hitLine), facets: response.facets };
}

function timelineRecord(timeline: TimelineResponse) {
  return {
    first: timeline.first ? hitLine(timeline.first) : null,
    years: timeline.years.map(({ year, count, hits }) => ({ year, count, hits: hits.map(hitLine) })),
  };
}

/** A digest of the whole ranked result set (up to the export cap): ids, scores and sources in order. */
async function exportDigest(query: LabeledQuery, mode: SearchMode): Promise<string> {
  const rows = await searcher.exportRows({ query: query.query, mode, filters: query.filters ?? {} });
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${hitLine(row)}\n`);
  return `${rows.length} ${hash.digest('hex').slice(0, 16)}`;
}

describe('search answers on the seed index', () => {
  it.each(MODES)('match the snapshot for every labelled query in %s mode', async (mode) => {
    const record: Record<string, unknown> = {};
    for (const query of queries) {
      const response = await searcher.search({
        query: query.query,
        mode,
        limit: PAGE,
        offset: 0,
        filters: query.filters ?? {},
      });
      record[query.id] = { ...searchRecord(response), all: await exportDigest(query, mode) };
    }
    await expect(`${JSON.stringify(record, null, 1)}\n`).toMatchFileSnapshot(
      `./__snapshots__/search-${mode}.json`,
    );
  });

  it.each(MODES)('match the snapshot for every labelled query’s timeline in %s mode', async (mode) => {
    const record: Record<string, unknown> = {};
    for (const query of queries)
      record[query.id] = timelineRecord(await searcher.timeline(query.query, mode));
    await expect(`${JSON.stringify(record, null, 1)}\n`).toMatchFileSnapshot(
      `./__snapshots__/timeline-${mode}.json`,
    );
  });
});
