import { ConditionRunner, Model, type Question } from 'survey-core';
import type { Definition } from './edit-definition';

/**
 * The plain preview shows the questions and pages that logic hides (so the Unit can review them all), but a
 * respondent is never asked for them: without this, a required question hidden by a condition would stop Next
 * and Complete in the preview although no city would ever see it. So that the preview checks answers as a
 * respondent's page does (required answers and validators, on Next and Complete), the errors of a question are
 * kept only when it is shown to a respondent with the same answers: asked of a twin model that applies the
 * logic (built at the first check, its answers refreshed after a change). Questions inside dynamic panels and
 * matrices keep survey-core's own checks. Nothing is stored: both models stay in the page. The twin is the whole
 * definition; `model` may be one page of it (the builder's preview), so the answers the twin gets are `answers()`,
 * those of every page.
 */
export function checkAsRespondent(model: Model, definition: object, answers: () => Record<string, unknown> = () => model.data): void {
  let stale = true;
  model.onValueChanged.add(() => {
    stale = true;
  });
  model.onSettingQuestionErrors.add((_, options: { question: Question; errors: unknown[] }) => {
    const { question, errors } = options;
    if (errors.length === 0 || question.parentQuestion) return;
    const twin = twinOf(definition);
    const data = answers();
    if (stale || twin.fedWith !== data) {
      twin.model.data = data;
      twin.fedWith = data;
      stale = false;
    }
    const asked = twin.model.getQuestionByName(question.name);
    if (asked && !asked.isVisibleInSurvey) errors.splice(0);
  });
}

/**
 * The twin of a definition, shared by the Models of its pages (the builder's preview builds one per page shown):
 * a whole 300-question Model takes about half a second to build, once per definition rather than once per page.
 */
const twins = new WeakMap<object, { model: Model; fedWith: unknown }>();
function twinOf(definition: object): { model: Model; fedWith: unknown } {
  let twin = twins.get(definition);
  if (!twin) twins.set(definition, (twin = { model: new Model(definition), fedWith: undefined }));
  return twin;
}

export type Json = Record<string, unknown>;
export type Answers = Record<string, unknown>;

/** The pages of a definition (an element list without pages is one page, as survey-core reads it). */
export function pagesOf(definition: Definition): Json[] {
  const d = definition as Json;
  if (Array.isArray(d.pages)) return d.pages as Json[];
  return Array.isArray(d.elements) ? [{ name: 'page1', elements: d.elements }] : [];
}

export function hasQuestions(pages: Json[]): boolean {
  return pages.some((p) => Array.isArray(p.elements) && p.elements.length > 0);
}

/** Whether a respondent with these answers would be shown the page (its own `visibleIf`, as survey-core runs it). */
function pageShown(page: Json, answers: Answers): boolean {
  if (page.visible === false) return false;
  const condition = typeof page.visibleIf === 'string' ? page.visibleIf.trim() : '';
  if (!condition) return true;
  // As survey-core does, a condition it cannot parse does not hide the page.
  const runner = new ConditionRunner(condition);
  return !runner.canRun() || runner.runValues(answers);
}

/**
 * The page after (step 1) or before (step -1) `from` that the preview goes to: any page when questions hidden by
 * logic are shown, else the next one a respondent with these answers would see. Undefined at either end.
 */
export function neighbourPage(pages: Json[], from: number, step: 1 | -1, showHidden: boolean, answers: Answers): number | undefined {
  for (let i = from + step; i >= 0 && i < pages.length; i += step) if (showHidden || pageShown(pages[i]!, answers)) return i;
  return undefined;
}
