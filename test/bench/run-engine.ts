/**
 * One engine, one phase, one child process — so that the memory one engine holds never counts
 * against another. The runner (`main.ts`) passes a JSON job as the only argument and reads the
 * JSON result from the last line of stdout (see `child-protocol.ts`).
 *
 * - phase `build`: index the corpus, save it into `dir`; report build time, peak memory, size on disk.
 * - phase `query`: load from `dir` (start-up), then run the fixed queries within the time budget;
 *   report latency and quality, and how many queries ran.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BuildResult,
  type EngineJob,
  type QueryFile,
  type QueryResult,
  RESULT_PREFIX,
} from './child-protocol.ts';
import { readBenchCorpus } from './corpus-file.ts';
import { ENGINES } from './peers/registry.ts';
import type { SampledQuery } from './queries.ts';
import { DEFAULT_QUERY_BUDGET_S, latencyDeadline, runUntil } from './query-budget.ts';
import { interleaveByKind } from './query-order.ts';
import { mean, summarizeLatency } from './stats.ts';

const LATENCY_LIMIT = 20;
const WARMUP_QUERIES = 30;
const LATENCY_PASSES = 2;
/** Recall and zero-result rate are measured on every third sampled query: full result sets are slow for the peers. */
const RECALL_EVERY = 3;
/** The recall pass asks for this many times the verbatim matches (plus 100). */
const RECALL_HEADROOM = 3;

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function runBuild(job: EngineJob): Promise<BuildResult> {
  const corpus = await readBenchCorpus(job.corpusPath);
  const engine = await ENGINES[job.engine]?.();
  if (!engine) throw new Error(`unknown engine ${job.engine}`);
  const baselineRssBytes = process.memoryUsage.rss();
  let started = performance.now();
  await engine.build(corpus);
  const buildMs = performance.now() - started;
  started = performance.now();
  await engine.save(job.dir);
  const saveMs = performance.now() - started;
  return {
    engine: engine.name,
    buildMs,
    saveMs,
    diskBytes: await folderBytes(job.dir),
    peakRssBytes: maxRssBytes(),
    baselineRssBytes,
  };
}

async function runQueries(job: EngineJob): Promise<QueryResult> {
  if (!job.queriesPath) throw new Error('query phase needs queriesPath');
  const corpus = await readBenchCorpus(job.corpusPath);
  const queries = JSON.parse(await readFile(job.queriesPath, 'utf8')) as QueryFile;
  const engine = await ENGINES[job.engine]?.();
  if (!engine) throw new Error(`unknown engine ${job.engine}`);
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  await engine.load(job.dir, corpus);
  const loadMs = performance.now() - started;
  const loadedRssBytes = process.memoryUsage.rss() - rssBefore;

  const failed = new Set<string>();
  const attempt = async (query: string, limit: number): Promise<number[] | undefined> => {
    try {
      return await engine.search(query, limit);
    } catch {
      failed.add(query);
      return undefined;
    }
  };

  const budgetMs = job.queryBudgetMs ?? DEFAULT_QUERY_BUDGET_S * 1000;
  const endMs = performance.now() + budgetMs;

  // Labeled first, so that their scores exist even when the budget cuts the passes below short.
  const labeledTop10: number[][] = [];
  const labeledDone = await runUntil(
    queries.labeled,
    async (q) => {
      labeledTop10.push((await attempt(q, 10)) ?? []);
    },
    { deadlineMs: endMs },
  );

  const order = interleaveByKind(queries.sampled).map((i) => ({ i, q: queries.sampled[i] as SampledQuery }));
  const passesEndMs = latencyDeadline({ nowMs: performance.now(), endMs });
  const warmUp = async ({ q }: { q: SampledQuery }) => {
    await attempt(q.query, LATENCY_LIMIT);
  };
  await runUntil(order.slice(0, WARMUP_QUERIES), warmUp, { deadlineMs: passesEndMs });
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  const timed = Array.from({ length: LATENCY_PASSES }, () => order).flat();
  const timedDone = await runUntil(
    timed,
    async ({ q }) => {
      const t0 = performance.now();
      await attempt(q.query, LATENCY_LIMIT);
      const ms = performance.now() - t0;
      latencies.push(ms);
      const ofKind = byKind.get(q.kind) ?? [];
      ofKind.push(ms);
      byKind.set(q.kind, ofKind);
    },
    { deadlineMs: passesEndMs },
  );

  let zero = 0;
  const recalls: number[] = [];
  const recallOrder = order.filter(({ i }) => i % RECALL_EVERY === 0);
  const recallDone = await runUntil(
    recallOrder,
    async ({ i, q }) => {
      const expected = queries.expected[i] ?? [];
      // Room for every verbatim match even when an engine ranks other matches above them.
      const found = new Set((await attempt(q.query, expected.length * RECALL_HEADROOM + 100)) ?? []);
      if (found.size === 0) zero += 1;
      if (expected.length > 0)
        recalls.push(expected.filter((seq) => found.has(seq)).length / expected.length);
    },
    { deadlineMs: endMs },
  );

  return {
    engine: engine.name,
    loadMs,
    loadedRssBytes,
    latency: summarizeLatency(latencies),
    p50ByKind: Object.fromEntries([...byKind].map(([k, v]) => [k, summarizeLatency(v).p50])),
    zeroResultRate: recallDone === 0 ? Number.NaN : zero / recallDone,
    exactRecall: mean(recalls),
    labeledTop10,
    errors: failed.size,
    budgetMs,
    timedQueries: { done: timedDone, planned: timed.length },
    recallQueries: { done: recallDone, planned: recallOrder.length },
    labeledQueries: { done: labeledDone, planned: queries.labeled.length },
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as EngineJob;
  const result = job.phase === 'build' ? await runBuild(job) : await runQueries(job);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

await main();
