import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { meanInterval } from '../../analysis/mean-interval';
import { quantileOfSorted, summariseSample } from '../../analysis/sample-summary';
import { studentTCdf, studentTQuantile } from '../../analysis/student-t';
import { cellsToSuppress, suppressBreakdown } from '../../analysis/suppression';
import { proportion, wilsonInterval, Z95 } from '../../analysis/wilson-interval';
import { panelChange, crossSectionChange } from '../../analysis/year-over-year';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round4s = (ci: [number, number] | null) => ci && ci.map(round4);

describe('Wilson score interval', () => {
  test('k = 3 of n = 10 gives [0.1078, 0.6032]', () => {
    expect(round4s(wilsonInterval(3, 10))).toEqual([0.1078, 0.6032]);
  });

  test('matches the textbook formula computed by hand for 1 of 2', () => {
    // p = 0.5, z² = 3.8415: centre = (0.5 + 0.9604) / 2.9207 = 0.5; half = z/2.9207 · √(0.125 + 0.2401) = 0.4055
    expect(round4s(wilsonInterval(1, 2))).toEqual([0.0945, 0.9055]);
  });

  test('0 of 10 starts exactly at 0 and 10 of 10 ends exactly at 1', () => {
    expect(round4s(wilsonInterval(0, 10))).toEqual([0, 0.2775]);
    expect(round4s(wilsonInterval(10, 10))).toEqual([0.7225, 1]);
    expect(wilsonInterval(0, 10)![0]).toBe(0);
    expect(wilsonInterval(10, 10)![1]).toBe(1);
  });

  test('n = 0 has no share and no interval', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(proportion(0, 0)).toEqual({ k: 0, n: 0, p: null, ci95: null });
  });

  test('uses z = 1.959963984540054', () => {
    expect(Z95).toBe(1.959963984540054);
  });

  test('bounds lie within [0, 1] and contain p for every k ≤ n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([k, n]) => {
          const [lo, hi] = wilsonInterval(k, n)!;
          const p = k / n;
          return lo >= 0 && hi <= 1 && lo <= p && p <= hi && lo < hi;
        },
      ),
    );
  });
});

describe('Student t quantile', () => {
  test.each([
    [1, 12.7062],
    [2, 4.3027],
    [3, 3.1824],
    [4, 2.7764],
    [9, 2.2622],
    [10, 2.2281],
    [29, 2.0452],
    [30, 2.0423],
    [100, 1.984],
    [1000, 1.9623],
  ])('t(0.975, df = %i) = %f as in published tables', (df, expected) => {
    expect(round4(studentTQuantile(0.975, df))).toBe(expected);
  });

  test('the 0.995 quantile for df = 5 is 4.0321', () => {
    expect(round4(studentTQuantile(0.995, 5))).toBe(4.0321);
  });

  test('is the inverse of the CDF and symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 200 }), (p, df) => {
        const t = studentTQuantile(p, df);
        return Math.abs(studentTCdf(t, df) - p) < 1e-9 && Math.abs(studentTQuantile(1 - p, df) + t) < 1e-6;
      }),
    );
  });

  test('tends to the normal quantile for large df', () => {
    expect(Math.abs(studentTQuantile(0.975, 1e6) - Z95)).toBeLessThan(1e-5);
  });
});

describe('t interval for a mean', () => {
  test('2, 4, 4, 4, 5, 5, 7, 9: mean 5, sd √(32/7), t(0.975, 7) = 2.3646 → [3.2125, 6.7875]', () => {
    const r = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    const sd = Math.sqrt(32 / 7);
    const half = (2.364624251592785 * sd) / Math.sqrt(8);
    expect(r.n).toBe(8);
    expect(r.mean).toBe(5);
    expect(r.sd).toBeCloseTo(sd, 12);
    expect(r.ci95![0]).toBeCloseTo(5 - half, 9);
    expect(r.ci95![1]).toBeCloseTo(5 + half, 9);
    expect(round4s(r.ci95)).toEqual([3.2125, 6.7875]);
  });

  test('two values use df = 1 (t = 12.7062)', () => {
    const r = meanInterval([1, 3]);
    // mean 2, sd √2, half = 12.7062 · √2 / √2
    expect(round4s(r.ci95)).toEqual([2 - 12.7062, 2 + 12.7062]);
  });

  test('a single value has a mean but no sd or interval; no values, nothing', () => {
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, sd: null, ci95: null });
    expect(meanInterval([])).toEqual({ n: 0, mean: null, sd: null, ci95: null });
  });
});

describe('sample summary', () => {
  test('quartiles by linear interpolation (type 7)', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
  });

  test('does not depend on the order of the values', () => {
    const s = summariseSample([9, 1, 5, 3]);
    expect(s).toEqual(summariseSample([1, 3, 5, 9]));
    expect([s.min, s.q1, s.median, s.q3, s.max]).toEqual([1, 2.5, 4, 6, 9]);
  });
});

describe('year-over-year change', () => {
  test('panel change on 3 cities and cross-section change are reported apart', () => {
    const now = new Map([
      ['A', 60],
      ['B', 40],
      ['C', 80],
      ['D', 100],
    ]);
    const before = new Map([
      ['A', 50],
      ['B', 40],
      ['C', 60],
      ['E', 0],
    ]);
    const panel = panelChange(now, before);
    // differences 10, 0, 20: mean 10, sd 10, t(0.975, 2) = 4.3027 → 10 ± 4.3027 · 10 / √3
    expect(panel.n).toBe(3);
    expect(panel.meanChange).toBe(10);
    expect(panel.sd).toBe(10);
    const half = (4.302652729749464 * 10) / Math.sqrt(3);
    expect(panel.ci95![0]).toBeCloseTo(10 - half, 9);
    expect(panel.ci95![1]).toBeCloseTo(10 + half, 9);
    expect(panel.meanCurrent).toBe(60);
    expect(panel.meanPrevious).toBe(50);
    const cross = crossSectionChange(now, before);
    expect(cross).toEqual({ current: { n: 4, mean: 70 }, previous: { n: 4, mean: 37.5 }, difference: 32.5 });
  });
});

describe('small-cell suppression', () => {
  test('cells under minCell are hidden, and a lone hidden cell takes the next smallest with it', () => {
    expect(cellsToSuppress([3, 10, 20], 5)).toEqual([true, true, false]);
    expect(cellsToSuppress([12, 6, 20], 5)).toEqual([false, false, false]);
  });

  test('hidden cells holding fewer than minCell cities together take the next smallest too', () => {
    expect(cellsToSuppress([1, 2, 10, 20], 5)).toEqual([true, true, true, false]);
    expect(cellsToSuppress([2, 4, 10], 5)).toEqual([true, true, false]);
  });

  test('ties are broken by table order', () => {
    expect(cellsToSuppress([1, 8, 8], 5)).toEqual([true, true, false]);
  });

  test('suppressed cells show null values and suppressed: true', () => {
    type Cell = { group: string; n: number | null; mean: number | null; suppressed: boolean };
    const cells: Cell[] = [
      { group: 'a', n: 2, mean: 3, suppressed: false },
      { group: 'b', n: 7, mean: 4, suppressed: false },
      { group: 'c', n: 9, mean: 5, suppressed: false },
    ];
    const out = suppressBreakdown(cells, 5, (c) => ({ ...c, n: null, mean: null }));
    expect(out).toEqual([
      { group: 'a', n: null, mean: null, suppressed: true },
      { group: 'b', n: null, mean: null, suppressed: true },
      { group: 'c', n: 9, mean: 5, suppressed: false },
    ]);
  });

  test('never exactly one hidden cell, and total minus the visible cells never reveals fewer than minCell cities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 1, max: 10 }),
        (ns, minCell) => {
          const hidden = cellsToSuppress(ns, minCell);
          const hiddenCount = hidden.filter(Boolean).length;
          const total = ns.reduce((a, b) => a + b, 0);
          const visible = ns.reduce((sum, n, i) => (hidden[i] ? sum : sum + n), 0);
          const primaryOk = ns.every((n, i) => n >= minCell || hidden[i]);
          const recovered = total - visible;
          const allHidden = hiddenCount === ns.length;
          return primaryOk && hiddenCount !== 1 && (hiddenCount === 0 || recovered >= minCell || allHidden);
        },
      ),
    );
  });
});
