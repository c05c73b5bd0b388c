/** Turns the engines' measurements into the Markdown table and ratio lines of BENCHMARKS.md. */
import type { BuildResult, QueryResult } from './child-protocol.ts';
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

/** The side-by-side table, one row per engine. */
export function renderEngineTable(rows: EngineReport[]): string {
  const head = [
    'engine',
    'build s',
    'peak RSS MB (build)',
    'index on disk MB',
    'start-up ms',
    'RSS of loaded index MB',
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
        f3(q?.latency.p50),
        f3(q?.latency.p95),
        f3(q?.latency.p99),
        pct(q?.zeroResultRate),
        pct(q?.exactRecall),
        f2(r.quality?.success10),
        f2(r.quality?.mrr10),
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
  if (!ours?.query || !ours.build) return ['(no ratios: our engine did not complete)'];
  const figures: [string, (r: EngineReport) => number | undefined][] = [
    ['p50 latency', (r) => r.query?.latency.p50],
    ['p95 latency', (r) => r.query?.latency.p95],
    ['p99 latency', (r) => r.query?.latency.p99],
    ['build time', (r) => r.build?.buildMs],
    ['peak RSS (build)', (r) => r.build?.peakRssBytes],
    ['index on disk', (r) => r.build?.diskBytes],
    ['start-up', (r) => r.query?.loadMs],
  ];
  const out: string[] = [];
  for (const [label, get] of figures) {
    const mine = get(ours);
    const best = peers
      .map((p) => ({ p, v: get(p) }))
      .filter((x): x is { p: EngineReport; v: number } => x.v !== undefined && !Number.isNaN(x.v))
      .sort((a, b) => a.v - b.v)[0];
    if (mine === undefined || !best) continue;
    const ratio = best.v / mine;
    out.push(
      `- ${label}: ours ${ratio >= 1 ? `${ratio.toFixed(2)}× lower` : `${(1 / ratio).toFixed(2)}× higher`} than the best peer (${best.p.name})`,
    );
  }
  return out;
}
