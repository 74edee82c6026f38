/** Pure figures of the benchmark (issue 13): percentiles and the summary of a load run. */

/**
 * The p-th percentile (0–100) of `values` by the nearest-rank method: the smallest value
 * with at least p% of the values at or below it. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export type LoadSummary = {
  requests: number;
  errors: number;
  /** Completed requests (errors included) per second of wall time. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

/** Latencies in ms of every completed request, the errors among them, and the wall time in ms. */
export function summarise(latenciesMs: readonly number[], errors: number, elapsedMs: number): LoadSummary {
  return {
    requests: latenciesMs.length,
    errors,
    rps: elapsedMs > 0 ? (latenciesMs.length * 1000) / elapsedMs : Number.NaN,
    p50: percentile(latenciesMs, 50),
    p95: percentile(latenciesMs, 95),
    p99: percentile(latenciesMs, 99),
    max: latenciesMs.length ? Math.max(...latenciesMs) : Number.NaN,
  };
}

/** The median of a few timings (e.g. five runs of the tally). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
