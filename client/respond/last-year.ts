import { Model, type Question } from 'survey-core';
import type { Answers } from '../../surveys/answers-merge';
import { translate } from '../i18n';

/**
 * Adds "Last year (2025) you answered: ..." under each question the city answered in the previous survey, in
 * English and French, after the question's own description (French falls back to the English description, as
 * survey-core shows it). Last year's answers are read through a Model of this year's questionnaire, so they are
 * shown with this year's choice texts.
 *
 * The previous Model's language is set once per language, not once per question and language: each change makes
 * survey-core notify every element of the questionnaire, which made this quadratic in its size (about 190 full
 * notifications for the 95 elements of the annual survey). The notes are added once both languages are read, so
 * that the French text never starts from an English description that already holds the English note.
 */
export function annotateWithLastYear(model: Model, definition: object, previous: { year: number; data: Answers } | null): void {
  if (!previous) return;
  const prev = new Model(definition);
  try {
    prev.data = previous.data;
    const answered: [Question, Question][] = [];
    for (const q of model.getAllQuestions()) {
      const p = prev.getQuestionByName(q.name);
      if (p && !p.isEmpty() && q.getType() !== 'html') answered.push([q, p]);
    }
    const notes = new Map<Question, { en?: string; fr?: string }>();
    for (const lang of ['en', 'fr'] as const) {
      prev.locale = lang === 'fr' ? 'fr' : '';
      for (const [q, p] of answered) {
        const value = String(p.displayValue ?? '')
          .replace(/\s+/g, ' ')
          .slice(0, 300);
        if (!value || value === '[object Object]') continue;
        const note = notes.get(q) ?? {};
        note[lang] = translate(lang, 'lastYear', { year: previous.year, value });
        notes.set(q, note);
      }
    }
    for (const [q, note] of notes) {
      const en = q.locDescription.getLocaleText('default');
      const fr = q.locDescription.getLocaleText('fr') || en;
      if (note.en) q.locDescription.setLocaleText('default', en ? `${en}\n${note.en}` : note.en);
      if (note.fr) q.locDescription.setLocaleText('fr', fr ? `${fr}\n${note.fr}` : note.fr);
    }
  } finally {
    prev.dispose();
  }
}
