import { expect, test } from 'vitest';
import { DEFAULT_MAX_TEXT, SubmissionChecker, type Locale } from '../../server/domain/submission-check';

const checker = new SubmissionChecker();
// The checker keeps one model per survey version: every definition below gets its own version id.
let nextVersion = 1;

function check(elements: object[], data: Record<string, unknown>, locale: Locale = 'en') {
  return checker.check({ versionId: nextVersion++, definition: { pages: [{ name: 'p1', elements }] }, data, locale });
}

const radio = { type: 'radiogroup', name: 'q', choices: ['a', 'b'] };
const checkbox = { type: 'checkbox', name: 'q', choices: ['a', 'b', 'c'] };
const rating = { type: 'rating', name: 'q', rateMin: 1, rateMax: 5 };
const number = { type: 'text', name: 'q', inputType: 'number', min: 1, max: 10 };
const matrix = { type: 'matrix', name: 'q', rows: ['r1', 'r2'], columns: ['c1', 'c2'] };

test('a choice among the choices passes', () => {
  expect(check([radio], { q: 'a' })).toEqual({});
});

test('a choice not among the choices is refused', () => {
  expect(check([radio], { q: 'z' })).toEqual({ q: ['"z" is not one of the choices.'] });
  expect(check([{ type: 'dropdown', name: 'q', choices: [1, 2] }], { q: '1' })).toEqual({ q: ['"1" is not one of the choices.'] });
});

test('a choice not among the choices is explained in French', () => {
  expect(check([radio], { q: 'z' }, 'fr')).toEqual({ q: ['« z » ne fait pas partie des choix proposés.'] });
});

test("'other' is a choice only when the question shows the other item, and then needs its text", () => {
  expect(check([radio], { q: 'other' })).toEqual({ q: ['"other" is not one of the choices.'] });
  expect(check([{ ...radio, showOtherItem: true }], { q: 'other', 'q-Comment': 'Mayor' })).toEqual({});
  expect(check([{ ...radio, showOtherItem: true }], { q: 'other' })).toEqual({ q: ['Response required: enter another value.'] });
});

test("'dontknow' is a choice only when the question shows the don't-know item", () => {
  expect(check([radio], { q: 'dontknow' })).toEqual({ q: ['"dontknow" is not one of the choices.'] });
  expect(check([{ ...radio, showDontKnowItem: true }], { q: 'dontknow' })).toEqual({});
  expect(check([{ ...radio, showNoneItem: true }], { q: 'none' })).toEqual({});
});

test('a checkbox answer respects maxSelectedChoices and minSelectedChoices', () => {
  expect(check([{ ...checkbox, maxSelectedChoices: 2 }], { q: ['a', 'b'] })).toEqual({});
  expect(check([{ ...checkbox, maxSelectedChoices: 2 }], { q: ['a', 'b', 'c'] })).toEqual({ q: ['Please select at most 2 choices.'] });
  expect(check([{ ...checkbox, maxSelectedChoices: 2 }], { q: ['a', 'b', 'c'] }, 'fr')).toEqual({ q: ['Veuillez sélectionner au plus 2 choix.'] });
  expect(check([{ ...checkbox, minSelectedChoices: 2 }], { q: ['a'] })).toEqual({ q: ['Please select at least 2 choices.'] });
});

test('a checkbox answer must be a list of distinct known choices', () => {
  expect(check([checkbox], { q: 'a' })).toEqual({ q: ['The answer must be a list of choices.'] });
  expect(check([checkbox], { q: ['a', 'a'] })).toEqual({ q: ['Each choice may appear only once.'] });
  expect(check([checkbox], { q: ['a', 'x'] })).toEqual({ q: ['"x" is not one of the choices.'] });
  expect(check([{ ...checkbox, showOtherItem: true }], { q: ['a', 'other'], 'q-Comment': 'More' })).toEqual({});
});

test('a rating must be one of the values of its scale', () => {
  expect(check([rating], { q: 1 })).toEqual({});
  expect(check([rating], { q: 5 })).toEqual({});
  expect(check([rating], { q: 0 })).toEqual({ q: ['Please pick one of the values of the scale.'] });
  expect(check([rating], { q: 6 })).toEqual({ q: ['Please pick one of the values of the scale.'] });
  expect(check([rating], { q: 2.5 })).toEqual({ q: ['Please pick one of the values of the scale.'] });
  expect(check([rating], { q: '3' })).toEqual({ q: ['Please pick one of the values of the scale.'] });
  expect(check([rating], { q: 6 }, 'fr')).toEqual({ q: ['Veuillez choisir une des valeurs de l’échelle.'] });
  expect(check([{ type: 'rating', name: 'q', rateValues: [{ value: 'low' }, { value: 'high' }] }], { q: 'high' })).toEqual({});
});

test('a number answer must be a number within min and max', () => {
  expect(check([number], { q: 1 })).toEqual({});
  expect(check([number], { q: 10 })).toEqual({});
  expect(check([number], { q: '7' })).toEqual({});
  expect(check([number], { q: 0 })).toEqual({ q: ['The value must be at least 1.'] });
  expect(check([number], { q: 11 })).toEqual({ q: ['The value must be at most 10.'] });
  expect(check([number], { q: 'ten' })).toEqual({ q: ['Please enter a number.'] });
  expect(check([number], { q: '' })).toEqual({ q: ['Please enter a number.'] });
  expect(check([number], { q: [5] })).toEqual({ q: ['Please enter a number.'] });
  expect(check([number], { q: 'ten' }, 'fr')).toEqual({ q: ['Veuillez saisir un nombre.'] });
  expect(check([number], { q: 0 }, 'fr')).toEqual({ q: ['La valeur doit être au moins 1.'] });
  expect(check([number], { q: 11 }, 'fr')).toEqual({ q: ['La valeur doit être au plus 10.'] });
});

test('a type problem is reported once, not repeated by survey-core', () => {
  expect(check([{ ...number, isRequired: true }], { q: 0 })).toEqual({ q: ['The value must be at least 1.'] });
});

test('a text answer respects maxLength, and a default limit without one', () => {
  expect(check([{ type: 'text', name: 'q', maxLength: 5 }], { q: 'abcde' })).toEqual({});
  expect(check([{ type: 'text', name: 'q', maxLength: 5 }], { q: 'abcdef' })).toEqual({ q: ['The answer is too long (at most 5 characters).'] });
  expect(check([{ type: 'comment', name: 'q', maxLength: 3 }], { q: 'abcd' }, 'fr')).toEqual({ q: ['La réponse est trop longue (au plus 3 caractères).'] });
  expect(check([{ type: 'text', name: 'q' }], { q: 'x'.repeat(DEFAULT_MAX_TEXT) })).toEqual({});
  expect(check([{ type: 'text', name: 'q' }], { q: 'x'.repeat(DEFAULT_MAX_TEXT + 1) })).toEqual({ q: ['The answer is too long (at most 10000 characters).'] });
});

test('a text answer must be text', () => {
  expect(check([{ type: 'text', name: 'q' }], { q: { a: 1 } })).toEqual({ q: ['Please enter text.'] });
  expect(check([{ type: 'comment', name: 'q' }], { q: true })).toEqual({ q: ['Please enter text.'] });
});

test('a matrix answer names known rows and columns', () => {
  expect(check([matrix], { q: { r1: 'c1', r2: 'c2' } })).toEqual({});
  expect(check([matrix], { q: { r9: 'c1' } })).toEqual({ q: ['"r9" is not one of the rows.'] });
  expect(check([matrix], { q: { r1: 'c9' } })).toEqual({ q: ['"c9" is not one of the choices.'] });
  expect(check([matrix], { q: { r9: 'c1' } }, 'fr')).toEqual({ q: ['« r9 » ne fait pas partie des lignes.'] });
  expect(check([matrix], { q: 'c1' })).toEqual({ q: ['The answer has an unexpected form.'] });
  expect(check([matrix], { q: ['c1'] })).toEqual({ q: ['The answer has an unexpected form.'] });
});

test('a matrix with numeric columns takes numbers, not their text', () => {
  const scored = { type: 'matrix', name: 'q', rows: ['r1'], columns: [0, 1, 2] };
  expect(check([scored], { q: { r1: 2 } })).toEqual({});
  expect(check([scored], { q: { r1: '2' } })).toEqual({ q: ['"2" is not one of the choices.'] });
});

test('a boolean answer is true, false or the values the question declares', () => {
  expect(check([{ type: 'boolean', name: 'q' }], { q: true })).toEqual({});
  expect(check([{ type: 'boolean', name: 'q' }], { q: false })).toEqual({});
  expect(check([{ type: 'boolean', name: 'q' }], { q: 'yes' })).toEqual({ q: ['Please answer yes or no.'] });
  expect(check([{ type: 'boolean', name: 'q' }], { q: 'yes' }, 'fr')).toEqual({ q: ['Veuillez répondre par oui ou par non.'] });
  expect(check([{ type: 'boolean', name: 'q', valueTrue: 'Y', valueFalse: 'N' }], { q: 'N' })).toEqual({});
});

test('a required question left empty is reported, in the chosen language', () => {
  expect(check([{ type: 'text', name: 'q', isRequired: true }], {})).toEqual({ q: ['Response required.'] });
  expect(check([{ type: 'text', name: 'q', isRequired: true }], {}, 'fr')).toEqual({ q: ['La réponse à cette question est obligatoire.'] });
});

test('a required question hidden by its condition is not required', () => {
  const elements = [radio, { type: 'text', name: 'why', isRequired: true, visibleIf: "{q} = 'a'" }];
  expect(check(elements, { q: 'b' })).toEqual({});
  expect(check(elements, { q: 'a' })).toEqual({ why: ['Response required.'] });
});

test("survey-core's validators run as well", () => {
  expect(check([{ type: 'text', name: 'q', validators: [{ type: 'email' }] }], { q: 'not-an-email' })).toEqual({
    q: ['Please enter a valid e-mail address.'],
  });
});

test('the model of a version is reused without keeping the previous answers', () => {
  const definition = { pages: [{ name: 'p1', elements: [{ type: 'text', name: 't', isRequired: true }, radio] }] };
  const versionId = nextVersion++;
  const run = (data: Record<string, unknown>, locale: Locale = 'en') => checker.check({ versionId, definition, data, locale });
  expect(run({ t: 'filled', q: 'a' })).toEqual({});
  expect(run({})).toEqual({ t: ['Response required.'] });
  expect(run({ q: 'z' }, 'fr')).toEqual({ t: ['La réponse à cette question est obligatoire.'], q: ['« z » ne fait pas partie des choix proposés.'] });
  expect(run({ t: 'again' })).toEqual({});
});

test('checking does not modify the answers', () => {
  const data = { q: ['a', 'b'], other: { nested: [1, 2] } };
  const copy = structuredClone(data);
  check([checkbox], data);
  expect(data).toEqual(copy);
});

test('an answer outside the choices counts as no answer for the conditions that depend on it', () => {
  // survey-core clears 'never' while validating, so `{has} != 'never'` becomes true and the follow-up is shown.
  const elements = [
    { type: 'radiogroup', name: 'has', choices: ['yes', 'no'] },
    { type: 'text', name: 'follow', visibleIf: "{has} != 'never'", isRequired: true },
  ];
  const definition = { pages: [{ name: 'p1', elements }] };
  const versionId = nextVersion++;
  const review = (data: Record<string, unknown>) => checker.review({ versionId, definition, data, locale: 'en' });
  expect(review({ has: 'never', follow: 'x' })).toEqual({ errors: { has: ['"never" is not one of the choices.'] }, withoutHidden: { has: 'never', follow: 'x' } });
  expect(review({ has: 'yes' })).toEqual({ errors: { follow: ['Response required.'] }, withoutHidden: { has: 'yes' } });
  expect(review({ has: 'no', follow: 'x' })).toEqual({ errors: {}, withoutHidden: { has: 'no', follow: 'x' } });
});
