/** Distribution of a numeric sample across cities: centre, spread, quartiles. */
import { meanInterval, type MeanEstimate, type Sample } from './mean-interval';

/** Mean with t interval, median and quartiles of a sample; n = values given; all null when n = 0. */
export interface SampleSummary extends MeanEstimate {
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7,
 * the default of R and of spreadsheet QUARTILE.INC): h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileOfSorted(sorted: Sample, q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Mean (95% t interval), sd, median, quartiles (type 7), minimum and maximum of the values.
 * The values are sorted first, so the result does not depend on their order.
 */
export function summariseSample(values: readonly number[]): SampleSummary {
  // A typed array sorts numerically without a comparator call per comparison (-0 before 0, which changes no figure).
  return summariseSorted(Float64Array.from(values).sort());
}

/** summariseSample of values already in ascending order (as NumberTally.sorted gives them). */
export function summariseSorted(sorted: Float64Array): SampleSummary {
  return {
    ...meanInterval(sorted),
    median: quantileOfSorted(sorted, 0.5),
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    min: sorted.length > 0 ? sorted[0]! : null,
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : null,
  };
}
