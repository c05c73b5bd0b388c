import { describe, expect, it } from 'vitest';
import type { QueryResult } from './child-protocol.ts';
import {
  type EngineReport,
  formatProgress,
  renderEngineTable,
  renderPartialNotes,
  renderRatios,
} from './report.ts';
import { summarizeLatency } from './stats.ts';

/** A query result with the given latencies and progress; the other figures do not matter here. */
function queryResult(latencies: number[], timedDone: number): QueryResult {
  return {
    engine: 'x',
    loadMs: 1,
    loadedRssBytes: 1,
    latency: summarizeLatency(latencies),
    p50ByKind: {},
    zeroResultRate: 0,
    exactRecall: 1,
    labeledTop10: [],
    errors: 0,
    budgetMs: 600_000,
    timedQueries: { done: timedDone, planned: 720 },
    recallQueries: { done: 120, planned: 120 },
    labeledQueries: { done: 30, planned: 30 },
  };
}

const build = { engine: 'x', buildMs: 1000, saveMs: 1, diskBytes: 1, peakRssBytes: 1, baselineRssBytes: 1 };
const ours: EngineReport = { id: 'ours', name: 'ours', notes: [], build, query: queryResult([2], 720) };
const slowPartial: EngineReport = {
  id: 'orama',
  name: 'Orama',
  notes: [],
  build,
  query: queryResult([1], 143),
};

describe('formatProgress', () => {
  it.each([
    { progress: undefined, cell: '–' },
    { progress: { done: 720, planned: 720 }, cell: '720/720' },
    { progress: { done: 143, planned: 720 }, cell: '143/720 (budget)' },
    { progress: { done: 0, planned: 720 }, cell: '0/720 (budget)' },
  ])('shows $progress as $cell', ({ progress, cell }) => {
    expect(formatProgress(progress)).toBe(cell);
  });
});

describe('renderEngineTable', () => {
  it('shows how many queries each row timed', () => {
    const table = renderEngineTable([ours, slowPartial]);
    expect(table).toContain('| queries timed |');
    expect(table).toContain('| 720/720 |');
    expect(table).toContain('| 143/720 (budget) |');
  });
});

describe('renderRatios', () => {
  it('names a partial row in latency ratios only', () => {
    const lines = renderRatios([ours, slowPartial]);
    expect(lines.find((l) => l.startsWith('- p50 latency'))).toContain(
      'Orama partial: 143/720 (budget) queries timed',
    );
    expect(lines.find((l) => l.startsWith('- build time'))).not.toContain('partial');
  });

  it.each([
    { rows: [slowPartial], line: '(no ratios: our engine was not in this run)' },
    { rows: [{ ...ours, query: undefined }, slowPartial], line: '(no ratios: our engine did not complete)' },
  ])('says why there are no ratios: $line', ({ rows, line }) => {
    expect(renderRatios(rows)).toEqual([line]);
  });
});

describe('renderPartialNotes', () => {
  it('writes a note for a cut-off row and none for a complete one', () => {
    const notes = renderPartialNotes([ours, slowPartial]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Orama: .*600 s budget.*143\/720 timed/);
  });
});
