/**
 * t interval for a mean: x̄ ± t(0.975, n − 1) · s / √n, with s the sample standard deviation (n − 1 divisor)
 * and the t quantile computed exactly (see student-t.ts), not read from a normal approximation.
 */
import { studentTQuantile } from './student-t';
import type { Interval } from './wilson-interval';

/** Mean of a sample with its 95% t interval; n = values given; sd and ci95 are null when n < 2. */
export interface MeanEstimate {
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: Interval | null;
}

/** Arithmetic mean (null for an empty sample). Sums in the given order: callers sort for determinism. */
export function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation with the n − 1 divisor (null when n < 2). */
export function sampleSd(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = meanOf(values)!;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return Math.sqrt(squares / (n - 1));
}

/**
 * The mean of the values with its 95% Student t interval (df = n − 1). n counts every value given
 * (callers exclude unanswered and don't-know answers first). With n = 1 the mean is reported without interval;
 * with zero spread the interval is the single point [mean, mean].
 */
export function meanInterval(values: readonly number[]): MeanEstimate {
  const n = values.length;
  const mean = meanOf(values);
  const sd = sampleSd(values);
  if (mean === null || sd === null) return { n, mean, sd, ci95: null };
  const halfWidth = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, ci95: [mean - halfWidth, mean + halfWidth] };
}
