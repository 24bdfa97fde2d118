import { Model, type Question } from 'survey-core';

/**
 * The plain preview shows the questions and pages that logic hides (so the Unit can review them all), but a
 * respondent is never asked for them: without this, a required question hidden by a condition would stop Next
 * and Complete in the preview although no city would ever see it. So that the preview checks answers as a
 * respondent's page does (required answers and validators, on Next and Complete), the errors of a question are
 * kept only when it is shown to a respondent with the same answers: asked of a twin model that applies the
 * logic (built at the first check, its answers refreshed after a change). Questions inside dynamic panels and
 * matrices keep survey-core's own checks. Nothing is stored: both models stay in the page.
 */
export function checkAsRespondent(model: Model, definition: object): void {
  let twin: Model | undefined;
  let stale = true;
  model.onValueChanged.add(() => {
    stale = true;
  });
  model.onSettingQuestionErrors.add((_, options: { question: Question; errors: unknown[] }) => {
    const { question, errors } = options;
    if (errors.length === 0 || question.parentQuestion) return;
    twin ??= new Model(definition);
    if (stale) {
      twin.data = model.data;
      stale = false;
    }
    const asked = twin.getQuestionByName(question.name);
    if (asked && !asked.isVisibleInSurvey) errors.splice(0);
  });
}
