/**
 * The warning about answers to no question: the analysis counts the known keys it reads against the keys of a
 * plain response and looks every key up only when they differ, so each way a count could mislead is tried here.
 */
import '../../surveys/extensions';
import { describe, expect, test } from 'vitest';
import { analyseSurvey, analyseSurveyStream } from '../../analysis/analyse-survey';

const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'q1' },
        { type: 'radiogroup', name: 'q2', choices: ['a', 'b'], showOtherItem: true },
      ],
    },
  ],
};

const ignored = (data: Record<string, unknown>[]) => {
  const responses = data.map((d, i) => ({ city: `C${i}`, data: d }));
  const warnings = [analyseSurvey({ definition, responses }).warnings, analyseSurveyStream({ definition, responses }).warnings];
  expect(warnings[0]).toEqual(warnings[1]);
  return warnings[0]!.find((w) => w.startsWith('answers to no question')) ?? null;
};

describe('answers to no question', () => {
  test('none when every key is a question or its comment', () => {
    expect(ignored([{ q1: 'x', q2: 'other', 'q2-Comment': 'y' }, { q2: 'a' }, {}])).toBeNull();
  });

  test('a stray key beside every known one is listed', () => {
    expect(ignored([{ q1: 'x', q2: 'a', 'q2-Comment': 'y', stray: 1 }])).toBe('answers to no question of the definition were ignored: stray');
  });

  test('a known key holding undefined does not hide a stray key', () => {
    expect(ignored([{ q1: undefined, stray: 'z' }])).toBe('answers to no question of the definition were ignored: stray');
  });

  test('as many stray keys as unanswered questions are listed', () => {
    expect(ignored([{ q2: 'a', stray_1: 1, stray_2: 2 }])).toBe('answers to no question of the definition were ignored: stray_1, stray_2');
  });

  test('answers without a prototype, or of a class, are read key by key', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { q1: 'x', other_bare: 1 });
    class Answers {
      q1 = 'x';
      other_instance = 2;
    }
    expect(ignored([bare, new Answers() as unknown as Record<string, unknown>])).toBe(
      'answers to no question of the definition were ignored: other_bare, other_instance',
    );
  });

  test('a response of more than 127 answers (a dictionary object, as JSON.parse gives them) is read the same', () => {
    const many: Record<string, unknown> = { q1: 'x', q2: 'b' };
    for (let i = 0; i < 140; i++) many[`extra_${String(i).padStart(3, '0')}`] = i;
    const parsed = JSON.parse(JSON.stringify(many)) as Record<string, unknown>;
    expect(ignored([parsed])).toBe(`answers to no question of the definition were ignored: ${Object.keys(many).slice(2).join(', ')}`);
  });
});
