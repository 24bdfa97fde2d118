/**
 * The builder's type-specific property edits (issue 4, client/builder/edit-properties.ts): validators, limits,
 * rating scales, matrix rows and columns, multiple-text items, dynamic-panel templates as children in the outline.
 */
import { Model } from 'survey-core';
import { describe, expect, test } from 'vitest';
import { addItem, addQuestion, changeType, getAt, moveAt, outlineOf, setItemText, setText, type Definition } from '../../client/builder/edit-definition';
import {
  addNamed,
  addTemplateQuestion,
  addValidator,
  choicesToLines,
  linesToChoices,
  rangeProblems,
  removeValidator,
  setCellType,
  setColumnChoices,
  setLimit,
  setNamedTitle,
  setNumber,
  setValidatorNumber,
  setValidatorText,
  updateNamedItem,
  updateValidator,
  validatorProblem,
  validatorTypesFor,
  validatorsOf,
} from '../../client/builder/edit-properties';
import { checkDefinition } from '../../surveys/default-surveys';

const base = (): Definition => ({
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'population', title: { default: 'Population', fr: 'Population' } },
        { type: 'checkbox', name: 'areas', choices: ['a', 'b', 'c'] },
      ],
    },
  ],
});

describe('validators', () => {
  test('are added, set, translated and removed without changing the input', () => {
    const def = base();
    const frozen = structuredClone(def);
    let d = addValidator(def, [0, 0], 'numeric');
    d = setValidatorNumber(d, [0, 0], 0, 'minValue', '0');
    d = setValidatorNumber(d, [0, 0], 0, 'maxValue', '10000');
    d = setValidatorText(d, [0, 0], 0, 'default', 'Between 0 and 10000');
    d = setValidatorText(d, [0, 0], 0, 'fr', 'Entre 0 et 10000');
    expect(validatorsOf(getAt(d, [0, 0]))).toEqual([
      { type: 'numeric', minValue: 0, maxValue: 10000, text: { default: 'Between 0 and 10000', fr: 'Entre 0 et 10000' } },
    ]);
    expect(def).toEqual(frozen);
    // A text that is not a number changes nothing; an empty one removes the limit.
    expect(setValidatorNumber(d, [0, 0], 0, 'minValue', '1x')).toBe(d);
    expect(validatorsOf(getAt(setValidatorNumber(d, [0, 0], 0, 'minValue', ''), [0, 0]))[0]).not.toHaveProperty('minValue');
    const removed = removeValidator(d, [0, 0], 0);
    expect(getAt(removed, [0, 0])).not.toHaveProperty('validators');
  });

  test('survey-core applies them with their French error text', () => {
    let d = addValidator(base(), [0, 0], 'numeric');
    d = setValidatorNumber(d, [0, 0], 0, 'maxValue', '10');
    d = setValidatorText(d, [0, 0], 0, 'fr', 'Au plus 10');
    d = setValidatorText(d, [0, 0], 0, 'default', 'At most 10');
    d = addValidator(d, [0, 1], 'answercount');
    d = setValidatorNumber(d, [0, 1], 0, 'maxCount', '1');
    const model = new Model(d);
    model.locale = 'fr';
    model.setValue('population', 11);
    model.setValue('areas', ['a', 'b']);
    expect(model.getQuestionByName('population').hasErrors()).toBe(true);
    expect(model.getQuestionByName('population').errors[0]!.getText()).toBe('Au plus 10');
    expect(model.getQuestionByName('areas').hasErrors()).toBe(true);
    model.setValue('population', 9);
    expect(model.getQuestionByName('population').hasErrors()).toBe(false);
    model.dispose();
  });

  test('problems: min above max, bad or missing pattern, no limit, unknown type', () => {
    expect(validatorProblem({ type: 'numeric', minValue: 5, maxValue: 1 })).toBe('min-above-max');
    expect(validatorProblem({ type: 'text', minLength: 1 })).toBeUndefined();
    expect(validatorProblem({ type: 'answercount' })).toBe('no-limit');
    expect(validatorProblem({ type: 'regex', regex: '([a-z' })).toBe('bad-regex');
    expect(validatorProblem({ type: 'regex' })).toBe('no-pattern');
    expect(validatorProblem({ type: 'regex', regex: '^[0-9]{5}$' })).toBeUndefined();
    expect(validatorProblem({ type: 'email' })).toBeUndefined();
    expect(validatorProblem({ type: 'expression' })).toBe('unknown-type');
    const d = updateValidator(addValidator(base(), [0, 0], 'regex'), [0, 0], 0, (v) => ({ ...v, regex: '^\\d+$' }));
    expect(validatorsOf(getAt(d, [0, 0]))[0]).toEqual({ type: 'regex', regex: '^\\d+$' });
  });

  test('are offered by question type', () => {
    expect(validatorTypesFor('text')).toContain('email');
    expect(validatorTypesFor('checkbox')).toEqual(['answercount']);
    expect(validatorTypesFor('boolean')).toEqual([]);
  });
});

describe('limits, placeholder and rating scale', () => {
  test('min/max are numbers for number inputs and ISO dates for date inputs', () => {
    const d = setLimit(base(), [0, 0], 'min', '3');
    expect(getAt(d, [0, 0])!.min).toBe('3'); // a plain text input keeps what was typed
    const numeric: Definition = { pages: [{ name: 'p', elements: [{ type: 'text', name: 'n', inputType: 'number' }] }] };
    const n = setLimit(numeric, [0, 0], 'max', '2,5');
    expect(getAt(n, [0, 0])!.max).toBe(2.5);
    expect(setLimit(n, [0, 0], 'max', 'abc')).toBe(n);
    const dated: Definition = { pages: [{ name: 'p', elements: [{ type: 'text', name: 'd', inputType: 'date' }] }] };
    let dd = setLimit(dated, [0, 0], 'min', '2026-12-01');
    dd = setLimit(dd, [0, 0], 'max', '2026-01-01');
    expect(getAt(dd, [0, 0])).toMatchObject({ min: '2026-12-01', max: '2026-01-01' });
    expect(rangeProblems(getAt(dd, [0, 0]))).toEqual(['min-above-max']);
    expect(rangeProblems({ type: 'text', inputType: 'date', min: 'yesterday' })).toEqual(['bad-date']);
  });

  test('placeholder is bilingual text', () => {
    const d = setText(setText(base(), [0, 0], 'placeholder', 'default', 'e.g. 120000'), [0, 0], 'placeholder', 'fr', 'p. ex. 120000');
    expect(getAt(d, [0, 0])!.placeholder).toEqual({ default: 'e.g. 120000', fr: 'p. ex. 120000' });
  });

  test('rating min, max and step', () => {
    let d = changeType(base(), [0, 0], 'rating');
    d = setNumber(setNumber(setNumber(d, [0, 0], 'rateMin', '0'), [0, 0], 'rateMax', '10'), [0, 0], 'rateStep', '2');
    expect(getAt(d, [0, 0])).toMatchObject({ rateMin: 0, rateMax: 10, rateStep: 2 });
    expect(rangeProblems(getAt(d, [0, 0]))).toEqual([]);
    expect(rangeProblems(getAt(setNumber(d, [0, 0], 'rateMax', '0'), [0, 0]))).toContain('min-above-max');
    expect(rangeProblems(getAt(setNumber(d, [0, 0], 'rateStep', '-1'), [0, 0]))).toContain('bad-step');
  });
});

describe('structures', () => {
  test('matrix rows and columns are items with bilingual texts', () => {
    let d = changeType(base(), [0, 1], 'matrix');
    expect(getAt(d, [0, 1])).not.toHaveProperty('choices');
    d = addItem(addItem(d, [0, 1], 'rows'), [0, 1], 'columns');
    d = setItemText(d, [0, 1], 0, 'fr', 'Logement', 'rows');
    expect(getAt(d, [0, 1])).toMatchObject({ rows: [{ value: 'item1', text: { fr: 'Logement' } }], columns: [{ value: 'item1' }] });
  });

  test('matrix with drop-downs: columns with cell type and choices, rows', () => {
    let d = changeType(base(), [0, 1], 'matrixdropdown');
    d = addNamed(addNamed(d, [0, 1], 'columns'), [0, 1], 'columns');
    expect((getAt(d, [0, 1])!.columns as { name: string }[]).map((c) => c.name)).toEqual(['col1', 'col2']);
    d = updateNamedItem(d, [0, 1], 'columns', 0, (c) => ({ ...c, name: 'budget' }));
    d = setNamedTitle(d, [0, 1], 'columns', 0, 'default', 'Budget');
    d = setNamedTitle(d, [0, 1], 'columns', 0, 'fr', 'Budget (FR)');
    d = setCellType(d, [0, 1], 0, 'radiogroup');
    d = setColumnChoices(d, [0, 1], 0, 'low | Low | Bas\nhigh | High | Élevé\n3');
    expect((getAt(d, [0, 1])!.columns as unknown[])[0]).toEqual({
      name: 'budget',
      title: { default: 'Budget', fr: 'Budget (FR)' },
      cellType: 'radiogroup',
      choices: [{ value: 'low', text: { default: 'Low', fr: 'Bas' } }, { value: 'high', text: { default: 'High', fr: 'Élevé' } }, 3],
    });
    // A text cell has no choices.
    const text = setCellType(d, [0, 1], 0, 'text');
    expect((getAt(text, [0, 1])!.columns as unknown[])[0]).not.toHaveProperty('choices');
    d = addItem(d, [0, 1], 'rows');
    expect(checkDefinition(d, { requireTranslations: false })).toEqual([]);
    const model = new Model(d);
    expect(model.getQuestionByName('areas').getType()).toBe('matrixdropdown');
    model.dispose();
  });

  test('column choices as lines round-trip', () => {
    const choices = [{ value: 'a', text: { default: 'A', fr: 'A fr' } }, 'b', 2];
    expect(linesToChoices(choicesToLines(choices))).toEqual(choices);
    expect(linesToChoices('\n  \n')).toBeUndefined();
  });

  test('multiple text items', () => {
    let d = changeType(base(), [0, 0], 'multipletext');
    d = addNamed(addNamed(d, [0, 0], 'items'), [0, 0], 'items');
    d = setNamedTitle(d, [0, 0], 'items', 1, 'fr', 'Deuxième');
    expect(getAt(d, [0, 0])!.items).toEqual([{ name: 'item1' }, { name: 'item2', title: { fr: 'Deuxième' } }]);
  });

  test('a dynamic panel shows its template questions as children in the outline, edited by path', () => {
    let d = changeType(base(), [0, 1], 'paneldynamic');
    const added = addTemplateQuestion(d, [0, 1], 'text');
    d = addTemplateQuestion(added.definition, [0, 1], 'comment').definition;
    expect(added.path).toEqual([0, 1, 0]);
    const rows = outlineOf(d).map((r) => [r.path.join('.'), r.depth, r.type]);
    expect(rows).toEqual([
      ['0', 0, 'page'],
      ['0.0', 1, 'text'],
      ['0.1', 1, 'paneldynamic'],
      ['0.1.0', 2, 'text'],
      ['0.1.1', 2, 'comment'],
    ]);
    d = setText(d, [0, 1, 1], 'title', 'fr', 'Commentaire');
    expect((getAt(d, [0, 1])!.templateElements as unknown[])[1]).toMatchObject({ type: 'comment', title: { fr: 'Commentaire' } });
    expect(getAt(d, [0, 1])).not.toHaveProperty('elements');
    // Within the template a question moves; out of it, it does not (the answers would change shape).
    const moved = moveAt(d, [0, 1, 1], -1)!;
    expect((getAt(moved.definition, [0, 1])!.templateElements as { type: string }[]).map((q) => q.type)).toEqual(['comment', 'text']);
    expect(moveAt(d, [0, 1, 0], -1)).toBeUndefined();
    // Adding after a template question adds to the template.
    const after = addQuestion(d, 'boolean', [0, 1, 1]);
    expect(after.path).toEqual([0, 1, 2]);
    expect(checkDefinition(after.definition, { requireTranslations: false })).toEqual([]);
  });

  test('changing to another type drops the properties of the old one', () => {
    let d = changeType(base(), [0, 1], 'matrixdropdown');
    d = addNamed(d, [0, 1], 'columns');
    const back = changeType(d, [0, 1], 'radiogroup');
    expect(getAt(back, [0, 1])).not.toHaveProperty('columns');
    const html = setText(changeType(base(), [0, 0], 'html'), [0, 0], 'html', 'default', '<p>x</p>');
    expect(getAt(html, [0, 0])).toMatchObject({ type: 'html', html: { default: '<p>x</p>' } });
    const expr = changeType(html, [0, 0], 'expression');
    expect(getAt(expr, [0, 0])).not.toHaveProperty('html');
  });
});
