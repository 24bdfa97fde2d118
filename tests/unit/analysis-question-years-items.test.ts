/**
 * One matrix, ranking or text question across years (issue 3): per row, the shares of the columns and the mean
 * score; per ranking item, the mean rank and the share ranking it first; per year, the texts with their city.
 * Expected values are computed by hand: Wilson bounds from (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n),
 * t bounds from the table values t(0.975, 1) = 12.7062 and t(0.975, 2) = 4.3027.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { questionAcrossYears } from '../../analysis/question-years';
import { surveyCatalogue } from '../../analysis/survey-catalogue';

const page = (elements: unknown[]) => ({ pages: [{ name: 'p', elements }] });
const prog = (rows: string[]) => ({ type: 'matrix', name: 'prog', columns: [0, 1, 2, 3, 4], rows });
const rank = (choices: string[]) => ({ type: 'ranking', name: 'rank', choices });
const story = { type: 'comment', name: 'story' };

// 2025: rows edu and housing, items x, y, w; 2026: rows edu and lang, items x, y, z. 2024 asked `rank` as a checkbox.
const y2024 = surveyCatalogue(page([{ type: 'checkbox', name: 'rank', choices: ['x', 'y'] }]));
const y2025 = surveyCatalogue(page([prog(['edu', 'housing']), rank(['x', 'y', 'w']), story]));
const y2026 = surveyCatalogue(page([prog(['edu', 'lang']), rank(['x', 'y', 'z']), story]));

const years = [
  {
    year: 2026,
    catalogue: y2026,
    responses: [
      { city: 'A', data: { prog: { edu: 4, lang: 2 }, rank: ['x', 'y', 'z'], story: 'Nouvelles écoles' } },
      { city: 'B', data: { prog: { edu: 3, lang: 'dontknow' }, rank: ['y', 'x', 'z'] } },
      { city: 'C', data: { prog: { edu: 2 }, rank: ['x'], story: '   ' } },
      { city: 'D', data: { prog: {}, rank: [] } },
    ],
  },
  {
    year: 2025,
    catalogue: y2025,
    responses: [
      { city: 'A', data: { prog: { edu: 2, housing: 1 }, rank: ['w', 'x', 'y'], story: 'Plan adopted' } },
      { city: 'B', data: { prog: { edu: 1 }, story: 'Pilot in two schools' } },
      { city: 'E', data: { prog: { housing: 0 }, rank: ['x', 'w'] } },
    ],
  },
  { year: 2024, catalogue: y2024, responses: [{ city: 'A', data: { rank: ['x'] } }] },
];

const round4 = (x: number | null | undefined) => (x == null ? x : Math.round(x * 10000) / 10000);
const ci4 = (ci: [number, number] | null | undefined) => (ci ? ci.map(round4) : ci);

describe('a matrix across years', () => {
  const r = questionAcrossYears({ code: 'prog', years });

  test('rows and columns of every year, the latest first; a value no questionnaire declares after them', () => {
    expect(r.kind).toBe('matrix');
    expect(r.rows.map((x) => x.key)).toEqual(['edu', 'lang', 'housing']);
    expect(r.options.map((o) => [o.key, o.kind])).toEqual([
      ['0', 'substantive'],
      ['1', 'substantive'],
      ['2', 'substantive'],
      ['3', 'substantive'],
      ['4', 'substantive'],
      ['dontknow', 'dontknow'],
    ]);
    expect(r.scale).toEqual({ min: 0, max: 4 });
  });

  test('n per year counts cities answering a row; the panel n per year and per row', () => {
    // 2024 did not ask prog; 2025: A, B, E; 2026: A, B, C (D's empty object is no answer). Both years: A, B.
    expect(r.years.map((y) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [2024, false, 0, null],
      [2025, true, 3, 2],
      [2026, true, 3, null],
    ]);
    const [, y2025r, y2026r] = r.years;
    // Rows a year did not ask are absent from it.
    expect(Object.keys(y2025r!.rows!)).toEqual(['edu', 'housing']);
    expect(Object.keys(y2026r!.rows!)).toEqual(['edu', 'lang']);
    expect(y2025r!.rows!.edu!.panelN).toBe(2); // A and B answered edu both years
    expect(y2025r!.rows!.housing!.panelN).toBe(0); // 2026 has no housing row
    expect(y2026r!.rows!.edu!.panelN).toBeNull();
  });

  test('shares of each column with Wilson intervals, over the cities answering the row', () => {
    const edu = r.years[2]!.rows!.edu!;
    expect(edu.n).toBe(3);
    expect(edu.shares['4']).toMatchObject({ k: 1, n: 3 });
    expect(round4(edu.shares['4']!.p)).toBe(0.3333);
    // Wilson(1, 3): (1/3 + 0.6402 ± 1.96·√(0.0741 + 0.1067)) / 2.2805 = [0.0615, 0.7923].
    expect(ci4(edu.shares['4']!.ci95)).toEqual([0.0615, 0.7923]);
    expect(edu.shares['0']).toMatchObject({ k: 0, n: 3, p: 0 });
    expect(ci4(edu.shares['0']!.ci95)).toEqual([0, 0.5615]);
    const lang = r.years[2]!.rows!.lang!;
    // A said 2, B don't know: 1 of 2 each, Wilson(1, 2) = [0.0945, 0.9055].
    expect(lang.shares['2']).toMatchObject({ k: 1, n: 2, p: 0.5 });
    expect(lang.shares.dontknow).toMatchObject({ k: 1, n: 2, p: 0.5 });
    expect(ci4(lang.shares.dontknow!.ci95)).toEqual([0.0945, 0.9055]);
  });

  test('the mean score of a row with its t interval cut to the scale; don\'t know left out', () => {
    // 2026 edu: 4, 3, 2 → mean 3, sd 1, 3 ± 4.3027/√3 = [0.5159, 5.4841], cut at 4.
    const edu = r.years[2]!.rows!.edu!.mean!;
    expect(edu.n).toBe(3);
    expect(edu.mean).toBe(3);
    expect(ci4(edu.ci95)).toEqual([0.5159, 4]);
    // 2026 lang: only A's 2 is scored (B don't know): a mean without interval.
    expect(r.years[2]!.rows!.lang!.mean).toEqual({ n: 1, mean: 2, ci95: null });
    // 2025 edu: 2, 1 → mean 1.5, 1.5 ± 12.7062·0.7071/√2 = [−4.8531, 7.8531], cut to [0, 4].
    expect(r.years[1]!.rows!.edu!.mean).toEqual({ n: 2, mean: 1.5, ci95: [0, 4] });
  });

  test('columns without scores give no mean', () => {
    const text = surveyCatalogue(page([{ type: 'matrix', name: 'm', columns: ['often', 'never'], rows: ['a'] }]));
    const m = questionAcrossYears({ code: 'm', years: [{ year: 2026, catalogue: text, responses: [{ city: 'A', data: { m: { a: 'often' } } }] }] });
    expect(m.scale).toBeNull();
    expect(m.years[0]!.rows!.a).toMatchObject({ n: 1, mean: null });
  });
});

describe('a ranking across years', () => {
  const r = questionAcrossYears({ code: 'rank', years });

  test('items of every year; a year asking it as a checkbox is not asked; n and panel', () => {
    expect(r.kind).toBe('ranking');
    expect(r.options.map((o) => o.key)).toEqual(['x', 'y', 'z', 'w']);
    // 2025: A and E ranked; 2026: A, B, C (D's empty list is no answer). Both: A.
    expect(r.years.map((y) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [2024, false, 0, null],
      [2025, true, 2, 1],
      [2026, true, 3, null],
    ]);
    // An item a year did not offer and nobody ranked is absent from that year.
    expect(Object.keys(r.years[1]!.items!)).toEqual(['x', 'y', 'w']);
    expect(Object.keys(r.years[2]!.items!)).toEqual(['x', 'y', 'z']);
  });

  test('mean rank with its t interval cut to [1, positions], and the share first with its Wilson interval', () => {
    const { x, y, z } = r.years[2]!.items!;
    // x at 1, 2, 1: mean 4/3, sd √(1/3), 4/3 ± 4.3027·0.5774/√3 = [−0.1009, 2.7676], cut at 1.
    expect(x!.meanRank.n).toBe(3);
    expect(round4(x!.meanRank.mean)).toBe(1.3333);
    expect(ci4(x!.meanRank.ci95)).toEqual([1, 2.7676]);
    // First: A and C put x first, 2 of 3; Wilson(2, 3) = [0.2077, 0.9385].
    expect(x!.first).toMatchObject({ k: 2, n: 3 });
    expect(ci4(x!.first.ci95)).toEqual([0.2077, 0.9385]);
    // y at 2, 1: mean 1.5, interval [−4.8531, 7.8531] cut to [1, 3].
    expect(y!.meanRank).toEqual({ n: 2, mean: 1.5, ci95: [1, 3] });
    expect(y!.first).toMatchObject({ k: 1, n: 3 });
    // z last twice: no spread, the interval is the point.
    expect(z!.meanRank).toEqual({ n: 2, mean: 3, ci95: [3, 3] });
    expect(z!.first).toMatchObject({ k: 0, n: 3, p: 0 });
    expect(ci4(z!.first.ci95)).toEqual([0, 0.5615]);
    const w = r.years[1]!.items!.w!;
    expect(w.meanRank.mean).toBe(1.5);
    expect(w.first).toMatchObject({ k: 1, n: 2, p: 0.5 });
  });
});

describe('a text question across years', () => {
  test('per year the answers with their city (blank ones left out), n and panel', () => {
    const r = questionAcrossYears({ code: 'story', years });
    expect(r.kind).toBe('text');
    expect(r.years.map((y) => [y.year, y.asked, y.n, y.panelN])).toEqual([
      [2024, false, 0, null],
      [2025, true, 2, 1],
      [2026, true, 1, null],
    ]);
    expect(r.years[1]!.texts).toEqual([
      { city: 'A', text: 'Plan adopted' },
      { city: 'B', text: 'Pilot in two schools' },
    ]);
    expect(r.years[2]!.texts).toEqual([{ city: 'A', text: 'Nouvelles écoles' }]);
  });

  test('filters apply to the texts of every year', () => {
    const roster = [
      { code: 'A', network: ['N2'] },
      { code: 'B', network: ['N1'] },
      { code: 'C', network: ['N1'] },
    ];
    const r = questionAcrossYears({ code: 'story', years, roster, filters: { network: 'N1' } });
    expect(r.years.map((y) => (y.texts ?? []).map((t) => t.city))).toEqual([[], ['B'], []]);
  });
});

describe('invariants across years (property)', () => {
  const cities = ['A', 'B', 'C', 'D', 'E', 'F'];
  const cell = fc.option(fc.constantFrom(0, 1, 2, 'dontknow'), { nil: undefined });
  const matrixAnswer = fc.record({ r1: cell, r2: cell });
  const ranking = fc.shuffledSubarray(['x', 'y', 'z'], { minLength: 0, maxLength: 3 });
  const yearAnswers = fc.array(fc.tuple(fc.constantFrom(...cities), matrixAnswer, ranking), { maxLength: 6 });
  const catalogue = surveyCatalogue(page([{ type: 'matrix', name: 'm', columns: [0, 1, 2], rows: ['r1', 'r2'] }, rank(['x', 'y', 'z'])]));
  const toYears = (answers: [string, Record<string, unknown>, string[]][][]) =>
    answers.map((list, i) => ({
      year: 2020 + i,
      catalogue,
      // One response per city (the first given).
      responses: [...new Map(list.map(([city, m, rk]) => [city, { city, data: { m: JSON.parse(JSON.stringify(m)), rank: rk } }])).values()],
    }));

  test('matrix: per row, the column counts add up to n; n and panel never exceed the year n; means lie in their intervals', () => {
    fc.assert(
      fc.property(fc.array(yearAnswers, { minLength: 2, maxLength: 3 }), (answers) => {
        const r = questionAcrossYears({ code: 'm', years: toYears(answers) });
        for (const y of r.years) {
          for (const row of Object.values(y.rows!)) {
            expect(Object.values(row.shares).reduce((sum, s) => sum + s.k, 0)).toBe(row.n);
            expect(row.n).toBeLessThanOrEqual(y.n);
            if (row.panelN !== null) expect(row.panelN).toBeLessThanOrEqual(row.n);
            const m = row.mean!;
            if (m.ci95) expect(m.ci95[0] <= m.mean! && m.mean! <= m.ci95[1] && m.ci95[0] >= 0 && m.ci95[1] <= 2).toBe(true);
          }
          if (y.panelN !== null) expect(y.panelN).toBeLessThanOrEqual(y.n);
        }
      }),
    );
  });

  test('ranking: the first places add up to n; mean ranks lie in [1, 3] and in their intervals', () => {
    fc.assert(
      fc.property(fc.array(yearAnswers, { minLength: 2, maxLength: 3 }), (answers) => {
        const r = questionAcrossYears({ code: 'rank', years: toYears(answers) });
        for (const y of r.years) {
          expect(Object.values(y.items!).reduce((sum, it) => sum + it.first.k, 0)).toBe(y.n);
          for (const it of Object.values(y.items!)) {
            if (it.meanRank.mean === null) continue;
            expect(it.meanRank.mean).toBeGreaterThanOrEqual(1);
            expect(it.meanRank.mean).toBeLessThanOrEqual(3);
            const ci = it.meanRank.ci95;
            if (ci) expect(ci[0] >= 1 && ci[0] <= it.meanRank.mean && it.meanRank.mean <= ci[1] && ci[1] <= 3).toBe(true);
          }
        }
      }),
    );
  });
});
