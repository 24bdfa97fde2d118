/**
 * What analysis needs to know about a questionnaire, read once from the definition through survey-core:
 * each question's answer key, type, analysis tags (indicator, policyArea) and choices with their tags
 * (score, channel, policyArea) and their kind (substantive, 'other', don't-know-like).
 *
 * Everything downstream is driven by these tags, never by question names.
 */
import '../surveys/extensions';
import { Model, type ItemValue, type Question } from 'survey-core';
import { POLICY_AREAS, type Indicator } from '../surveys/extensions';
import { declaredKind, indicatorOf, localised, optionOf, optionsOf, shapeOf, tagString, type Localisable } from './catalogue-items';
import { AnalysisInputError } from './input-error';
import { structuredCells, type CatalogueCell } from './structured-cells';

/**
 * How an answer value counts:
 * - `substantive`: a real answer;
 * - `other`: the 'Other (please specify)' item;
 * - `dontknow`: don't know, refused, and the 'none of these' special item — and, for scored indicators
 *   (change, self_assessment, marker, strategy_status), any choice without a score (e.g. the `dont_know` column).
 */
export type AnswerKind = 'substantive' | 'other' | 'dontknow';

/** A text in English (the default locale) and French (null when not translated). */
export interface LocalisedText {
  en: string;
  fr: string | null;
}

/** One choice (or matrix column, or rating value) with its analysis tags. */
export interface ChoiceOption {
  value: string | number | boolean;
  /** `String(value)`: the key used in counts and shares. */
  key: string;
  kind: AnswerKind;
  score: number | null;
  channel: string | null;
  policyArea: string | null;
  text: LocalisedText;
}

/** One row of a single-choice matrix. */
export interface MatrixRow {
  value: string | number;
  key: string;
  policyArea: string | null;
  text: LocalisedText;
}

/**
 * The analysis family of a question:
 * - `single`: radiogroup, dropdown, boolean, non-numeric rating — one value per answer;
 * - `multiple`: checkbox, tagbox — a set of values;
 * - `numeric`: numeric rating, text with inputType number or range;
 * - `ranking`: an ordered list of values (first = preferred);
 * - `matrix`: single-choice matrix, each row read as a single-choice question;
 * - `text`: free text (text, comment);
 * - `structured`: everything else that holds a value (matrixdropdown, paneldynamic ...): only n is reported.
 */
export type QuestionShape = 'single' | 'multiple' | 'numeric' | 'ranking' | 'matrix' | 'text' | 'structured';

/** A question as analysis sees it. */
export interface CatalogueQuestion {
  /** The answer key (SurveyJS value name), which is also the column stem of responses.csv. */
  code: string;
  type: string;
  shape: QuestionShape;
  indicator: Indicator | null;
  policyArea: string | null;
  title: LocalisedText;
  /** Choices (single, multiple, ranking, numeric rating) or columns (matrix), special items included. */
  options: ChoiceOption[];
  rows: MatrixRow[];
  /** Key of the 'other' text or comment area (`<code>-Comment`) when the question has one. */
  commentKey: string | null;
  /** Name of the page (section) holding the question. */
  section: string | null;
  /** The fixed cells of a matrixdropdown (row × column) or multipletext (item), see structured-cells.ts; else null. */
  cells: CatalogueCell[] | null;
}

/** A page of the questionnaire: the sections of the analyst's per-section pages. */
export interface CatalogueSection {
  name: string;
  title: LocalisedText;
}

/** The questions of a survey definition in questionnaire order, and its pages. */
export interface SurveyCatalogue {
  questions: CatalogueQuestion[];
  sections: CatalogueSection[];
}

/** The definition cannot be analysed (not an object, or survey-core reports jsonErrors). */
export class DefinitionError extends AnalysisInputError {
  override name = 'DefinitionError';
}

export { DONT_KNOW_VALUES } from './catalogue-items';

const NO_VALUE_TYPES = new Set(['html', 'image', 'signaturepad', 'file', 'expression']);
function catalogueQuestion(q: Question): CatalogueQuestion {
  const type = q.getType();
  const indicator = indicatorOf(q);
  let options: ChoiceOption[] = [];
  let rows: MatrixRow[] = [];
  if (type === 'matrix') {
    const m = q as Question & { columns: ItemValue[]; rows: ItemValue[] };
    options = (m.columns ?? []).map((item) => optionOf(item, declaredKind(item, indicator)));
    rows = (m.rows ?? []).map((row) => ({
      value: typeof row.value === 'number' ? row.value : String(row.value),
      key: String(row.value),
      policyArea: tagString(row, 'policyArea'),
      text: localised((row as unknown as { locText?: Localisable }).locText, String(row.value)),
    }));
  } else {
    options = optionsOf(q, indicator);
  }
  const withComment = q as Question & { showOtherItem?: boolean; showCommentArea?: boolean; hasComment?: boolean };
  const code = q.getValueName();
  return {
    code,
    type,
    shape: shapeOf(q, options),
    indicator,
    policyArea: tagString(q, 'policyArea'),
    title: localised((q as unknown as { locTitle?: Localisable }).locTitle, q.name),
    options,
    rows,
    commentKey: withComment.showOtherItem || withComment.showCommentArea || withComment.hasComment ? `${code}-Comment` : null,
    section: (q.page as { name?: string } | null | undefined)?.name ?? null,
    cells: structuredCells(q),
  };
}

/**
 * Reads a survey definition into the analysis catalogue. Throws DefinitionError when the definition is not
 * a JSON object or survey-core reports jsonErrors (unknown types or properties would otherwise be dropped
 * silently and their answers ignored).
 */
export function surveyCatalogue(definition: unknown): SurveyCatalogue {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new DefinitionError('the survey definition must be a JSON object');
  }
  const model = new Model(definition);
  const errors = model.jsonErrors ?? [];
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new DefinitionError(
      `the survey definition has ${errors.length} error(s) (jsonErrors); first: ${first.message ?? String(first)}`,
    );
  }
  const questions = model
    .getAllQuestions(false, false, true)
    .filter((q) => !q.parentQuestion && !NO_VALUE_TYPES.has(q.getType()))
    .map(catalogueQuestion);
  const sections = model.pages.map((p) => ({
    name: p.name,
    title: localised((p as unknown as { locTitle?: Localisable }).locTitle, p.name),
  }));
  return { questions, sections };
}

const taggedByCatalogue = new WeakMap<SurveyCatalogue, Map<Indicator, readonly CatalogueQuestion[]>>();

/**
 * Questions carrying this indicator tag, in questionnaire order. The list is computed once per catalogue and
 * shared (read-only): indicators look tagged questions up for every response.
 */
export function questionsTagged(catalogue: SurveyCatalogue, indicator: Indicator): readonly CatalogueQuestion[] {
  let byTag = taggedByCatalogue.get(catalogue);
  if (!byTag) taggedByCatalogue.set(catalogue, (byTag = new Map()));
  let list = byTag.get(indicator);
  if (!list) byTag.set(indicator, (list = Object.freeze(catalogue.questions.filter((q) => q.indicator === indicator))));
  return list;
}

/** Orders policy areas as the ICC Index does; unknown areas after them, alphabetically. */
export function comparePolicyAreas(a: string, b: string): number {
  const ia = (POLICY_AREAS as readonly string[]).indexOf(a);
  const ib = (POLICY_AREAS as readonly string[]).indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
