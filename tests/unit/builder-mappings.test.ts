/**
 * Explicit mappings of renamed codes and values (issue 4, surveys/definition-diff.ts): what needs one, what a
 * mapping may say, how older answers are read with it, and which answers a version no longer holds.
 */
import { describe, expect, test } from 'vitest';
import { answersOutside, applyAnswerMapping, mappingProblems, renamesNeedingMapping } from '../../surveys/definition-diff';

const def = (q1: string, yes: string, extra: Record<string, unknown>[] = []) => ({
  pages: [
    {
      name: 'p',
      elements: [
        { type: 'checkbox', name: q1, title: 'Areas', choices: [yes, 'no', 'maybe'] },
        { type: 'matrix', name: 'grid', rows: ['r1', 'r2'], columns: ['c1', 'c2'] },
        { type: 'comment', name: 'note', valueName: 'note_value' },
        ...extra,
      ],
    },
  ],
});

describe('mappings', () => {
  const answers = [{ areas: ['yes', 'no'], grid: { r1: 'c1' } }, { areas: ['maybe'], grid: { r2: 'c2' } }, {}];

  test('a renamed code or a removed value is listed only when answers use it', () => {
    expect(renamesNeedingMapping(def('areas', 'yes'), def('areas', 'yes'), answers)).toEqual([]);
    expect(renamesNeedingMapping(def('areas', 'yes'), def('fields', 'yes'), answers)).toEqual([{ kind: 'question', code: 'areas', answers: 2, suggestion: 'fields' }]);
    expect(renamesNeedingMapping(def('areas', 'yes'), def('areas', 'adopted'), answers)).toEqual([{ kind: 'value', question: 'areas', list: 'choices', value: 'yes', answers: 1 }]);
    // No answer uses it: nothing to map.
    expect(renamesNeedingMapping(def('areas', 'yes'), def('areas', 'adopted'), [{ areas: ['no'] }])).toEqual([]);
    // Matrix rows and columns.
    const noRow = def('areas', 'yes');
    (noRow.pages[0]!.elements[1] as { rows: string[]; columns: string[] }).rows = ['r1'];
    (noRow.pages[0]!.elements[1] as { rows: string[]; columns: string[] }).columns = ['c1'];
    expect(renamesNeedingMapping(def('areas', 'yes'), noRow, answers)).toEqual([
      { kind: 'value', question: 'grid', list: 'rows', value: 'r2', answers: 1 },
      { kind: 'value', question: 'grid', list: 'columns', value: 'c2', answers: 1 },
    ]);
    // A mapping given (to a new value or to null) covers it.
    expect(renamesNeedingMapping(def('areas', 'yes'), def('areas', 'adopted'), answers, { questions: {}, values: { areas: { yes: null } } })).toEqual([]);
  });

  test('mapping targets must exist in the new version', () => {
    const to = def('fields', 'adopted');
    expect(mappingProblems({ questions: { areas: 'fields' }, values: { areas: { yes: 'adopted' } } }, to)).toEqual([]);
    expect(mappingProblems({ questions: { areas: 'nowhere' }, values: { areas: { yes: 'gone' } } }, to)).toEqual([
      'mapping of question "areas": no question "nowhere" in the new version',
      'mapping of values of "areas": no such question in the new version',
    ]);
    expect(mappingProblems({ questions: { areas: 'fields' }, values: { areas: { yes: 'gone' } } }, to)).toEqual([
      'mapping of "areas" value "yes": no value "gone" in question "fields"',
    ]);
  });

  test('older answers read with a mapping', () => {
    const mapping = { questions: { areas: 'fields', old: null }, values: { areas: { yes: 'adopted', maybe: null }, grid: { r2: 'row2', c1: 'col1' } } };
    expect(applyAnswerMapping({ areas: ['yes', 'no', 'maybe'], grid: { r1: 'c1', r2: 'c2' }, old: 'x', note: 'kept' }, mapping)).toEqual({
      fields: ['adopted', 'no'],
      grid: { r1: 'col1', row2: 'c2' },
      note: 'kept',
    });
  });

  test("the 'other' text follows its question: renamed or dropped with it, unless the mapping names it", () => {
    const mapping = { questions: { areas: 'fields', old: null }, values: { areas: { other: 'something_else' } } };
    expect(
      applyAnswerMapping({ areas: ['other'], 'areas-Comment': 'Libraries', old: 'other', 'old-Comment': 'gone', 'note-Comment': 'stays' }, mapping),
    ).toEqual({ fields: ['something_else'], 'fields-Comment': 'Libraries', 'note-Comment': 'stays' });
    const named = { questions: { areas: 'fields', 'areas-Comment': 'areas_other' }, values: {} };
    expect(applyAnswerMapping({ areas: ['other'], 'areas-Comment': 'Libraries' }, named)).toEqual({ fields: ['other'], areas_other: 'Libraries' });
    // A code that merely ends like a comment is not taken for one of an unrelated question.
    expect(applyAnswerMapping({ 'x-Comment': 'a' }, { questions: { y: 'z' }, values: {} })).toEqual({ 'x-Comment': 'a' });
  });

  test('answers a version no longer holds (valueName and comments understood), empty ones ignored', () => {
    expect(answersOutside(def('areas', 'yes'), { areas: ['yes'], 'areas-Comment': 'x', note_value: 'n', removed: 'kept', empty: '' })).toEqual(['removed']);
  });
});
