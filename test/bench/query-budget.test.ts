import { describe, expect, it } from 'vitest';
import { LATENCY_SHARE, latencyDeadline, runUntil } from './query-budget.ts';

describe('latencyDeadline', () => {
  it.each([
    { nowMs: 0, endMs: 600, deadline: 600 * LATENCY_SHARE },
    { nowMs: 100, endMs: 400, deadline: 100 + 300 * LATENCY_SHARE },
    { nowMs: 500, endMs: 400, deadline: 500 },
  ])('gives the passes their share of the time from $nowMs to $endMs', ({ nowMs, endMs, deadline }) => {
    expect(latencyDeadline({ nowMs, endMs })).toBeCloseTo(deadline);
  });
});

describe('runUntil', () => {
  /** A clock that advances by the cost of each step, so the test needs no real time. */
  const run = async (costs: number[], deadlineMs: number) => {
    let clock = 0;
    const ran: number[] = [];
    const count = await runUntil(
      costs,
      async (cost) => {
        ran.push(cost);
        clock += cost;
      },
      { deadlineMs, now: () => clock },
    );
    return { count, ran };
  };

  it.each([
    { costs: [1, 1, 1], deadlineMs: 10, count: 3 },
    { costs: [4, 4, 4], deadlineMs: 5, count: 2 },
    { costs: [20, 1], deadlineMs: 5, count: 1 },
    { costs: [1, 1], deadlineMs: 0, count: 0 },
    { costs: [], deadlineMs: 5, count: 0 },
  ])(
    'runs $count of $costs before the deadline $deadlineMs, finishing the step it started',
    async ({ costs, deadlineMs, count }) => {
      const result = await run(costs, deadlineMs);
      expect(result.count).toBe(count);
      expect(result.ran).toEqual(costs.slice(0, count));
    },
  );
});
