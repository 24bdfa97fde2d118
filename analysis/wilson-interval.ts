/**
 * Wilson score interval for a proportion k/n.
 *
 * Chosen over the Wald interval because the annual survey has small n per area and per network (often < 30)
 * and shares near 0 or 1, where Wald collapses to zero width or leaves [0, 1]. Wilson stays inside [0, 1],
 * always contains k/n, and is what docs/domain.md asks for.
 */

/** Two-sided 95% standard normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/** A closed interval [lower, upper]. */
export type Interval = [number, number];

/** A share of cities: k of n, p = k/n, with its Wilson 95% interval; p and ci95 are null when n = 0. */
export interface Proportion {
  k: number;
  n: number;
  p: number | null;
  ci95: Interval | null;
}

/**
 * Wilson score interval for k successes out of n trials (95% by default):
 * (p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n). Null when n = 0.
 * Bounds are clamped to [0, 1] against rounding, and are exactly 0 when k = 0 and exactly 1 when k = n.
 */
export function wilsonInterval(k: number, n: number, z: number = Z95): Interval | null {
  if (!(n > 0)) return null;
  if (k < 0 || k > n) throw new RangeError(`wilsonInterval: k must lie in [0, n], got k=${k}, n=${n}`);
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const lower = k === 0 ? 0 : Math.max(0, centre - halfWidth);
  const upper = k === n ? 1 : Math.min(1, centre + halfWidth);
  return [Math.min(lower, p), Math.max(upper, p)];
}

/** The share k/n of cities with its Wilson 95% interval (n = cities in the denominator; p null when n = 0). */
export function proportion(k: number, n: number): Proportion {
  return { k, n, p: n > 0 ? k / n : null, ci95: wilsonInterval(k, n) };
}
