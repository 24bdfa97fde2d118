/**
 * What the builder keeps between edits so that an edit of a 300-question survey stays fast (issue 4's benchmark):
 * the translation count page by page, the condition subjects per element, and the server's check of a definition.
 * Each must give exactly what computing everything again gives.
 */
import { expect, test } from 'vitest';
import { synthetic } from '../../bench/sections/builder';
import { allSubjects, subjectsBefore } from '../../client/builder/conditions';
import { addPage, addQuestion, deleteAt, setItemText, setText, type Definition } from '../../client/builder/edit-definition';
import { collectTexts, completenessByPage, completenessOf } from '../../client/builder/translations';
import { checkDefinition, findDefinitionProblems, loadDefaultSurveys } from '../../surveys/default-surveys';

const recount = (def: Definition) => completenessOf(collectTexts(def));

test('the count page by page equals the full count, on the real questionnaire and a 300-question one', () => {
  const real = loadDefaultSurveys()[0]!.definition as Definition;
  expect(completenessByPage(real)).toEqual(recount(real));
  const big = synthetic(300);
  // 1 survey title + 300 question titles + 4 choices of each of the 200 choice questions, all in both languages.
  expect(completenessByPage(big)).toEqual({ translated: 1101, total: 1101 });
  expect(completenessByPage(big)).toEqual(recount(big));
});

test('after edits the count page by page follows them (only the edited page is counted again)', () => {
  let def = synthetic(30);
  const before = completenessByPage(def);
  expect(before).toEqual({ translated: 111, total: 111 });
  // Removing the French title of a question: one text untranslated.
  def = setText(def, [1, 3], 'title', 'fr', '');
  expect(completenessByPage(def)).toEqual({ translated: 110, total: 111 });
  expect(completenessByPage(def)).toEqual(recount(def));
  // A survey-level text in English only.
  def = { ...def, description: { default: 'About the survey' } };
  expect(completenessByPage(def)).toEqual({ translated: 110, total: 112 });
  // A choice text translated back, a new page, a deleted question.
  def = setItemText(def, [0, 0], 0, 'fr', '');
  expect(completenessByPage(def)).toEqual(recount(def));
  def = addPage(def, 1).definition;
  def = addQuestion(def, 'radiogroup', [2]).definition;
  def = deleteAt(def, [0, 0]);
  expect(completenessByPage(def)).toEqual(recount(def));
});

test('condition subjects follow an edited title and choice, and stay the same objects for untouched questions', () => {
  const def = synthetic(30);
  const first = subjectsBefore(def, [2, 0]);
  expect(first).toHaveLength(20);
  // q12 (page 1, third question) is a radiogroup.
  const edited = setItemText(setText(def, [1, 2], 'title', 'default', 'Renamed'), [1, 2], 1, 'default', 'Second');
  const again = subjectsBefore(edited, [2, 0]);
  expect(again[12]).toMatchObject({ name: 'q12', title: 'Renamed' });
  expect(again[12]!.values[1]).toEqual({ value: 'c2', text: 'Second' });
  expect(first[12]!.title).toBe('Question 12');
  expect(first[12]!.values[1]).toEqual({ value: 'c2', text: 'Choice 2' });
  expect(again[0]).toBe(first[0]);
  expect(allSubjects(edited, 'fr')[12]!.title).toBe('Question 12 (fr)');
});

test('the server check gives the same problems from memory, and a copy each time', () => {
  const def = synthetic(20) as Record<string, unknown>;
  const broken = { ...def, pages: [...(def.pages as unknown[]), { name: 'page0', elements: [{ type: 'text', name: 'q0' }] }] };
  const expected = findDefinitionProblems(broken);
  expect(expected).toEqual(expect.arrayContaining(['duplicate question name "q0" (used 2 times)', 'duplicate page name "page0" (used 2 times)']));
  const once = checkDefinition(broken);
  expect(once).toEqual(expected);
  once.push('changed by the caller');
  expect(checkDefinition(structuredClone(broken))).toEqual(expected);
  expect(checkDefinition(def)).toEqual([]);
  // Options are part of what is remembered.
  const english = { ...def, title: 'Only English' };
  expect(checkDefinition(english)).toHaveLength(1);
  expect(checkDefinition(english, { requireTranslations: false })).toEqual([]);
});
