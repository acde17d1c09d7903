import { performance } from 'node:perf_hooks';

export interface Measurement {
  /** Median over the samples of how many calls of `work` ran per second. */
  perSecond: number;
  /** Median time of one call of `work`, in microseconds. */
  microseconds: number;
  calls: number;
}

/**
 * Times `work` (one call = one operation): a warm-up so the JIT settles, then `samples` timed
 * stretches of at least `sampleMs` each; the median sample is reported so one GC pause does not
 * decide the figure.
 */
export const measure = (work: () => unknown, { sampleMs = 200, samples = 5, warmupMs = 200 } = {}): Measurement => {
  const runFor = (ms: number) => {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      work();
      calls += 1;
      elapsed = performance.now() - start;
    }
    return { calls, elapsed };
  };
  runFor(warmupMs);
  const rates: number[] = [];
  let calls = 0;
  for (let sample = 0; sample < samples; sample += 1) {
    const run = runFor(sampleMs);
    rates.push((run.calls / run.elapsed) * 1000);
    calls += run.calls;
  }
  rates.sort((a, b) => a - b);
  const perSecond = rates[Math.floor(rates.length / 2)]!;
  return { perSecond, microseconds: 1e6 / perSecond, calls };
};

/** Times one call of `work`, in microseconds (for things too slow or too one-off to repeat). */
export const timeOnce = <T>(work: () => T): { value: T; microseconds: number } => {
  const start = performance.now();
  const value = work();
  return { value, microseconds: (performance.now() - start) * 1000 };
};
