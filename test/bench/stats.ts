/** Small numeric helpers for the benchmark reports. */

/** The p-th percentile (0–100) of a sample, nearest-rank; NaN for an empty sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The arithmetic mean; NaN for an empty sample. */
export function mean(sample: readonly number[]): number {
  return sample.length === 0 ? Number.NaN : sample.reduce((a, b) => a + b, 0) / sample.length;
}

/** Latency summary in milliseconds. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  count: number;
}

/** Summarises per-query latencies (ms). */
export function summarizeLatency(sample: readonly number[]): LatencySummary {
  return {
    p50: percentile(sample, 50),
    p95: percentile(sample, 95),
    p99: percentile(sample, 99),
    mean: mean(sample),
    count: sample.length,
  };
}

/** Megabytes, for memory and disk figures. */
export function toMB(bytes: number): number {
  return bytes / (1024 * 1024);
}
