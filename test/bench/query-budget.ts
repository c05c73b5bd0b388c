/**
 * The time budget of an engine's query phase, so that an engine slow enough to take an hour still
 * gets a row: the labeled queries run first (they are few and their scores matter), the warm-up and
 * timed passes get a share of what is left, the recall pass the rest.
 */

/** Default budget of one engine's query phase, seconds (`BENCH_QUERY_BUDGET_S`); the fast engines need a few. */
export const DEFAULT_QUERY_BUDGET_S = 600;

/**
 * Share of the time left after the labeled queries that the warm-up and timed passes may use: they
 * are 750 top-20 queries against the recall pass's 120 with limits in the thousands. Whatever they
 * leave unused goes to the recall pass.
 */
export const LATENCY_SHARE = 2 / 3;

/** When the warm-up and timed passes must stop (ms on the same clock as the arguments). */
export function latencyDeadline(options: { nowMs: number; endMs: number }): number {
  return options.nowMs + Math.max(0, options.endMs - options.nowMs) * LATENCY_SHARE;
}

/**
 * Runs `step` on each item in turn while the clock is before the deadline; returns how many ran.
 * The deadline is checked between steps only: a search in progress is never interrupted (most
 * engines search synchronously, so it could not be), so a phase can overrun by one query.
 */
export async function runUntil<T>(
  items: readonly T[],
  step: (item: T) => Promise<void>,
  options: { deadlineMs: number; now?: () => number },
): Promise<number> {
  const now = options.now ?? (() => performance.now());
  let ran = 0;
  for (const item of items) {
    if (now() >= options.deadlineMs) break;
    await step(item);
    ran += 1;
  }
  return ran;
}
