/**
 * Values and codes survey-core rewrites inside expressions (surveys/expression-rewrites.ts): the definition check
 * refuses a condition that would not compare with what it says, and warns about values no condition could use.
 */
import fc from 'fast-check';
import { ConditionRunner, ConditionsParser } from 'survey-core';
import { expect, test } from 'vitest';
import { checkDefinition, loadDefaultSurveys } from '../../surveys/default-surveys';
import { changedLiterals, rewrittenBySurveyCore, rewrittenValueWarnings } from '../../surveys/expression-rewrites';

const definition = (visibleIf?: string, value = 'a=>b') => ({
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'q', choices: [value, 'plain'] },
        { type: 'text', name: 'why', ...(visibleIf ? { visibleIf } : {}) },
      ],
    },
  ],
});

test('survey-core itself rewrites a quoted value: a condition on the choice "a=>b" never matches it', () => {
  expect(new ConditionRunner("{q} = 'a=>b'").runValues({ q: 'a=>b' })).toBe(false);
  expect(new ConditionRunner("{q} = 'a=>b'").runValues({ q: 'a>=b' })).toBe(true);
  expect(new ConditionRunner("{q} = 'plain'").runValues({ q: 'plain' })).toBe(true);
});

test('the rewriting is survey-core’s own, for any text', () => {
  const parser = new ConditionsParser() as unknown as { patchExpression(text: string): string };
  const pieces = fc.constantFrom('=>', '=<', '<>', 'equals', 'notequals', '=', '<', '>', 'e', 'quals', ' ', "'", '{q}', 'a');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      expect(rewrittenBySurveyCore(text)).toBe(parser.patchExpression(text));
    }),
  );
});

test('quoted values and {names} that survey-core changes are found; operators written the other way are not', () => {
  expect(changedLiterals("{q} = 'a=>b'")).toEqual([{ kind: 'value', text: 'a=>b', readAs: 'a>=b' }]);
  expect(changedLiterals('{q} anyof ["x<>y", "ok"]')).toEqual([{ kind: 'value', text: 'x<>y', readAs: 'x!=y' }]);
  expect(changedLiterals("{q_equals} = 'yes'")).toEqual([{ kind: 'name', text: 'q_equals', readAs: 'q_equal ' }]);
  expect(changedLiterals('{n} => 3 and {m} =< 4 and {q} notequals 1 and {r} <> 2')).toEqual([]);
  expect(changedLiterals("{q} = 'plain'")).toEqual([]);
});

test('a condition on such a value is refused, naming the question, the condition and the value', () => {
  const problems = checkDefinition(definition("{q} = 'a=>b'"), { requireTranslations: false });
  expect(problems).toEqual([
    `question "why": visibleIf "{q} = 'a=>b'" would not work: survey-core rewrites "=>" inside expressions, so it reads the value "a=>b" as "a>=b". Rename the value (without "=>").`,
  ]);
  // The same value without a condition on it passes the check.
  expect(checkDefinition(definition(), { requireTranslations: false })).toEqual([]);
  expect(checkDefinition(definition("{q} = 'plain'"), { requireTranslations: false })).toEqual([]);
});

test('values and codes no condition could use are warnings naming the element; used ones are left to the check', () => {
  expect(rewrittenValueWarnings(definition())).toEqual([
    'question "q": choice value "a=>b" contains "=>", which survey-core rewrites inside conditions (it would read "a>=b"): a condition on it would never match. Prefer a choice value without "=>".',
  ]);
  expect(rewrittenValueWarnings(definition("{q} = 'a=>b'"))).toEqual([]);
  const matrix = {
    pages: [
      {
        elements: [
          {
            type: 'matrixdropdown',
            name: 'grid_equals',
            rows: [{ value: 'r<>1', text: 'Row' }],
            columns: [{ name: 'c=<2' }],
          },
        ],
      },
    ],
  };
  expect(rewrittenValueWarnings(matrix).map((w) => w.split(' contains ')[0])).toEqual([
    'question "grid_equals": question code "grid_equals"',
    'question "grid_equals": row value "r<>1"',
    'question "grid_equals": column value "c=<2"',
  ]);
  expect(rewrittenValueWarnings(definition(undefined, 'a>=b'))).toEqual([]);
});

test('the shipped questionnaire has none', () => {
  for (const { definition: d } of loadDefaultSurveys()) {
    expect(rewrittenValueWarnings(d)).toEqual([]);
    expect(checkDefinition(d).filter((p) => p.includes('survey-core rewrites'))).toEqual([]);
  }
});
