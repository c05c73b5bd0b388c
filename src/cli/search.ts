/**
 * The search from the command line, for staff and scripts:
 *   npm run search -- "知识产权质押融资" [--mode keyword|semantic|hybrid] [--year 2021|2020,2023|2020-2022]
 *                     [--limit N] [--offset N] [--json] [--index DIR]
 *   npm run search -- timeline "数据知识产权" [--mode keyword|semantic|hybrid] [--json]
 * Arguments are validated exactly as the API validates its parameters.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKOUT_ROOT } from '../checkout-paths.ts';
import { defaultMode } from '../contract/default-mode.ts';
import { parseSearchParams, parseTimelineParams } from '../contract/params.ts';
import { IndexLoadError, SearchError } from '../errors.ts';
import { modelLocationFromEnv, openIndex } from '../persist/open-index.ts';
import { createSearcher } from '../search/searcher.ts';
import type { TimelineResponse } from '../search/timeline.ts';
import type { Hit, SearchResponse } from '../types.ts';

const root = CHECKOUT_ROOT;

const USAGE = `Usage:
  npm run search -- "<query>" [--mode keyword|semantic|hybrid] [--year Y] [--doc ID] [--agency NAME] [--limit N] [--offset N] [--json]
  npm run search -- timeline "<query>" [--mode keyword|semantic|hybrid] [--json]
  --index DIR   index folder (default: index-data/, or INDEX_DIR)
  MODEL_DIR, MODEL_CACHE_DIR   where a transformer index's model files are, as for the server`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: 'string' },
      year: { type: 'string' },
      doc: { type: 'string' },
      agency: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      json: { type: 'boolean', default: false },
      index: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const isTimeline = positionals[0] === 'timeline' && positionals.length > 1;
  const query = (isTimeline ? positionals.slice(1) : positionals).join(' ');
  if (values.help || query.trim() === '') {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const params = { q: query, mode: values.mode, year: values.year, doc: values.doc, agency: values.agency };
  const paging = { limit: values.limit, offset: values.offset };
  // Refuse bad arguments before the index is loaded: that takes seconds on a large corpus.
  if (isTimeline) parseTimelineParams(params, 'keyword');
  else parseSearchParams({ ...params, ...paging }, 'keyword');
  const indexDir = path.resolve(values.index ?? process.env.INDEX_DIR ?? path.join(root, 'index-data'));
  // A keyword query needs neither the graph nor the query model: the semantic worker is not started
  // (about 3 s of the 4 s an open takes at laws scale). Any other mode waits for both, so it answers
  // as the server does.
  const index = await openIndex(indexDir, modelLocationFromEnv(process.env), {
    keywordOnly: values.mode === 'keyword',
  });
  try {
    const searcher = createSearcher(index);
    if (isTimeline) {
      const { query: phrase, mode } = parseTimelineParams(params, 'keyword');
      const timeline = await searcher.timeline(phrase, mode);
      console.log(values.json ? JSON.stringify(timeline, null, 2) : formatTimeline(timeline));
      return 0;
    }
    const request = parseSearchParams(
      { ...params, limit: values.limit, offset: values.offset },
      defaultMode(searcher),
    );
    const response = await searcher.search(request);
    console.log(values.json ? JSON.stringify(response, null, 2) : formatResults(response));
    return 0;
  } finally {
    await index.close();
  }
}

/** A snippet for a terminal: `<mark>` becomes bold, entities are decoded. */
function terminalSnippet(snippet: string): string {
  const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[22m'] : ['【', '】'];
  return snippet
    .replaceAll('<mark>', bold[0] ?? '')
    .replaceAll('</mark>', bold[1] ?? '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

function formatHit(hit: Hit, rank: number): string {
  const where = [hit.year ?? '—', hit.title, hit.section.join(' › ')].filter(Boolean).join(' | ');
  return `${rank}. [${hit.score.toFixed(3)} ${hit.matchedBy.join('+')}] ${where}\n   ${terminalSnippet(hit.snippet)}\n   ${hit.id}`;
}

function formatResults(response: SearchResponse): string {
  const years = response.facets.years.map(({ year, count }) => `${year}: ${count}`).join(', ');
  const header = `${response.total} results for “${response.query}” (${response.mode}, ${response.tookMs} ms)${years ? ` — ${years}` : ''}`;
  const offset = response.total === 0 ? 0 : 1;
  return [header, ...response.hits.map((hit, i) => formatHit(hit, i + offset))].join('\n');
}

function formatTimeline(timeline: TimelineResponse): string {
  if (!timeline.first) return `“${timeline.query}” appears in no dated document (${timeline.mode}).`;
  const first = timeline.first;
  return [
    `“${timeline.query}” first appears in ${first.year}: ${first.title} (${first.id})`,
    `   ${terminalSnippet(first.snippet)}`,
    ...timeline.years.map(({ year, count }) => `${year}: ${count} paragraph${count === 1 ? '' : 's'}`),
  ].join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof IndexLoadError || error instanceof SearchError) console.error(error.message);
    else console.error(`The search failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof SearchError ? 2 : 1);
  },
);
