import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  buildExpression,
  checkExpression,
  literal,
  operatorsFor,
  parseCondition,
  subjectsBefore,
  type Clause,
  type Condition,
} from '../../client/builder/conditions';
import type { Definition } from '../../client/builder/edit-definition';

const loc = (en: string, fr: string) => ({ default: en, fr });

function sample(): Definition {
  return {
    pages: [
      {
        name: 'p1',
        elements: [
          { type: 'html', name: 'intro', html: loc('Hi', 'Salut') },
          { type: 'radiogroup', name: 'role', title: loc('Role', 'Rôle'), choices: [{ value: 'coord', text: loc('Coordinator', 'Coordinateur') }, 'staff'], showNoneItem: true },
          { type: 'panel', name: 'box', elements: [{ type: 'checkbox', name: 'channels', choices: [1, 2] }, { type: 'text', name: 'size', inputType: 'number' }] },
          { type: 'comment', name: 'why' },
        ],
      },
      { name: 'p2', elements: [{ type: 'rating', name: 'score', rateMin: 0, rateMax: 3 }, { type: 'boolean', name: 'ok' }] },
    ],
  };
}

test('a condition may test the questions before the element, not itself, what is inside it or later ones', () => {
  const def = sample();
  expect(subjectsBefore(def, [0, 3]).map((s) => s.name)).toEqual(['role', 'channels', 'size']);
  expect(subjectsBefore(def, [0, 2]).map((s) => s.name)).toEqual(['role']);
  expect(subjectsBefore(def, [0, 2, 1]).map((s) => s.name)).toEqual(['role', 'channels']);
  expect(subjectsBefore(def, [1]).map((s) => s.name)).toEqual(['role', 'channels', 'size', 'why']);
  expect(subjectsBefore(def, [0])).toEqual([]);
});

test('subjects offer the answers to pick from, in the chosen language', () => {
  const [role, channels, size, why, score, ok] = subjectsBefore(sample(), [2], 'fr');
  expect(role!.values).toEqual([
    { value: 'coord', text: 'Coordinateur' },
    { value: 'staff', text: 'staff' },
    { value: 'none', text: 'none' },
  ]);
  expect(role!.title).toBe('Rôle');
  expect(channels!.values.map((v) => v.value)).toEqual([1, 2]);
  expect(size).toMatchObject({ numeric: true, values: [] });
  expect(why).toMatchObject({ numeric: false, values: [], title: 'why' });
  expect(score!.values.map((v) => v.value)).toEqual([0, 1, 2, 3]);
  expect(ok!.values).toEqual([
    { value: true, text: 'Oui' },
    { value: false, text: 'Non' },
  ]);
});

test('operators suit the question type', () => {
  expect(operatorsFor({ type: 'radiogroup', numeric: false })).toEqual(['equal', 'notequal', 'anyof', 'empty', 'notempty']);
  expect(operatorsFor({ type: 'checkbox', numeric: false })).toEqual(['contains', 'notcontains', 'anyof', 'empty', 'notempty']);
  expect(operatorsFor({ type: 'rating', numeric: true })).toContain('greater');
  expect(operatorsFor({ type: 'text', numeric: true })).toContain('less');
  expect(operatorsFor({ type: 'text', numeric: false })).not.toContain('greater');
  expect(operatorsFor({ type: 'matrix', numeric: false })).toEqual(['empty', 'notempty']);
});

test('clauses build the expression SurveyJS reads; incomplete clauses are left out', () => {
  const c: Condition = {
    join: 'and',
    clauses: [
      { question: 'role', operator: 'equal', value: 'coord' },
      { question: 'channels', operator: 'anyof', value: [1, 2] },
      { question: 'why', operator: 'notempty' },
      { question: 'size', operator: 'greater', value: 10 },
      { question: 'ok', operator: 'equal', value: true },
      { question: '', operator: 'equal', value: 'x' },
      { question: 'role', operator: 'equal', value: '' },
      { question: 'channels', operator: 'anyof', value: [] },
    ],
  };
  expect(buildExpression(c)).toBe("{role} = 'coord' and {channels} anyof [1, 2] and {why} notempty and {size} > 10 and {ok} = true");
  expect(buildExpression({ join: 'or', clauses: [{ question: 'a', operator: 'notequal', value: "it's" }, { question: 'b', operator: 'empty' }] })).toBe(
    "{a} <> 'it\\'s' or {b} empty",
  );
  expect(literal('5')).toBe("'5'");
  expect(literal(5)).toBe('5');
});

test('simple expressions read back into clauses, however they are spelled', () => {
  expect(parseCondition("{role} == 'coord' or {role} != \"staff\" or ({why} notempty)")).toEqual({
    join: 'or',
    clauses: [
      { question: 'role', operator: 'equal', value: 'coord' },
      { question: 'role', operator: 'notequal', value: 'staff' },
      { question: 'why', operator: 'notempty' },
    ],
  });
  expect(parseCondition("{channels} anyof [1, 'x']")).toEqual({ join: 'and', clauses: [{ question: 'channels', operator: 'anyof', value: [1, 'x'] }] });
  expect(parseCondition('{score} >= 2 and {ok} = false')).toEqual({
    join: 'and',
    clauses: [
      { question: 'score', operator: 'greaterorequal', value: 2 },
      { question: 'ok', operator: 'equal', value: false },
    ],
  });
  expect(parseCondition('')).toEqual({ join: 'and', clauses: [] });
});

test('expressions the clause editor cannot show stay free text', () => {
  for (const text of [
    "{a} = 1 and {b} = 2 or {c} = 3", // mixed and / or
    '{a} + 1 > 2', // arithmetic
    'age({birth}) >= 18', // function
    '{a} = {b}', // two questions
    '!({a} = 1)', // negation
    "{a} = 'x' and", // syntax error
    '{a} notempty = true',
  ]) {
    expect(parseCondition(text), text).toBeUndefined();
  }
});

test('survey-core rewrites operator spellings even inside quoted values: such a value reads back changed', () => {
  // A limitation of SurveyJS expressions, not of the builder: the survey itself would compare with '<='.
  expect(parseCondition("{a} = '=<'")).toEqual({ join: 'and', clauses: [{ question: 'a', operator: 'equal', value: '<=' }] });
});

test('building then reading a condition gives it back (property)', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  // survey-core rewrites `=>`, `=<`, `<>`, `equals` and `notequals` everywhere in an expression's text, string
  // literals included (ConditionsParser.patchExpression), so such values cannot round-trip: see the test below.
  const text = fc
    .string({ maxLength: 12 })
    .filter((s) => s !== '' && !s.endsWith('\\') && !/[\u0000-\u001f"]/.test(s) && !/=>|=<|<>|equals/.test(s));
  const scalar = fc.oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.boolean());
  const clause: fc.Arbitrary<Clause> = fc.oneof(
    fc.record({ question: name, operator: fc.constantFrom('equal', 'notequal', 'contains', 'notcontains', 'greater', 'less') as fc.Arbitrary<Clause['operator']>, value: scalar }),
    fc.record({ question: name, operator: fc.constant('anyof') as fc.Arbitrary<Clause['operator']>, value: fc.array(fc.oneof(text, fc.integer()), { minLength: 1, maxLength: 4 }) }),
    fc.record({ question: name, operator: fc.constantFrom('empty', 'notempty') as fc.Arbitrary<Clause['operator']> }),
  );
  fc.assert(
    fc.property(fc.record({ join: fc.constantFrom('and', 'or') as fc.Arbitrary<'and' | 'or'>, clauses: fc.array(clause, { minLength: 2, maxLength: 5 }) }), (c) => {
      expect(parseCondition(buildExpression(c))).toEqual(c);
    }),
    { numRuns: 200 },
  );
});

test('checking finds syntax errors with their place, unknown questions and unknown functions', () => {
  const def = sample();
  expect(checkExpression("{role} = 'coord'", def)).toBeUndefined();
  expect(checkExpression('', def)).toBeUndefined();
  expect(checkExpression("{role} = 'coord' and", def)).toEqual({ kind: 'syntax', at: 20 });
  expect(checkExpression("{rol} = 'coord' and {nope} empty and {ROLE} notempty", def)).toEqual({ kind: 'unknown-question', names: ['rol', 'nope'] });
  expect(checkExpression('{why-Comment} notempty and {channels.length} > 1 and {panel.x} = 1', def)).toBeUndefined();
  expect(checkExpression('age({size}) > 1 and nofunc({size}) = 2', def)).toEqual({ kind: 'unknown-function', names: ['nofunc'] });
});
