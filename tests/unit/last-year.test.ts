/**
 * "Last year you answered" under each question a city answered the year before (client/respond/last-year.ts):
 * in each language only that language's note, after the question's own description.
 */
import { Model } from 'survey-core';
import 'survey-core/i18n/french';
import { expect, test } from 'vitest';
import { annotateWithLastYear } from '../../client/respond/last-year';

const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        {
          type: 'radiogroup',
          name: 'role',
          title: { default: 'Your role', fr: 'Votre rôle' },
          choices: [
            { value: 'coord', text: { default: 'Coordinator', fr: 'Coordinateur' } },
            { value: 'other', text: { default: 'Other', fr: 'Autre' } },
          ],
        },
        {
          type: 'checkbox',
          name: 'areas',
          description: { default: 'Tick all that apply.', fr: 'Cochez tout ce qui s’applique.' },
          choices: [
            { value: 'edu', text: { default: 'Education', fr: 'Éducation' } },
            { value: 'housing', text: { default: 'Housing', fr: 'Logement' } },
          ],
        },
        { type: 'comment', name: 'change', description: 'English only description.' },
        { type: 'text', name: 'unanswered' },
        { type: 'html', name: 'intro', html: '<p>Intro</p>' },
      ],
    },
  ],
};

function descriptions(model: Model, name: string) {
  const q = model.getQuestionByName(name)!;
  return { en: q.locDescription.getLocaleText('default'), fr: q.locDescription.getLocaleText('fr') };
}

test('each language gets its own note, with this year\'s choice texts, after the description', () => {
  const model = new Model(definition);
  annotateWithLastYear(model, definition, { year: 2025, data: { role: 'coord', areas: ['edu', 'housing'], change: 'A new  intercultural\nstrategy', intro: 'x' } });
  expect(descriptions(model, 'role')).toEqual({
    en: 'Last year (2025) you answered: Coordinator',
    fr: 'L’an dernier (2025), vous avez répondu : Coordinateur',
  });
  expect(descriptions(model, 'areas')).toEqual({
    en: 'Tick all that apply.\nLast year (2025) you answered: Education, Housing',
    fr: 'Cochez tout ce qui s’applique.\nL’an dernier (2025), vous avez répondu : Éducation, Logement',
  });
  // No French description: French shows the English one (as survey-core would), then the French note only.
  expect(descriptions(model, 'change')).toEqual({
    en: 'English only description.\nLast year (2025) you answered: A new intercultural strategy',
    fr: 'English only description.\nL’an dernier (2025), vous avez répondu : A new intercultural strategy',
  });
  expect(descriptions(model, 'unanswered')).toEqual({ en: '', fr: '' });
});

test('no previous answers change nothing; long answers are cut to 300 characters', () => {
  const model = new Model(definition);
  annotateWithLastYear(model, definition, null);
  expect(descriptions(model, 'role')).toEqual({ en: '', fr: '' });
  annotateWithLastYear(model, definition, { year: 2024, data: { change: 'x'.repeat(500) } });
  expect(descriptions(model, 'change').en).toBe(`English only description.\nLast year (2024) you answered: ${'x'.repeat(300)}`);
});
