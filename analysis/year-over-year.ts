/**
 * Year-over-year change, two ways that must not be confused (docs/domain.md):
 * - the PANEL change: mean of (this year − last year) over the cities that have a value in both years,
 *   with a 95% t interval on those paired differences and the panel size n;
 * - the CROSS-SECTION change: this year's mean minus last year's mean, each over whoever answered that year
 *   (different cities), reported with both ns and no interval: it mixes real change with a change of who answered.
 */
import { meanInterval, meanOf, type MeanEstimate } from './mean-interval';

/** Paired change over the panel of cities with a value in both years; n = panel size. */
export interface PanelChange {
  n: number;
  meanChange: number | null;
  sd: number | null;
  ci95: [number, number] | null;
  meanCurrent: number | null;
  meanPrevious: number | null;
}

/** Difference of the two years' means, each over its own respondents. */
export interface CrossSectionChange {
  current: { n: number; mean: number | null };
  previous: { n: number; mean: number | null };
  difference: number | null;
}

/** Both changes side by side. */
export interface YearOverYear {
  panel: PanelChange;
  crossSection: CrossSectionChange;
}

const byCity = (values: ReadonlyMap<string, number>): [string, number][] =>
  [...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Mean paired change on the panel: cities present (with a non-null value) in both maps; n = their number;
 * 95% t interval on the differences (null when n < 2). Cities are taken in code order.
 */
export function panelChange(current: ReadonlyMap<string, number>, previous: ReadonlyMap<string, number>): PanelChange {
  const pairs = byCity(current).filter(([city]) => previous.has(city));
  const diffs = pairs.map(([city, value]) => value - previous.get(city)!);
  const estimate: MeanEstimate = meanInterval(diffs);
  return {
    n: pairs.length,
    meanChange: estimate.mean,
    sd: estimate.sd,
    ci95: estimate.ci95,
    meanCurrent: meanOf(pairs.map(([, v]) => v)),
    meanPrevious: meanOf(pairs.map(([city]) => previous.get(city)!)),
  };
}

/** This year's mean minus last year's, each over all cities with a value that year (ns reported). */
export function crossSectionChange(
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
): CrossSectionChange {
  const currentMean = meanOf(byCity(current).map(([, v]) => v));
  const previousMean = meanOf(byCity(previous).map(([, v]) => v));
  return {
    current: { n: current.size, mean: currentMean },
    previous: { n: previous.size, mean: previousMean },
    difference: currentMean !== null && previousMean !== null ? currentMean - previousMean : null,
  };
}

/** Panel and cross-section change of one per-city measure between two years. */
export function yearOverYear(current: ReadonlyMap<string, number>, previous: ReadonlyMap<string, number>): YearOverYear {
  return { panel: panelChange(current, previous), crossSection: crossSectionChange(current, previous) };
}
