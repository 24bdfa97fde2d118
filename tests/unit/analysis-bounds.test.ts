import { describe, expect, test } from 'vitest';
import { analyseSurvey } from '../../analysis/analyse-survey';
import { cityReport } from '../../analysis/city-report';
import { clampInterval, meanInterval, ratingBounds } from '../../analysis/mean-interval';
import { studentTQuantile } from '../../analysis/student-t';

/** Self-assessment (0-4 → 0-100), an attribution rating (1-5) and a plain rating (1-5): bounded scales. */
const definition = {
  pages: [
    {
      name: 'p',
      elements: [
        {
          type: 'matrix',
          name: 'chg',
          indicator: 'change',
          columns: [
            { value: 'yes', score: 1 },
            { value: 'no', score: 0 },
          ],
          rows: [{ value: 'education', policyArea: 'education' }],
        },
        { type: 'rating', name: 'insp_edu', indicator: 'attribution', policyArea: 'education', rateMin: 1, rateMax: 5 },
        {
          type: 'matrix',
          name: 'prog',
          indicator: 'self_assessment',
          columns: [0, 1, 2, 3, 4].map((v) => ({ value: v, score: v })),
          rows: [{ value: 'education', policyArea: 'education' }],
        },
        { type: 'rating', name: 'satisfaction', rateMin: 1, rateMax: 5 },
      ],
    },
  ],
};

// Two cities far apart on every scale: the t interval (df = 1, t = 12.706) runs far past both ends.
const responses = [
  { city: 'AAA', data: { chg: { education: 'yes' }, insp_edu: 5, prog: { education: 4 }, satisfaction: 5 } },
  { city: 'BBB', data: { chg: { education: 'yes' }, insp_edu: 2, prog: { education: 1 }, satisfaction: 1 } },
];

/** The unclamped t interval of two values, computed by hand: mean ± t(0.975, 1) · sd / √2. */
function rawInterval(a: number, b: number): [number, number] {
  const mean = (a + b) / 2;
  const sd = Math.abs(a - b) / Math.SQRT2;
  const half = (studentTQuantile(0.975, 1) * sd) / Math.SQRT2;
  return [mean - half, mean + half];
}

describe('intervals of bounded scales stay within their bounds', () => {
  test('clampInterval cuts an interval to the bounds and leaves one inside them as it is', () => {
    expect(clampInterval([13.1, 116.9], { min: 0, max: 100 })).toEqual([13.1, 100]);
    expect(clampInterval([-20, 40], { min: 0, max: 100 })).toEqual([0, 40]);
    const inside: [number, number] = [10, 20];
    expect(clampInterval(inside, { min: 0, max: 100 })).toBe(inside);
    expect(clampInterval(null, { min: 0, max: 100 })).toBeNull();
    expect(clampInterval([-5, 5], null)).toEqual([-5, 5]);
    expect(ratingBounds([1, 2, 'dontknow', 5])).toEqual({ min: 1, max: 5 });
    expect(ratingBounds(['a'])).toBeNull();
  });

  test('the Rec 17 mean score of two cities (100 and 25) has its interval cut to 0-100, the mean unchanged', () => {
    const [lo, hi] = rawInterval(100, 25);
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(100);
    const a = analyseSurvey({ definition, responses, minCell: 1 });
    expect(a.rec17.overall.mean).toBeCloseTo(62.5, 10);
    expect(a.rec17.overall.ci95).toEqual([0, 100]);
    expect(a.rec17.areas[0]!.ci95).toEqual([0, 100]);
    // The unclamped interval, for comparison: the module's own t interval of the same values.
    expect(meanInterval([25, 100]).ci95![0]).toBeCloseTo(lo, 10);
  });

  test('a tiny group whose interval runs past 100 only at the top keeps its lower bound', () => {
    // Scores 100, 75, 100: mean 91.67, sd 14.43, t(0.975, 2) = 4.303 → 91.67 ± 35.86 = [55.81, 127.52].
    const three = [...responses.slice(0, 1), { city: 'CCC', data: { prog: { education: 3 } } }, { city: 'DDD', data: { prog: { education: 4 } } }];
    const a = analyseSurvey({ definition, responses: three, minCell: 1 });
    const raw = meanInterval([75, 100, 100]).ci95!;
    expect(raw[1]).toBeGreaterThan(100);
    expect(a.rec17.overall.ci95![0]).toBeCloseTo(raw[0], 10);
    expect(a.rec17.overall.ci95![0]).toBeCloseTo(55.81, 2);
    expect(a.rec17.overall.ci95![1]).toBe(100);
  });

  test('ratings: the attribution mean (Rec 19) and a rating question keep to 1-5', () => {
    const a = analyseSurvey({ definition, responses, minCell: 1 });
    const education = a.rec19.areas.find((x) => x.area === 'education')!;
    expect(education.attribution.mean).toBe(3.5);
    expect(education.attribution.ci95).toEqual([1, 5]);
    const satisfaction = a.questions['satisfaction'] as { mean: number; ci95: [number, number] };
    expect(satisfaction.mean).toBe(3);
    expect(satisfaction.ci95).toEqual([1, 5]);
  });

  test("the city report's group means of scores stay within 0-100", () => {
    const report = cityReport({ definition, responses: [...responses, { city: 'CCC', data: { prog: { education: 0 } } }], city: 'CCC', minCell: 1 });
    for (const row of report.progress) {
      for (const g of row.groups) {
        if (g.ci95) {
          expect(g.ci95[0]).toBeGreaterThanOrEqual(0);
          expect(g.ci95[1]).toBeLessThanOrEqual(100);
        }
      }
    }
    expect(report.progress.some((row) => row.groups.some((g) => g.ci95 && (g.ci95[0] === 0 || g.ci95[1] === 100)))).toBe(true);
  });
});
