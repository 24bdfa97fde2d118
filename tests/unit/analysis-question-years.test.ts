import { describe, expect, test } from 'vitest';
import { questionAcrossYears } from '../../analysis/question-years';
import { surveyCatalogue } from '../../analysis/survey-catalogue';
import { wilsonInterval } from '../../analysis/wilson-interval';
import { studentTQuantile } from '../../analysis/student-t';

const page = (elements: unknown[]) => ({ pages: [{ name: 'p', elements }] });
const role = { type: 'radiogroup', name: 'role', choices: ['coordinator', 'officer'] };
const rating = { type: 'rating', name: 'useful', rateMin: 1, rateMax: 5 };
// 2024 had no rating and a third role; 2025 asked "useful" as text (another kind of question); 2026 as now.
const y2024 = surveyCatalogue(page([{ ...role, choices: ['coordinator', 'officer', 'mayor'] }]));
const y2025 = surveyCatalogue(page([role, { type: 'text', name: 'useful' }]));
const y2026 = surveyCatalogue(page([role, rating]));

const years = [
  { year: 2026, catalogue: y2026, responses: [
    { city: 'A', data: { role: 'coordinator', useful: 5 } },
    { city: 'B', data: { role: 'officer', useful: 4 } },
    { city: 'C', data: { role: 'coordinator', useful: 3 } },
  ] },
  { year: 2024, catalogue: y2024, responses: [
    { city: 'A', data: { role: 'mayor' } },
    { city: 'D', data: { role: 'coordinator' } },
  ] },
  { year: 2025, catalogue: y2025, responses: [
    { city: 'A', data: { role: 'officer', useful: 'very' } },
    { city: 'B', data: { role: 'officer' } },
    { city: 'E', data: {} },
  ] },
];

describe('one question across years (matched by its code)', () => {
  test('choice: shares per option per year with Wilson intervals, options of every year, panel n with the latest year', () => {
    const r = questionAcrossYears({ code: 'role', years });
    expect(r.kind).toBe('choice');
    // The latest year's options, then the one only 2024 had.
    expect(r.options.map((o) => o.key)).toEqual(['coordinator', 'officer', 'mayor']);
    expect(r.years.map((y) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [2024, true, 2, 1], // A answered in 2024 and 2026; D only in 2024
      [2025, true, 2, 2], // A and B (E answered nothing)
      [2026, true, 3, null],
    ]);
    const coordinator2026 = r.years[2]!.shares!.coordinator!;
    expect(coordinator2026).toMatchObject({ k: 2, n: 3 });
    expect(coordinator2026.p).toBeCloseTo(2 / 3, 12);
    expect(coordinator2026.ci95).toEqual(wilsonInterval(2, 3));
    expect(r.years[0]!.shares!.mayor).toMatchObject({ k: 1, n: 2, p: 0.5 });
    expect(r.years[1]!.shares!.mayor).toMatchObject({ k: 0, n: 2, p: 0 });
  });

  test('rating: the mean per year with its t interval cut to the scale; years without it, or asking it as text, are not asked', () => {
    const r = questionAcrossYears({ code: 'useful', years });
    expect(r.kind).toBe('mean');
    expect(r.years.map((y) => [y.year, y.asked])).toEqual([
      [2024, false],
      [2025, false],
      [2026, true],
    ]);
    // 5, 4, 3: mean 4, sd 1, t(0.975, 2) = 4.303 → 4 ± 2.48 = [1.52, 6.48], cut at 5.
    const half = studentTQuantile(0.975, 2) / Math.sqrt(3);
    const mean = r.years[2]!.mean!;
    expect(mean.n).toBe(3);
    expect(mean.mean).toBe(4);
    expect(mean.ci95![0]).toBeCloseTo(4 - half, 10);
    expect(mean.ci95![1]).toBe(5);
  });

  test('filters apply to every year, with the roster of today', () => {
    const roster = [
      { code: 'A', network: ['N1'] },
      { code: 'B', network: ['N2'] },
      { code: 'C', network: ['N1'] },
      { code: 'D', network: ['N1'] },
      { code: 'E', network: ['N2'] },
    ];
    const r = questionAcrossYears({ code: 'role', years, roster, filters: { network: 'N1' } });
    expect(r.years.map((y) => [y.n, y.panelN])).toEqual([
      [2, 1],
      [1, 1],
      [2, null],
    ]);
  });
});
