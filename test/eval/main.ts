/**
 * `npm run eval`: ranking quality of every search mode and the timeline's first years, on the seeds
 * and — when the laws corpus is on disk — on the laws plus the seeds, with the OR-of-grams peers on
 * the same paraphrase queries. Prints Success@10, MRR@10 and nDCG@10 per set and mode (the paraphrase
 * set's tuning and held-out parts apart) and first-year accuracy per mode.
 *
 * Flags: --seeds-index DIR, --laws-index DIR (else EVAL_SEEDS_INDEX, EVAL_LAWS_INDEX; else built here),
 * --laws-dir DIR (default ../shared/corpus/laws), --no-laws, --no-peers, --latency (in-process p50/p99
 * per mode over the bench's query sample), --verbose (per query),
 * --json FILE (every figure, for comparing runs).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher, type Searcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';
import { sampleQueries } from '../bench/queries.ts';
import { type ModeLatency, measureModes } from '../bench/search-modes.ts';
import { DEFAULT_LAWS_DIR, lawsIndexDir, seedsIndexDir } from './eval-indexes.ts';
import { type FirstYearReport, firstYearAccuracy, firstYearGold } from './first-year.ts';
import { hasLaws, type QuerySet, querySets } from './labelled-sets.ts';
import { miniSearchOr, type OrPeer, sqliteTrigramOr } from './or-peers.ts';
import { type QueryFigures, queryFigures, type SetFigures, setFigures } from './ranking-metrics.ts';
import { type CheckPrecision, timelineCheckPrecision } from './timeline-precision.ts';

const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
const K = 10;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One row of the quality table. */
interface QualityRow extends SetFigures {
  set: string;
  system: string;
  perQuery: { id: string; query: string; rank: number | null }[];
}

/** Everything measured on one index. */
interface IndexReport {
  corpus: 'seeds' | 'laws';
  indexDir: string;
  paragraphs: number;
  quality: QualityRow[];
  firstYears: FirstYearReport[];
  /** The timeline check's precision on the judged pairs (null when their documents are not indexed). */
  checkPrecision: CheckPrecision[] | null;
  /** In-process latency per mode over the bench's query sample plus the labelled queries (with --latency). */
  latency: ModeLatency[] | null;
}

async function rankWithSearcher(
  searcher: Searcher,
  set: QuerySet,
  mode: SearchMode,
  seqOf: Map<string, number>,
) {
  const figures: QueryFigures[] = [];
  for (const q of set.queries) {
    const { hits } = await searcher.search({ query: q.query, mode, limit: K, offset: 0, filters: q.filters });
    figures.push(
      queryFigures(
        hits.map((hit) => seqOf.get(hit.id) ?? -1),
        q.relevant,
        K,
      ),
    );
  }
  return figures;
}

function row(set: QuerySet, system: string, figures: QueryFigures[]): QualityRow {
  return {
    set: set.name,
    system,
    ...setFigures(figures),
    perQuery: set.queries.map((q, i) => ({
      id: q.id,
      query: q.query,
      rank: figures[i]?.firstRelevantRank ?? null,
    })),
  };
}

/** What to measure besides ranking quality and first years. */
interface EvalOptions {
  peers: boolean;
  latency: boolean;
}

async function evaluateIndex(indexDir: string, options: EvalOptions): Promise<IndexReport> {
  const index = await openIndex(indexDir);
  try {
    return await evaluateLoaded(index, indexDir, options);
  } finally {
    await index.close();
  }
}

async function evaluateLoaded(
  index: LoadedIndex,
  indexDir: string,
  options: EvalOptions,
): Promise<IndexReport> {
  const corpus = hasLaws(index.corpus) ? 'laws' : 'seeds';
  const searcher = createSearcher(index, { resultCache: false });
  const seqOf = new Map(index.corpus.paragraphs.map((paragraph, seq) => [paragraph.id, seq]));
  const sets = querySets(index.corpus);
  const quality: QualityRow[] = [];
  const modes = index.semantic ? MODES : (['keyword'] as SearchMode[]);
  for (const set of sets) {
    for (const mode of modes)
      quality.push(row(set, mode, await rankWithSearcher(searcher, set, mode, seqOf)));
  }
  if (options.peers) {
    for (const makePeer of [sqliteTrigramOr, miniSearchOr]) {
      const started = performance.now();
      const peer: OrPeer = makePeer(index.corpus);
      log(`${peer.name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const set of sets.filter((s) => s.name.startsWith('paraphrase'))) {
        const figures = set.queries.map((q) => queryFigures(peer.search(q.query, K), q.relevant, K));
        quality.push(row(set, peer.name, figures));
      }
      peer.close();
    }
  }
  const firstYears: FirstYearReport[] = [];
  for (const mode of modes) firstYears.push(await firstYearAccuracy(searcher, mode, corpus));
  return {
    corpus,
    indexDir,
    paragraphs: index.corpus.paragraphs.length,
    quality,
    firstYears,
    checkPrecision: timelineCheckPrecision(index.corpus),
    latency:
      options.latency && index.semantic ? await measureModes(index, latencyQueries(index, sets)) : null,
  };
}

/** The bench's seeded sample of corpus words and substrings, then every labelled query and measure name. */
function latencyQueries(index: LoadedIndex, sets: QuerySet[]): string[] {
  return [
    ...sampleQueries(index.corpus).map((q) => q.query),
    ...sets.flatMap((set) => set.queries.map((q) => q.query)),
    ...firstYearGold().map((g) => g.measure),
  ];
}

const fixed = (x: number) => x.toFixed(2);

function render(report: IndexReport, verbose: boolean): string {
  const lines = [
    `## ${report.corpus === 'laws' ? 'laws + seeds' : 'seeds'} (${report.paragraphs} paragraphs, ${report.indexDir})`,
    '',
    '| set | system | queries | Success@10 | MRR@10 | nDCG@10 |',
    '|---|---|---:|---:|---:|---:|',
    ...report.quality.map(
      (r) =>
        `| ${r.set} | ${r.system} | ${r.queries} | ${fixed(r.successAtK)} | ${fixed(r.mrrAtK)} | ${fixed(r.ndcgAtK)} |`,
    ),
    '',
    '| timeline mode | first year right | wrong (said → gold) |',
    '|---|---:|---|',
    ...report.firstYears.map(
      (f) =>
        `| ${f.mode} | ${f.right}/${f.total} | ${f.wrong.map((w) => `${w.measure} ${w.said ?? '—'}→${w.gold}`).join('; ')} |`,
    ),
  ];
  if (report.checkPrecision) {
    lines.push(
      '',
      'Timeline measure check on the judged meaning matches (test/fixtures/timeline-evidence.json); the first row is the configured gap:',
      '',
      '| max gap (letters) | admitted | of them stating | precision | recall of stating pairs |',
      '|---|---:|---:|---:|---:|',
      ...report.checkPrecision.map(
        (c) =>
          `| ${c.maxGap ?? 'one sentence, no limit'} | ${c.admitted} | ${c.admittedStating} | ${fixed(c.precision)} | ${fixed(c.admittedStating / Math.max(1, c.stating))} |`,
      ),
    );
  }
  if (report.latency) {
    lines.push(
      '',
      'In-process latency (ms; the searcher with snippets and facets, no HTTP), each query once after a warm-up pass:',
      '',
      '| operation | p50 | p95 | p99 |',
      '|---|---:|---:|---:|',
      ...report.latency.map(
        (l) => `| ${l.name} | ${l.p50.toFixed(2)} | ${l.p95.toFixed(2)} | ${l.p99.toFixed(2)} |`,
      ),
    );
  }
  if (verbose) {
    for (const r of report.quality) {
      lines.push(
        '',
        `${r.set} · ${r.system}: ${r.perQuery.map((q) => `${q.query} ${q.rank ?? '✗'}`).join(' · ')}`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'seeds-index': { type: 'string' },
      'laws-index': { type: 'string' },
      'laws-dir': { type: 'string', default: DEFAULT_LAWS_DIR },
      'no-laws': { type: 'boolean', default: false },
      'no-peers': { type: 'boolean', default: false },
      latency: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
    strict: true,
  });
  const reports: IndexReport[] = [];
  const seedsDir = await seedsIndexDir(values['seeds-index'] ?? process.env.EVAL_SEEDS_INDEX);
  const options: EvalOptions = { peers: !values['no-peers'], latency: values.latency };
  reports.push(await evaluateIndex(seedsDir, options));
  console.log(render(reports[0] as IndexReport, values.verbose));
  if (!values['no-laws']) {
    const lawsDir = await lawsIndexDir(
      values['laws-index'] ?? process.env.EVAL_LAWS_INDEX,
      values['laws-dir'],
      log,
    );
    if (lawsDir) {
      reports.push(await evaluateIndex(lawsDir, options));
      console.log(`\n${render(reports[1] as IndexReport, values.verbose)}`);
    } else {
      console.log(`\n(laws + seeds skipped: no laws corpus at ${values['laws-dir']})`);
    }
  }
  if (values.json) await writeFile(values.json, JSON.stringify(reports, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
