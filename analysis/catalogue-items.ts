/**
 * Reading a questionnaire's items through survey-core for analysis: the analysis tags of a question or choice
 * (surveys/extensions.ts), localised texts, choices with their kind. Shared by the catalogue of questions
 * (survey-catalogue.ts) and of the cells of structured questions (structured-cells.ts).
 */
import '../surveys/extensions';
import type { ItemValue, Question } from 'survey-core';
import { INDICATORS, INDICATORS_WITH_SCORES, type Indicator } from '../surveys/extensions';
import type { AnswerKind, ChoiceOption, LocalisedText, QuestionShape } from './survey-catalogue';

/** Values meaning 'don't know' or 'refused' whatever question they come from (survey-core and our matrices). */
export const DONT_KNOW_VALUES: ReadonlySet<string> = new Set(['dontknow', 'dont_know', 'refused']);

/** Text input types whose answers are numbers. */
export const NUMERIC_INPUT_TYPES: ReadonlySet<string> = new Set(['number', 'range']);

type Tagged = { getPropertyValue(name: string): unknown };
const tag = (obj: unknown, name: string): unknown => (obj as Tagged).getPropertyValue(name);
export const tagString = (obj: unknown, name: string): string | null => {
  const v = tag(obj, name);
  return typeof v === 'string' && v !== '' ? v : null;
};
const tagNumber = (obj: unknown, name: string): number | null => {
  const v = tag(obj, name);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

export interface Localisable {
  getLocaleText(locale: string): string;
}
export function localised(loc: Localisable | undefined, fallback: string): LocalisedText {
  const en = loc?.getLocaleText('default') || loc?.getLocaleText('en') || fallback;
  const fr = loc?.getLocaleText('fr') || null;
  return { en, fr };
}

function asValue(v: unknown): string | number | boolean {
  return typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

export function optionOf(item: ItemValue, kind: AnswerKind): ChoiceOption {
  const value = asValue(item.value);
  return {
    value,
    key: String(value),
    kind,
    score: tagNumber(item, 'score'),
    channel: tagString(item, 'channel'),
    policyArea: tagString(item, 'policyArea'),
    text: localised((item as unknown as { locText?: Localisable }).locText, String(value)),
  };
}

export function declaredKind(item: ItemValue, indicator: Indicator | null): AnswerKind {
  if (DONT_KNOW_VALUES.has(String(item.value))) return 'dontknow';
  if (indicator && INDICATORS_WITH_SCORES.includes(indicator) && tagNumber(item, 'score') === null) return 'dontknow';
  return 'substantive';
}

type ChoiceQuestion = Question & {
  choices?: ItemValue[];
  showNoneItem?: boolean;
  showOtherItem?: boolean;
  showRefuseItem?: boolean;
  showDontKnowItem?: boolean;
  noneItem?: ItemValue;
  otherItem?: ItemValue;
  refuseItem?: ItemValue;
  dontKnowItem?: ItemValue;
};

/**
 * Declared choices first, then the special items the question shows. `choices`: the question's own, or those it
 * takes from elsewhere (a matrix cell without choices of its own takes the matrix's).
 */
function choiceOptions(q: ChoiceQuestion, choices: readonly ItemValue[], indicator: Indicator | null): ChoiceOption[] {
  const options = choices.map((item) => optionOf(item, declaredKind(item, indicator)));
  const special: [boolean | undefined, ItemValue | undefined, AnswerKind][] = [
    [q.showNoneItem, q.noneItem, 'dontknow'],
    [q.showRefuseItem, q.refuseItem, 'dontknow'],
    [q.showDontKnowItem, q.dontKnowItem, 'dontknow'],
    [q.showOtherItem, q.otherItem, 'other'],
  ];
  for (const [shown, item, kind] of special) {
    if (shown && item && !options.some((o) => o.key === String(item.value))) options.push(optionOf(item, kind));
  }
  return options;
}

function booleanOptions(q: Question): ChoiceOption[] {
  const b = q as Question & { valueTrue?: unknown; valueFalse?: unknown; locLabelTrue?: Localisable; locLabelFalse?: Localisable };
  const make = (value: unknown, label: Localisable | undefined, score: number): ChoiceOption => {
    const v = asValue(value);
    return { value: v, key: String(v), kind: 'substantive', score, channel: null, policyArea: null, text: localised(label, String(v)) };
  };
  return [make(b.valueTrue ?? true, b.locLabelTrue, 1), make(b.valueFalse ?? false, b.locLabelFalse, 0)];
}

function rateOptions(q: Question): ChoiceOption[] {
  const items = ((q as unknown as { visibleRateValues?: ItemValue[] }).visibleRateValues ?? []) as ItemValue[];
  return items.map((item) => optionOf(item, 'substantive'));
}

export function indicatorOf(q: Question): Indicator | null {
  const v = tagString(q, 'indicator');
  return v && (INDICATORS as readonly string[]).includes(v) ? (v as Indicator) : null;
}

const SINGLE_TYPES: ReadonlySet<string> = new Set(['radiogroup', 'dropdown', 'boolean', 'imagepicker']);
const MULTIPLE_TYPES: ReadonlySet<string> = new Set(['checkbox', 'tagbox']);

/** The analysis family of a question (or of a matrix cell's question), given its options (see QuestionShape). */
export function shapeOf(q: Question, options: readonly ChoiceOption[]): QuestionShape {
  const type = q.getType();
  if (SINGLE_TYPES.has(type)) return 'single';
  if (MULTIPLE_TYPES.has(type)) return 'multiple';
  if (type === 'ranking') return 'ranking';
  if (type === 'matrix') return 'matrix';
  if (type === 'rating') return options.every((o) => typeof o.value === 'number') ? 'numeric' : 'single';
  if (type === 'text') {
    const inputType = (q as Question & { inputType?: string }).inputType ?? 'text';
    return NUMERIC_INPUT_TYPES.has(inputType) ? 'numeric' : 'text';
  }
  if (type === 'comment') return 'text';
  return 'structured';
}

/**
 * The options of a choice, yes/no or rating question: declared choices with the special items it shows, true and
 * false, or the rating scale; none for other types. `inherited`: the choices a question without any of its own
 * takes (a matrix cell takes the matrix's).
 */
export function optionsOf(q: Question, indicator: Indicator | null, inherited: readonly ItemValue[] = []): ChoiceOption[] {
  const type = q.getType();
  if (type === 'boolean') return booleanOptions(q);
  if (type === 'rating') return rateOptions(q);
  if (SINGLE_TYPES.has(type) || MULTIPLE_TYPES.has(type) || type === 'ranking') {
    const own = (q as ChoiceQuestion).choices ?? [];
    return choiceOptions(q as ChoiceQuestion, own.length > 0 ? own : inherited, indicator);
  }
  return [];
}
