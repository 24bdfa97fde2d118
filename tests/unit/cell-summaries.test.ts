import { Model } from 'survey-core';
import { describe, expect, test } from 'vitest';
import { cellsReader, type ChoiceSummary, type NumericSummary, type QuestionSummary, type TextSummary } from '../../analysis/question-summaries';
import { structuredCells } from '../../analysis/structured-cells';
import { wilsonInterval } from '../../analysis/wilson-interval';

function cellsOf(element: Record<string, unknown>) {
  const model = new Model({ pages: [{ name: 'p1', elements: [element] }] });
  expect(model.jsonErrors ?? []).toEqual([]);
  return structuredCells(model.getQuestionByName(element.name as string)!)!;
}

function summarise(element: Record<string, unknown>, answers: [string, unknown][]): Record<string, QuestionSummary> {
  const reader = cellsReader(element.name as string, cellsOf(element), { type: element.type as string, n: 0, policyArea: 'culture' });
  for (const [city, value] of answers) reader.read(value, city);
  const out: Record<string, QuestionSummary> = {};
  reader.write(out);
  return out;
}

const staff = {
  type: 'matrixdropdown',
  name: 'staff',
  choices: ['low', 'high', 'dont_know'],
  rows: ['y2024', 'y2025'],
  columns: [
    { name: 'level' },
    { name: 'kinds', cellType: 'checkbox', choices: ['paid', 'volunteer'], showOtherItem: true },
    { name: 'fte', cellType: 'text', inputType: 'number' },
    { name: 'who', cellType: 'comment' },
  ],
};

const answers: [string, unknown][] = [
  ['A', { y2024: { level: 'low', kinds: ['paid', 'volunteer'], fte: 2, who: 'Ana' }, y2025: { level: 'high', kinds: ['paid'], fte: '3.5' } }],
  ['B', { y2024: { level: 'low', kinds: ['other'], fte: 4 }, y2025: { level: 'dont_know' } }],
  // Answers only one cell.
  ['C', { y2024: { level: 'high' } }],
  // A value of the wrong form in every cell: none counts (fte 'many' is answered but not a number: invalid).
  ['D', { y2024: { level: ['low'], kinds: 'paid', fte: 'many', who: 42 }, y2025: 'high' }],
  // Malformed answers to the whole question: answer no cell.
  ['E', 'low'],
  ['F', ['low', 'high']],
  ['G', null],
  ['H', undefined],
  ['I', { y2024: { level: '  ', kinds: [] }, y2025: {} }],
];
const out = summarise(staff, answers);
const s = <T>(key: string) => out[key] as T;

describe('matrixdropdown cells', () => {
  test('the question keeps { type, n } with n = cities answering any cell', () => {
    // A, B, C, and D (its comment cell 'who' holds 42, a text answer).
    expect(out.staff).toEqual({ type: 'matrixdropdown', n: 4, policyArea: 'culture' });
  });

  test('every cell has its summary under "<code>.<row>.<column>", rows then columns', () => {
    expect(Object.keys(out)).toEqual([
      'staff',
      'staff.y2024.level', 'staff.y2024.kinds', 'staff.y2024.fte', 'staff.y2024.who',
      'staff.y2025.level', 'staff.y2025.kinds', 'staff.y2025.fte', 'staff.y2025.who',
    ]);
  });

  test('a single-choice cell: counts and shares over the cities answering that cell, don\'t know kept apart', () => {
    const level = s<ChoiceSummary>('staff.y2024.level');
    expect(level).toMatchObject({ type: 'dropdown', n: 3, row: 'y2024', column: 'level', policyArea: 'culture', nSubstantive: 3, top: 'low' });
    expect(level.counts).toEqual({ low: 2, high: 1, dont_know: 0 });
    expect(level.shares.low).toEqual({ p: 2 / 3, ci95: wilsonInterval(2, 3) });
    const next = s<ChoiceSummary>('staff.y2025.level');
    expect(next.n).toBe(2);
    expect(next.counts).toEqual({ low: 0, high: 1, dont_know: 1 });
    expect(next.kinds.dont_know).toBe('dontknow');
    expect(next.nSubstantive).toBe(1);
    expect(next.substantiveShares.high).toEqual({ p: 1, ci95: wilsonInterval(1, 1) });
  });

  test("a multiple-choice cell counts each value chosen; 'other' is kept apart", () => {
    const kinds = s<ChoiceSummary>('staff.y2024.kinds');
    expect(kinds).toMatchObject({ type: 'checkbox', n: 2, nSubstantive: 1, row: 'y2024', column: 'kinds' });
    expect(kinds.counts).toEqual({ paid: 1, volunteer: 1, other: 1 });
    expect(kinds.kinds.other).toBe('other');
    expect(kinds.shares.other!.p).toBe(1 / 2);
    expect(s<ChoiceSummary>('staff.y2025.kinds')).toMatchObject({ n: 1, counts: { paid: 1, volunteer: 0, other: 0 } });
  });

  test('a numeric cell: mean, distribution and invalid answers as for a number question', () => {
    const fte = s<NumericSummary>('staff.y2024.fte');
    expect(fte).toMatchObject({ type: 'text', n: 2, mean: 3, min: 2, max: 4, median: 3, invalid: 1, distribution: { '2': 1, '4': 1 } });
    expect(s<NumericSummary>('staff.y2025.fte')).toMatchObject({ n: 1, mean: 3.5, distribution: { '3.5': 1 }, invalid: 0 });
  });

  test('a text cell lists its texts with their city', () => {
    expect(s<TextSummary>('staff.y2024.who')).toEqual({
      type: 'comment',
      n: 2,
      policyArea: 'culture',
      texts: [{ city: 'A', text: 'Ana' }, { city: 'D', text: '42' }],
      row: 'y2024',
      column: 'who',
    });
    expect(s<TextSummary>('staff.y2025.who')).toMatchObject({ n: 0, texts: [] });
  });

  test('nobody answering: every cell with n = 0 and no shares', () => {
    const empty = summarise(staff, [['A', null], ['B', 'x']]);
    expect(empty.staff!.n).toBe(0);
    expect(empty['staff.y2024.level']).toMatchObject({ n: 0, shares: {}, top: null });
  });
});

describe('values of the wrong form', () => {
  const grid = { type: 'matrixdropdown', name: 'grid', choices: ['a', 'b'], rows: ['0', '1'], columns: [{ name: 'c' }] };

  test('a list where the answer object is expected answers no cell, even with rows named 0 and 1', () => {
    const out = summarise(grid, [['A', [{ c: 'a' }, { c: 'b' }]], ['B', { 0: { c: 'a' } }]]);
    expect(out.grid!.n).toBe(1);
    expect(out['grid.0.c']).toMatchObject({ n: 1, counts: { a: 1, b: 0 } });
    expect(out['grid.1.c']).toMatchObject({ n: 0 });
  });

  test('a city whose only single-choice cell holds a list or an object is not counted in the question n', () => {
    const out = summarise(grid, [['A', { 0: { c: ['a'] }, 1: { c: { x: 'b' } } }], ['B', { 1: { c: 'b' } }]]);
    expect(out.grid!.n).toBe(1);
    expect(out['grid.0.c']!.n).toBe(0);
    expect(out['grid.1.c']).toMatchObject({ n: 1, counts: { a: 0, b: 1 } });
  });
});

describe('multipletext cells', () => {
  const contact = {
    type: 'multipletext',
    name: 'contact',
    items: [{ name: 'staff', inputType: 'number' }, { name: 'office' }],
  };
  const mt = summarise(contact, [
    ['A', { staff: 3, office: 'Town hall' }],
    ['B', { staff: '5' }],
    ['C', { office: '   ' }],
    ['D', { staff: 4, office: 'Library' }],
    ['E', 7],
  ]);

  test('each item under "<code>.<item>": numeric for a number item, texts with their city otherwise', () => {
    expect(mt.contact).toEqual({ type: 'multipletext', n: 3, policyArea: 'culture' });
    expect(mt['contact.staff']).toMatchObject({ type: 'text', item: 'staff', n: 3, mean: 4, median: 4, distribution: { '3': 1, '4': 1, '5': 1 } });
    expect(mt['contact.staff']).not.toHaveProperty('row');
    expect(mt['contact.office']).toMatchObject({ item: 'office', n: 2, texts: [{ city: 'A', text: 'Town hall' }, { city: 'D', text: 'Library' }] });
  });
});

describe('a rating cell', () => {
  test("reads as a rating question: its scale points listed, the mean's interval cut to the scale", () => {
    const rated = summarise(
      { type: 'matrixdropdown', name: 'm', rows: ['r'], columns: [{ name: 'c', cellType: 'rating', rateMin: 1, rateMax: 5 }] },
      [['A', { r: { c: 5 } }], ['B', { r: { c: 5 } }], ['C', { r: { c: 4 } }]],
    );
    const c = rated['m.r.c'] as NumericSummary;
    expect(c.type).toBe('rating');
    expect(c.distribution).toEqual({ '1': 0, '2': 0, '3': 0, '4': 1, '5': 2 });
    expect(c.ci95![1]).toBe(5);
  });
});
