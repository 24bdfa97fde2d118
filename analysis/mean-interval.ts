/**
 * t interval for a mean: x̄ ± t(0.975, n − 1) · s / √n, with s the sample standard deviation (n − 1 divisor)
 * and the t quantile computed exactly (see student-t.ts), not read from a normal approximation.
 */
import { studentTQuantile } from './student-t';
import type { Interval } from './wilson-interval';

/** A sample: an array of numbers, or a Float64Array (sorted numerically without a comparator, much faster). */
export type Sample = readonly number[] | Float64Array;

/** Mean of a sample with its 95% t interval; n = values given; sd and ci95 are null when n < 2. */
export interface MeanEstimate {
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: Interval | null;
}

/** Arithmetic mean (null for an empty sample). Sums in the given order: callers sort for determinism. */
export function meanOf(values: Sample): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation with the n − 1 divisor (null when n < 2). */
export function sampleSd(values: Sample): number | null {
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
export function meanInterval(values: Sample): MeanEstimate {
  const n = values.length;
  const mean = meanOf(values);
  const sd = sampleSd(values);
  if (mean === null || sd === null) return { n, mean, sd, ci95: null };
  const halfWidth = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, ci95: [mean - halfWidth, mean + halfWidth] };
}

/** The bounds of a bounded scale: a 0-100 score, a 1-5 rating. */
export interface ScaleBounds {
  min: number;
  max: number;
}

/** The 0-100 scale of the Rec 17 progress scores. */
export const SCORE_BOUNDS: ScaleBounds = { min: 0, max: 100 };

/**
 * An interval cut to the bounds of its scale. A t interval is symmetric around the mean and, on few or skewed
 * values near an end of a bounded scale, runs past it (13.1 to 116.9 for a 0-100 score): no mean of values on
 * the scale can lie outside it, so the part beyond the bound says nothing and is cut off. Null stays null.
 */
export function clampInterval(ci95: Interval | null, bounds: ScaleBounds | null): Interval | null {
  if (ci95 === null || bounds === null) return ci95;
  const lower = Math.min(Math.max(ci95[0], bounds.min), bounds.max);
  const upper = Math.max(Math.min(ci95[1], bounds.max), bounds.min);
  return lower === ci95[0] && upper === ci95[1] ? ci95 : [lower, upper];
}

/** An estimate with its interval cut to the bounds of its scale (see clampInterval). */
export function withinBounds<T extends { ci95: Interval | null }>(estimate: T, bounds: ScaleBounds | null): T {
  const ci95 = clampInterval(estimate.ci95, bounds);
  return ci95 === estimate.ci95 ? estimate : { ...estimate, ci95 };
}

/** The bounds of a rating scale: its lowest and highest numeric value; null when it has none. */
export function ratingBounds(values: readonly unknown[]): ScaleBounds | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}
