/**
 * `npm run bench`: our keyword engine against Orama, MiniSearch, FlexSearch and SQLite FTS5 on the laws corpus
 * plus the seeds — same paragraphs, same queries, one run — then the vector figures. Each engine
 * builds and serves in its own child processes so memory figures are not mixed. Prints the table
 * and writes it to BENCHMARKS.md.
 *
 * Environment: BENCH_ENGINES=ours,orama (subset), LAWS_DIR (corpus folder), BENCH_SKIP_VECTOR=1,
 * BENCH_CORPUS (a Corpus JSON used instead of ingesting), BENCH_SECTION (the BENCHMARKS.md block to
 * write, default `bench`: a partial run written elsewhere leaves the full table in place),
 * BENCH_QUERY_BUDGET_S (each engine's query phase, default 600: a slow engine gets a partial row).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../../src/types.ts';
import type { LabeledQuery } from '../helpers/eval-metrics.ts';
import { machineLine, sampleLoadAverage, writeSection } from './benchmarks-file.ts';
import { type BuildResult, type QueryFile, type QueryResult, runChild } from './child-protocol.ts';
import { readBenchCorpus } from './corpus-file.ts';
import { expectedMatches } from './expected-matches.ts';
import { labeledQueries, scoreLabeled } from './labeled.ts';
import { benchCorpusPath } from './laws-corpus.ts';
import { SAMPLE_SIZES, sampleQueries } from './queries.ts';
import { DEFAULT_QUERY_BUDGET_S, LATENCY_SHARE } from './query-budget.ts';
import {
  type EngineReport,
  renderEngineTable,
  renderKindTable,
  renderPartialNotes,
  renderRatios,
} from './report.ts';
import { renderVectorSection, type VectorResult } from './vector-report.ts';

const ENGINE_NAMES: Record<string, string> = {
  ours: 'ours',
  orama: 'Orama',
  minisearch: 'MiniSearch',
  flexsearch: 'FlexSearch 0.8',
  'flexsearch-all': 'FlexSearch 0.8 (all matches)',
  sqlite: 'SQLite FTS5',
};
const ENGINE_NOTES: Record<string, string[]> = {
  ours: [
    'ours: typed-array postings of CJK characters, bigrams and trigrams (src/keyword/postings.ts), BM25 over every match; query parsed by our query language. Latency here is the index query (parse, match, BM25 over every match), as for the peers; the API adds snippets and facets on top (see the profile section).',
  ],
  orama: [
    'Orama 3.1: Mandarin tokenizer (Intl.Segmenter words), `threshold: 0` (all words), default prefix matching; saved size includes its document store.',
  ],
  minisearch: ['MiniSearch 7.2: Intl.Segmenter(zh) words, `combineWith: AND`, no prefix.'],
  flexsearch: [
    "FlexSearch 0.8.212 as issue 3 specified it (our first keyword index, commit c06418c): Document index over text, section and title, each stored as its jieba search-mode words + CJK bigrams (`indexTokens`) behind an encoder that only splits on spaces; `tokenize: strict`, resolution 1, fastupdate off; a query word is its CJK bigrams (ANDed within a field), fields ORed and words ANDed in the adapter; saved with its `export`. Resolution 1 keeps no positions or frequencies, so results come unranked, in index order — and the seeds come first in the bench corpus, so index order alone puts the labeled set's seed paragraphs on top: its labeled figures measure that order, not a ranking.",
  ],
  'flexsearch-all': [
    'FlexSearch 0.8 (all matches): the same index, but every query word fetches all its matches before the first 20 are cut, as our first keyword search did before ranking them with BM25 (the figures quoted in src/keyword/keyword-index.ts); the cost of BM25 itself is not included.',
  ],
  sqlite: [
    "SQLite FTS5 (better-sqlite3 12): `tokenize='trigram'`, bm25 rank; words under 3 characters fall back to `LIKE '%w%'` (a scan, unranked when alone); the file includes the text.",
  ],
};

const log = (line: string) => process.stderr.write(`${line}\n`);

/** BENCH_QUERY_BUDGET_S in seconds, refusing anything that is not a positive number. */
function queryBudgetSeconds(): number {
  const raw = process.env.BENCH_QUERY_BUDGET_S;
  if (raw === undefined || raw === '') return DEFAULT_QUERY_BUDGET_S;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`BENCH_QUERY_BUDGET_S must be a positive number, got ${raw}`);
  return seconds;
}

/** One commit, or both when HEAD moved while the engines ran (each child loads the code of its moment). */
function measuredCommit(atStart: string, atEnd: string): string {
  return atStart === atEnd ? atStart : `${atStart} at the start, ${atEnd} at the end`;
}

/** The commit the measured code came from (with `+changes` when the work tree differs), for the record. */
function gitCommit(): string {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const head = run('rev-parse', '--short', 'HEAD');
    return run('status', '--porcelain', '--untracked-files=no', 'src', 'test/bench') === ''
      ? head
      : `${head}+changes`;
  } catch {
    return 'unknown';
  }
}

/** What every engine of one run shares: the corpus, the query file, the labeled set and the budget. */
interface RunInputs {
  corpusPath: string;
  queriesPath: string;
  work: string;
  labeled: LabeledQuery[];
  corpus: Corpus;
  queryBudgetMs: number;
}

async function runEngine(id: string, inputs: RunInputs): Promise<EngineReport> {
  const { corpusPath, queriesPath, work, labeled, corpus, queryBudgetMs } = inputs;
  const report: EngineReport = { id, name: ENGINE_NAMES[id] ?? id, notes: ENGINE_NOTES[id] ?? [] };
  const dir = await mkdtemp(join(work, `${id}-`));
  try {
    log(`${report.name}: build…`);
    report.build = await runChild<BuildResult>('run-engine.ts', {
      engine: id,
      phase: 'build',
      corpusPath,
      dir,
    });
    log(`${report.name}: built in ${(report.build.buildMs / 1000).toFixed(1)} s; load + queries…`);
    report.query = await runChild<QueryResult>('run-engine.ts', {
      engine: id,
      phase: 'query',
      corpusPath,
      dir,
      queriesPath,
      queryBudgetMs,
    });
    // Labeled queries the budget left out are not scored as misses: the cell says how many were.
    const answered = report.query.labeledTop10;
    if (answered.length > 0)
      report.quality = scoreLabeled(corpus, labeled.slice(0, answered.length), answered);
    const { done, planned } = report.query.timedQueries;
    log(
      `${report.name}: p50 ${report.query.latency.p50.toFixed(3)} ms, p99 ${report.query.latency.p99.toFixed(3)} ms (${done}/${planned} queries timed)`,
    );
  } catch (error) {
    report.failure = error instanceof Error ? error.message : String(error);
    log(`${report.name}: FAILED ${report.failure}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return report;
}

async function main(): Promise<void> {
  const started = performance.now();
  const commitAtStart = gitCommit();
  const meanLoad = sampleLoadAverage();
  // BENCH_CORPUS: a Corpus JSON to use instead of ingesting the laws folder (for trying the runner).
  const corpusPath = process.env.BENCH_CORPUS ?? (await benchCorpusPath(log));
  const corpus = await readBenchCorpus(corpusPath);
  const sampled = sampleQueries(corpus);
  const labeled = labeledQueries(corpus);
  log(`queries: ${sampled.length} sampled, ${labeled.length} labeled; computing verbatim ground truth…`);
  const queryFile: QueryFile = {
    sampled,
    expected: expectedMatches(
      corpus,
      sampled.map((q) => q.query),
    ),
    labeled: labeled.map((q) => q.query),
  };
  const work = await mkdtemp(join(tmpdir(), 'policy-search-bench-'));
  const queriesPath = join(work, 'queries.json');
  await writeFile(queriesPath, JSON.stringify(queryFile));

  const ids = (process.env.BENCH_ENGINES ?? 'ours,orama,minisearch,sqlite').split(',').filter(Boolean);
  const budgetS = queryBudgetSeconds();
  const inputs: RunInputs = { corpusPath, queriesPath, work, labeled, corpus, queryBudgetMs: budgetS * 1000 };
  const rows: EngineReport[] = [];
  for (const id of ids) rows.push(await runEngine(id, inputs));

  let vector: VectorResult | string | undefined;
  if (process.env.BENCH_SKIP_VECTOR !== '1') {
    log('vector: corpus embedder + HNSW…');
    try {
      vector = await runChild<VectorResult>('run-vector.ts', { corpusPath });
    } catch (error) {
      vector = error instanceof Error ? error.message : String(error);
    }
  }
  await rm(work, { recursive: true, force: true });

  const section = process.env.BENCH_SECTION ?? 'bench';
  const engineList = rows.map((r) => r.name).join(', ');
  const heading =
    section === 'bench'
      ? '## Keyword search: ours against the peers (`npm run bench`)'
      : `## Keyword search: ${engineList} (\`BENCH_SECTION=${section} BENCH_ENGINES=${ids.join(',')} npm run bench\`)`;
  const sizes = Object.entries(SAMPLE_SIZES)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const body = [
    heading,
    '',
    `${machineLine()} · mean load average during the run ${meanLoad().toFixed(1)} · run took ${((performance.now() - started) / 60_000).toFixed(1)} min · engines: ${engineList} · code at commit ${measuredCommit(commitAtStart, gitCommit())}`,
    '',
    `Corpus: the laws collection + the 5 seeds, ${corpus.documents.length} documents, ${corpus.paragraphs.length} paragraphs, ingested by our ingestion; every engine indexes the same paragraphs (text, section, title).`,
    `Queries: a fixed seeded sample of ${sampled.length} drawn from the corpus (${sizes}), each run twice after a warm-up, top 20; labeled: the ${labeled.length} queries of \`test/fixtures/labeled-queries.json\` without year/document filters, scored (Success@10, MRR@10) with the laws corpus indexed alongside; peers get them as plain words (quotes, 同句/同段 brackets and OR dropped).`,
    '"verbatim recall" = share of the paragraphs containing every query word verbatim that the engine returns (asking for 3× their number + 100 results), over every third sampled query; "zero-result" = of those queries (all of which occur in the corpus), the share that found nothing.',
    'Each engine builds in one child process and serves from its saved index in another: start-up is the load of the saved index, RSS of the loaded index is RSS after load minus before.',
    `Each engine's query phase has a budget of ${budgetS} s (\`BENCH_QUERY_BUDGET_S\`), checked between queries: the labeled queries run first, then the warm-up and timed passes within ${Math.round(LATENCY_SHARE * 100)} % of the time left, then the recall pass in the rest. The sample runs with its three kinds interleaved, so a pass cut short still mixes them; "queries timed" says how many of the timed queries ran, and a figure from part of its queries carries the count (done/planned).`,
    '',
    renderEngineTable(rows),
    '',
    renderKindTable(rows),
    '',
    ...renderRatios(rows),
    '',
    ...rows.flatMap((r) => r.notes.map((n) => `- ${n}`)),
    ...renderPartialNotes(rows).map((n) => `- ${n}`),
    '',
    // A partial run in its own section leaves the vector figures to the full one.
    vector === undefined && section !== 'bench' ? '' : renderVectorSection(vector),
  ].join('\n');
  process.stdout.write(`${body}\n`);
  await writeSection(section, body);
  log('written to BENCHMARKS.md');
}

await main();
