import { Model, type Question } from 'survey-core';
import { describe, expect, test } from 'vitest';
import { structuredCells, type CatalogueCell } from '../../analysis/structured-cells';

function question(element: Record<string, unknown>): Question {
  const model = new Model({ pages: [{ name: 'p1', elements: [element] }] });
  expect(model.jsonErrors ?? []).toEqual([]);
  return model.getQuestionByName(element.name as string)!;
}

const keysOf = (cell: CatalogueCell) => cell.options.map((o) => o.key);
const kindsOf = (cell: CatalogueCell) => Object.fromEntries(cell.options.map((o) => [o.key, o.kind]));

describe('matrixdropdown', () => {
  const q = question({
    type: 'matrixdropdown',
    name: 'staff',
    choices: ['low', 'high', 'dont_know'],
    rows: [{ value: 'y2024', text: { default: '2024', fr: 'en 2024' } }, { value: 'y2025', text: '2025' }],
    columns: [
      { name: 'level', title: { default: 'Level', fr: 'Niveau' } },
      { name: 'kinds', cellType: 'checkbox', choices: ['paid', { value: 'volunteer', text: { default: 'Volunteer', fr: 'Bénévole' } }], showNoneItem: true, showOtherItem: true },
      { name: 'score', cellType: 'rating', rateMin: 1, rateMax: 3 },
      { name: 'fte', cellType: 'text', inputType: 'number' },
      { name: 'who', cellType: 'comment' },
      { name: 'paid', cellType: 'boolean' },
      { name: 'band', cellType: 'rating', rateValues: ['a', 'b'] },
      { name: 'mood', cellType: 'radiogroup', choices: ['good', 'bad'], showDontKnowItem: true },
    ],
  });
  const cells = structuredCells(q)!;
  const cell = (key: string) => cells.find((c) => c.key === key)!;

  test('one cell per row × column, rows first, with its path and position', () => {
    expect(cells.map((c) => c.key)).toEqual([
      'y2024.level', 'y2024.kinds', 'y2024.score', 'y2024.fte', 'y2024.who', 'y2024.paid', 'y2024.band', 'y2024.mood',
      'y2025.level', 'y2025.kinds', 'y2025.score', 'y2025.fte', 'y2025.who', 'y2025.paid', 'y2025.band', 'y2025.mood',
    ]);
    expect(cell('y2025.fte')).toMatchObject({ path: ['y2025', 'fte'], row: 'y2025', column: 'fte' });
    expect(cell('y2025.fte').item).toBeUndefined();
  });

  test('each cell is read with its column type, the default column as a dropdown', () => {
    const shapes = Object.fromEntries(cells.filter((c) => c.row === 'y2024').map((c) => [c.column, [c.type, c.shape]]));
    expect(shapes).toEqual({
      level: ['dropdown', 'single'],
      kinds: ['checkbox', 'multiple'],
      score: ['rating', 'numeric'],
      fte: ['text', 'numeric'],
      who: ['comment', 'text'],
      paid: ['boolean', 'single'],
      band: ['rating', 'single'],
      mood: ['radiogroup', 'single'],
    });
  });

  test("a column without choices takes the matrix's; a column with its own keeps them, special items kept apart", () => {
    expect(keysOf(cell('y2024.level'))).toEqual(['low', 'high', 'dont_know']);
    expect(kindsOf(cell('y2024.level'))).toEqual({ low: 'substantive', high: 'substantive', dont_know: 'dontknow' });
    expect(keysOf(cell('y2024.kinds'))).toEqual(['paid', 'volunteer', 'none', 'other']);
    expect(kindsOf(cell('y2024.kinds'))).toEqual({ paid: 'substantive', volunteer: 'substantive', none: 'dontknow', other: 'other' });
    expect(cell('y2024.kinds').options[1]!.text).toEqual({ en: 'Volunteer', fr: 'Bénévole' });
    expect(kindsOf(cell('y2024.mood'))).toEqual({ good: 'substantive', bad: 'substantive', dontknow: 'dontknow' });
  });

  test('ratings list their scale values, booleans true and false, texts nothing', () => {
    expect(keysOf(cell('y2024.score'))).toEqual(['1', '2', '3']);
    expect(cell('y2024.score').options.map((o) => o.value)).toEqual([1, 2, 3]);
    expect(keysOf(cell('y2024.band'))).toEqual(['a', 'b']);
    expect(keysOf(cell('y2024.paid'))).toEqual(['true', 'false']);
    expect(cell('y2024.fte').options).toEqual([]);
  });

  test('titles read "<row> · <column>" in both languages, French falling back to English per part', () => {
    expect(cell('y2024.level').title).toEqual({ en: '2024 · Level', fr: 'en 2024 · Niveau' });
    expect(cell('y2025.level').title).toEqual({ en: '2025 · Level', fr: '2025 · Niveau' });
    expect(cell('y2025.fte').title).toEqual({ en: '2025 · fte', fr: null });
  });

  test("the matrix's cellType applies to columns that do not set their own", () => {
    const radio = question({ type: 'matrixdropdown', name: 'm', cellType: 'radiogroup', choices: [1, 2], rows: ['r'], columns: [{ name: 'c' }, { name: 'd', cellType: 'tagbox', choices: ['x'] }] });
    expect(structuredCells(radio)!.map((c) => [c.key, c.type, c.shape, keysOf(c)])).toEqual([
      ['r.c', 'radiogroup', 'single', ['1', '2']],
      ['r.d', 'tagbox', 'multiple', ['x']],
    ]);
  });
});

describe('multipletext', () => {
  test('one cell per item: numeric for a number item, text otherwise, titled by the item', () => {
    const q = question({
      type: 'multipletext',
      name: 'contact',
      items: [{ name: 'staff', inputType: 'number', title: { default: 'Staff', fr: 'Personnel' } }, { name: 'email', inputType: 'email' }, { name: 'office' }],
    });
    expect(structuredCells(q)).toEqual([
      { key: 'staff', path: ['staff'], item: 'staff', type: 'text', shape: 'numeric', options: [], title: { en: 'Staff', fr: 'Personnel' }, policyArea: null },
      { key: 'email', path: ['email'], item: 'email', type: 'text', shape: 'text', options: [], title: { en: 'email', fr: null }, policyArea: null },
      { key: 'office', path: ['office'], item: 'office', type: 'text', shape: 'text', options: [], title: { en: 'office', fr: null }, policyArea: null },
    ]);
  });
});

describe('types without fixed cells', () => {
  test('matrixdynamic, paneldynamic and plain questions have none', () => {
    expect(structuredCells(question({ type: 'matrixdynamic', name: 'md', columns: [{ name: 'c' }], choices: ['a'] }))).toBeNull();
    expect(structuredCells(question({ type: 'paneldynamic', name: 'pd', templateElements: [{ type: 'text', name: 't' }] }))).toBeNull();
    expect(structuredCells(question({ type: 'radiogroup', name: 'r', choices: ['a'] }))).toBeNull();
  });
});
