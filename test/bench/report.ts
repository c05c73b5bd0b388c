/** Turns the engines' measurements into the Markdown table and ratio lines of BENCHMARKS.md. */
import type { BuildResult, Progress, QueryResult } from './child-protocol.ts';
import { toMB } from './stats.ts';

/** Everything measured for one engine; a failed phase leaves its part undefined with the reason. */
export interface EngineReport {
  id: string;
  name: string;
  notes: string[];
  build?: BuildResult;
  query?: QueryResult;
  quality?: { success10: number; mrr10: number; queries: number };
  failure?: string;
}

const fixed = (digits: number) => (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
const f0 = fixed(0);
const f1 = fixed(1);
const f2 = fixed(2);
const f3 = fixed(3);
const pct = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)} %`;

const isPartial = (p: Progress | undefined) => p !== undefined && p.done < p.planned;

/** `720/720`, or `143/720 (budget)` when the query phase's time budget ran out first. */
export function formatProgress(p: Progress | undefined): string {
  if (!p) return '–';
  return `${p.done}/${p.planned}${isPartial(p) ? ' (budget)' : ''}`;
}

/** A figure measured on part of its queries carries how many, so the cell cannot pass for a full one. */
const ofPart = (cell: string, p: Progress | undefined) =>
  isPartial(p) ? `${cell} (${p?.done}/${p?.planned})` : cell;

/** The side-by-side table, one row per engine. */
export function renderEngineTable(rows: EngineReport[]): string {
  const head = [
    'engine',
    'build s',
    'peak RSS MB (build)',
    'index on disk MB',
    'start-up ms',
    'RSS of loaded index MB',
    'queries timed',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'zero-result queries',
    'verbatim recall',
    'labeled Success@10',
    'labeled MRR@10',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const b = r.build;
    const q = r.query;
    lines.push(
      `| ${[
        r.failure ? `${r.name} (failed: ${r.failure.split('\n')[0]?.slice(0, 80)})` : r.name,
        f1(b && b.buildMs / 1000),
        f0(b && toMB(b.peakRssBytes)),
        f1(b && toMB(b.diskBytes)),
        f0(q?.loadMs),
        f0(q && toMB(q.loadedRssBytes)),
        formatProgress(q?.timedQueries),
        f3(q?.latency.p50),
        f3(q?.latency.p95),
        f3(q?.latency.p99),
        ofPart(pct(q?.zeroResultRate), q?.recallQueries),
        ofPart(pct(q?.exactRecall), q?.recallQueries),
        ofPart(f2(r.quality?.success10), q?.labeledQueries),
        ofPart(f2(r.quality?.mrr10), q?.labeledQueries),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** p50 by query kind, which shows where each engine spends its time. */
export function renderKindTable(rows: EngineReport[]): string {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.query?.p50ByKind ?? {})))];
  const lines = [
    `| engine | ${kinds.map((k) => `p50 ms (${k})`).join(' | ')} |`,
    `|---|${kinds.map(() => '---').join('|')}|`,
  ];
  for (const r of rows) {
    if (!r.query) continue;
    lines.push(`| ${r.name} | ${kinds.map((k) => f3(r.query?.p50ByKind[k])).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** "ours vs the best peer" for each figure where lower is better. */
export function renderRatios(rows: EngineReport[]): string[] {
  const ours = rows.find((r) => r.id === 'ours');
  const peers = rows.filter((r) => r.id !== 'ours');
  if (!ours) return ['(no ratios: our engine was not in this run)'];
  if (!ours.query || !ours.build) return ['(no ratios: our engine did not complete)'];
  // Latencies of a row cut by the budget are of the queries that ran: the ratio names that.
  const figures: [string, (r: EngineReport) => number | undefined, boolean][] = [
    ['p50 latency', (r) => r.query?.latency.p50, true],
    ['p95 latency', (r) => r.query?.latency.p95, true],
    ['p99 latency', (r) => r.query?.latency.p99, true],
    ['build time', (r) => r.build?.buildMs, false],
    ['peak RSS (build)', (r) => r.build?.peakRssBytes, false],
    ['index on disk', (r) => r.build?.diskBytes, false],
    ['start-up', (r) => r.query?.loadMs, false],
  ];
  const partialNote = (r: EngineReport) =>
    isPartial(r.query?.timedQueries)
      ? ` — ${r.name} partial: ${formatProgress(r.query?.timedQueries)} queries timed`
      : '';
  const out: string[] = [];
  for (const [label, get, isLatency] of figures) {
    const mine = get(ours);
    const best = peers
      .map((p) => ({ p, v: get(p) }))
      .filter((x): x is { p: EngineReport; v: number } => x.v !== undefined && !Number.isNaN(x.v))
      .sort((a, b) => a.v - b.v)[0];
    if (mine === undefined || !best) continue;
    const ratio = best.v / mine;
    out.push(
      `- ${label}: ours ${ratio >= 1 ? `${ratio.toFixed(2)}× lower` : `${(1 / ratio).toFixed(2)}× higher`} than the best peer (${best.p.name}${isLatency ? `${partialNote(ours)}${partialNote(best.p)}` : ''})`,
    );
  }
  return out;
}

/** One line per engine whose query phase the time budget cut short: what ran, and what its figures mean. */
export function renderPartialNotes(rows: EngineReport[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const q = r.query;
    if (!q || ![q.timedQueries, q.recallQueries, q.labeledQueries].some(isPartial)) continue;
    out.push(
      `${r.name}: its query phase ran out of its ${(q.budgetMs / 1000).toFixed(0)} s budget — ${q.labeledQueries.done}/${q.labeledQueries.planned} labeled, ${q.timedQueries.done}/${q.timedQueries.planned} timed and ${q.recallQueries.done}/${q.recallQueries.planned} recall queries ran. Its latencies, recall and scores are of the queries that ran; the sample runs with the three kinds interleaved, so those are a fair mix of them, but the tail percentiles rest on fewer queries.`,
    );
  }
  return out;
}
