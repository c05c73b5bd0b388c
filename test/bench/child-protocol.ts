/**
 * What the benchmark runner and its child processes say to each other: a JSON job in, one JSON
 * result line out.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { SampledQuery } from './queries.ts';
import type { LatencySummary } from './stats.ts';

/** Marks the line of a child's stdout that carries its result. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** What the runner asks a child to do. */
export interface EngineJob {
  engine: string;
  phase: 'build' | 'query';
  corpusPath: string;
  /** Folder the index is saved to (build) or loaded from (query). */
  dir: string;
  /** JSON file with {@link QueryFile} (query phase). */
  queriesPath?: string;
  /** Time budget of the query phase after the index is loaded, ms (see `query-budget.ts`). */
  queryBudgetMs?: number;
}

/** The query file the runner writes once for all engines. */
export interface QueryFile {
  sampled: SampledQuery[];
  /** For each sampled query (same order), every paragraph seq that contains all its words verbatim. */
  expected: number[][];
  /** Labeled queries, answered with the top 10 seqs each for the runner to score. */
  labeled: string[];
}

/** Result of the build phase. */
export interface BuildResult {
  engine: string;
  buildMs: number;
  saveMs: number;
  diskBytes: number;
  /** Peak resident set size of the whole child (corpus included), bytes. */
  peakRssBytes: number;
  /** Resident set size after the corpus was read and before the build, bytes. */
  baselineRssBytes: number;
}

/** How many of a pass's planned queries ran; fewer than planned means the time budget ran out. */
export interface Progress {
  done: number;
  planned: number;
}

/** Result of the query phase. */
export interface QueryResult {
  engine: string;
  loadMs: number;
  /** Resident memory the loaded index holds: RSS after load minus RSS before it, bytes. */
  loadedRssBytes: number;
  latency: LatencySummary;
  /** Latency by query kind (p50 ms), to show where an engine is slow. */
  p50ByKind: Record<string, number>;
  /** Share of sampled queries that returned nothing, though every one occurs in the corpus. */
  zeroResultRate: number;
  /** Mean share of the verbatim matches that the engine returned (full result sets). */
  exactRecall: number;
  /** Top 10 seqs of the labeled queries that ran, in order (all of them unless the budget ran out). */
  labeledTop10: number[][];
  /** Distinct queries the engine threw on (counted, not fatal): a peer's syntax may reject some input. */
  errors: number;
  /** The query phase's time budget, ms. */
  budgetMs: number;
  /** Timed queries (both passes) that ran; the latency figures are of these. */
  timedQueries: Progress;
  /** Queries of the recall pass that ran; recall and zero-result rate are of these. */
  recallQueries: Progress;
  labeledQueries: Progress;
}

/** Parses the last result line a child printed. */
export function parseChildResult<T>(stdout: string): T {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`child printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/** Runs a bench script in a fresh Node process with the job as JSON, returning its parsed result. */
export function runChild<T>(script: string, job: unknown, options: { heapMB?: number } = {}): Promise<T> {
  const args = ['--import', 'tsx', `--max-old-space-size=${options.heapMB ?? 8192}`];
  args.push(resolve(import.meta.dirname, script), JSON.stringify(job));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
      else {
        try {
          resolvePromise(parseChildResult<T>(stdout));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
}
