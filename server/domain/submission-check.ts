import { Model, type Question } from 'survey-core';
import 'survey-core/i18n/french';
import '../../surveys/extensions';
import type { Answers } from '../../surveys/answers-merge';

export type Locale = 'en' | 'fr';
export type QuestionErrors = Record<string, string[]>;

const MESSAGES = {
  en: {
    notAChoice: (v: string) => `"${v}" is not one of the choices.`,
    tooMany: (n: number) => `Please select at most ${n} choices.`,
    tooFew: (n: number) => `Please select at least ${n} choices.`,
    notANumber: 'Please enter a number.',
    belowMin: (n: string) => `The value must be at least ${n}.`,
    aboveMax: (n: string) => `The value must be at most ${n}.`,
    notText: 'Please enter text.',
    tooLong: (n: number) => `The answer is too long (at most ${n} characters).`,
    notAList: 'The answer must be a list of choices.',
    duplicate: 'Each choice may appear only once.',
    notYesNo: 'Please answer yes or no.',
    notRating: 'Please pick one of the values of the scale.',
    badShape: 'The answer has an unexpected form.',
    unknownRow: (r: string) => `"${r}" is not one of the rows.`,
    rankAll: 'Please put all the options in order.',
  },
  fr: {
    notAChoice: (v: string) => `« ${v} » ne fait pas partie des choix proposés.`,
    tooMany: (n: number) => `Veuillez sélectionner au plus ${n} choix.`,
    tooFew: (n: number) => `Veuillez sélectionner au moins ${n} choix.`,
    notANumber: 'Veuillez saisir un nombre.',
    belowMin: (n: string) => `La valeur doit être au moins ${n}.`,
    aboveMax: (n: string) => `La valeur doit être au plus ${n}.`,
    notText: 'Veuillez saisir du texte.',
    tooLong: (n: number) => `La réponse est trop longue (au plus ${n} caractères).`,
    notAList: 'La réponse doit être une liste de choix.',
    duplicate: 'Chaque choix ne peut apparaître qu’une fois.',
    notYesNo: 'Veuillez répondre par oui ou par non.',
    notRating: 'Veuillez choisir une des valeurs de l’échelle.',
    badShape: 'La réponse n’a pas la forme attendue.',
    unknownRow: (r: string) => `« ${r} » ne fait pas partie des lignes.`,
    rankAll: 'Veuillez classer toutes les options.',
  },
} as const;
type Messages = (typeof MESSAGES)[Locale];

/** Longest text answer accepted when the question sets no `maxLength`. */
export const DEFAULT_MAX_TEXT = 10_000;

/**
 * Checks a submission on the server. survey-core's `validate()` checks required answers, validators and
 * expressions; it does not check that values are among the choices, ratings within the scale, numbers
 * are numbers, limits of selected choices or text sizes, so those are checked here first, by question type.
 *
 * One Model per survey version is kept and reused (creating one costs ~40-100 ms); `check` is synchronous,
 * so two requests never share it at the same time.
 */
export class SubmissionChecker {
  private readonly models = new Map<number, Model>();

  check(input: { versionId: number; definition: object; data: Answers; locale: Locale }): QuestionErrors {
    return this.review(input).errors;
  }

  /**
   * The per-question errors, and the answers as survey-core keeps them on completion: answers to questions hidden
   * by logic are dropped (with their comments), so indicators never count a follow-up whose condition the city
   * later undid. One pass: setting the Model's data re-runs every condition.
   */
  review({ versionId, definition, data, locale }: { versionId: number; definition: object; data: Answers; locale: Locale }): {
    errors: QuestionErrors;
    withoutHidden: Answers;
  } {
    const model = this.modelFor(versionId, definition);
    const errors: QuestionErrors = {};
    const add = (name: string, message: string) => (errors[name] ??= []).push(message);
    try {
      model.locale = locale === 'fr' ? 'fr' : '';
      model.data = data;
      const m = MESSAGES[locale];
      // Only questions the person can see: an answer left behind a condition that is now false must not block them.
      for (const q of model.getAllQuestions(false)) {
        if (q.parentQuestion || !isShown(q)) continue;
        const value = data[q.getValueName()];
        if (value === undefined || value === null) continue;
        for (const message of checkValue(q, value, m)) add(q.name, message);
      }
      model.validate(true, false);
      for (const q of model.getAllQuestions(true)) {
        // Where the type checks already explained the problem, survey-core's message would repeat it.
        if (errors[q.name]) continue;
        for (const e of q.errors) add(q.name, e.getText());
      }
      const withoutHidden: Answers = { ...data };
      for (const q of model.getAllQuestions(false)) {
        if (q.parentQuestion || isShown(q)) continue;
        delete withoutHidden[q.getValueName()];
        delete withoutHidden[`${q.getValueName()}-Comment`];
      }
      return { errors, withoutHidden };
    } finally {
      // No model.clear(): it re-runs every condition; the next `model.data =` replaces all values anyway.
      model.locale = '';
    }
  }

  private modelFor(versionId: number, definition: object): Model {
    let model = this.models.get(versionId);
    if (!model) {
      model = new Model(definition);
      this.models.set(versionId, model);
    }
    return model;
  }
}

type AnyQuestion = Question & Record<string, unknown>;

/** Visible itself and inside visible panels and pages. */
function isShown(q: Question): boolean {
  return q.isVisible && q.isParentVisible;
}

function choiceValues(q: AnyQuestion): Set<unknown> | undefined {
  if (q.choicesByUrl && (q.choicesByUrl as { url?: string }).url) return undefined;
  const visible = q.visibleChoices as { value: unknown }[] | undefined;
  if (!visible) return undefined;
  return new Set(visible.map((c) => c.value));
}

function isNumeric(v: unknown): v is number | string {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
}

function checkText(v: unknown, maxLength: number, m: Messages): string[] {
  if (typeof v !== 'string' && typeof v !== 'number') return [m.notText];
  return String(v).length > maxLength ? [m.tooLong(maxLength)] : [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Type checks of one answer; survey-core's own validation runs after these. */
function checkValue(question: Question, value: unknown, m: Messages): string[] {
  const q = question as AnyQuestion;
  const maxLength = typeof q.maxLength === 'number' && q.maxLength > 0 ? q.maxLength : DEFAULT_MAX_TEXT;
  switch (q.getType()) {
    case 'radiogroup':
    case 'dropdown': {
      const allowed = choiceValues(q);
      if (allowed && !allowed.has(value)) return [m.notAChoice(String(value).slice(0, 80))];
      return [];
    }
    case 'checkbox':
    case 'tagbox':
    case 'ranking': {
      if (!Array.isArray(value)) return [m.notAList];
      const allowed = choiceValues(q);
      const out: string[] = [];
      const bad = allowed ? value.filter((v) => !allowed.has(v) || v === '') : [];
      if (bad.length) out.push(m.notAChoice(String(bad[0]).slice(0, 80)));
      if (new Set(value.map((v) => JSON.stringify(v))).size !== value.length) out.push(m.duplicate);
      const max = Number(q.maxSelectedChoices ?? 0);
      if (max > 0 && value.length > max) out.push(m.tooMany(max));
      const min = Number(q.minSelectedChoices ?? 0);
      if (min > 0 && value.length > 0 && value.length < min) out.push(m.tooFew(min));
      // A ranking (unless 'select to rank') orders every option; a partial order is not an answer.
      if (q.getType() === 'ranking' && !q.selectToRankEnabled && allowed && value.length > 0 && value.length < (q.visibleChoices as unknown[]).length) {
        out.push(m.rankAll);
      }
      return out;
    }
    case 'boolean': {
      const allowed = [true, false, q.valueTrue, q.valueFalse].filter((v) => v !== undefined);
      return allowed.includes(value) ? [] : [m.notYesNo];
    }
    case 'rating': {
      const values = (q.visibleRateValues as { value: unknown }[] | undefined)?.map((c) => c.value) ?? [];
      return values.includes(value) ? [] : [m.notRating];
    }
    case 'text': {
      if (q.inputType === 'number' || q.inputType === 'range') {
        if (!isNumeric(value)) return [m.notANumber];
        const n = Number(value);
        const min = q.min === undefined || q.min === '' ? undefined : Number(q.min);
        const max = q.max === undefined || q.max === '' ? undefined : Number(q.max);
        if (min !== undefined && Number.isFinite(min) && n < min) return [m.belowMin(String(min))];
        if (max !== undefined && Number.isFinite(max) && n > max) return [m.aboveMax(String(max))];
        return [];
      }
      return checkText(value, maxLength, m);
    }
    case 'comment':
      return checkText(value, maxLength, m);
    case 'matrix': {
      if (!isPlainObject(value)) return [m.badShape];
      const rows = new Set((q.rows as { value: unknown }[]).map((r) => String(r.value)));
      const cols = new Set((q.columns as { value: unknown }[]).map((c) => c.value));
      const out: string[] = [];
      for (const [row, cell] of Object.entries(value)) {
        if (!rows.has(row)) out.push(m.unknownRow(row.slice(0, 80)));
        else if (!cols.has(cell)) out.push(m.notAChoice(String(cell).slice(0, 80)));
      }
      return out;
    }
    case 'multipletext':
    case 'matrixdropdown':
      return isPlainObject(value) ? [] : [m.badShape];
    case 'matrixdynamic':
    case 'paneldynamic':
      return Array.isArray(value) && value.every(isPlainObject) ? [] : [m.badShape];
    default:
      return [];
  }
}
