import type { SamplePlan } from '../settings.js';

/** One measured operation: sequential calls, each timed on its own. */
export interface Timing {
  samples: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Summarises durations in milliseconds measured over `wallMs` of sequential work. */
export function summarize(durationsMs: readonly number[], wallMs: number): Timing {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    samples: sorted.length,
    opsPerSecond: sorted.length === 0 ? 0 : (sorted.length / wallMs) * 1000,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length === 0 ? Number.NaN : total / sorted.length,
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * Calls `operation(i)` one call after another: `plan.warmup` calls untimed, then up to
 * `plan.iterations` timed ones (fewer if `plan.maxSeconds` run out after `plan.minSamples`).
 * `i` counts every call, warm-up included, so that each call can take fresh data.
 */
export async function measure(plan: SamplePlan, operation: (i: number) => Promise<unknown>): Promise<Timing> {
  let i = 0;
  for (; i < plan.warmup; i++) await operation(i);
  const durations: number[] = [];
  const start = process.hrtime.bigint();
  while (durations.length < plan.iterations) {
    if (durations.length >= plan.minSamples && elapsedMs(start) > plan.maxSeconds * 1000) break;
    const before = process.hrtime.bigint();
    await operation(i++);
    durations.push(elapsedMs(before));
  }
  return summarize(durations, elapsedMs(start));
}

/** How many calls `measure` may make at most with this plan: the data a write operation must have ready. */
export const callsNeeded = (plan: SamplePlan): number => plan.warmup + plan.iterations;
