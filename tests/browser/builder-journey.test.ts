/**
 * The builder from end to end (issue 4), as the ICC Unit would use it: an empty survey created from the survey
 * list, a page and two questions built with English and French texts and a condition, previewed in both languages
 * and at phone width, published and opened; a city's coordinator answers it in French through the link the Unit
 * got for them, and the Unit sees the answer and creates next year's copy with the same codes.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { signIn, waitBuilderSaved } from './builder-driver';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';
import { openSurvey, question, waitSaved } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

/** The new survey is next year's, the form's default. */
const YEAR = new Date().getFullYear() + 1;
const loc = (en: string, fr: string) => ({ default: en, fr });
const TITLE = loc('Welcoming cities pilot', 'Pilote villes accueillantes');
const PAGE_TITLE = loc('Your city’s plan', 'Le plan de votre ville');
const PLAN_TITLE = loc('Does the city have an intercultural plan?', 'La ville a-t-elle un plan interculturel ?');
const CHOICES = [
  { value: 'yes', text: loc('Yes, adopted', 'Oui, adopté') },
  { value: 'drafting', text: loc('Being drafted', 'En préparation') },
  { value: 'no', text: loc('No', 'Non') },
];
const NAME_TITLE = loc('What is the plan called?', 'Quel est le nom du plan ?');
const CONDITION = "{has_plan} = 'yes'";

/** The questionnaire the Unit builds below, as the server must store it. */
const BUILT = {
  title: TITLE,
  pages: [
    {
      name: 'plan',
      title: PAGE_TITLE,
      elements: [
        { type: 'radiogroup', name: 'has_plan', title: PLAN_TITLE, isRequired: true, choices: CHOICES },
        { type: 'text', name: 'plan_name', title: NAME_TITLE, visibleIf: CONDITION },
      ],
    },
  ],
};

type Json = Record<string, unknown>;
const getJson = async <T = Json>(page: Page, url: string): Promise<T> => {
  const res = await page.request.get(url);
  if (!res.ok()) throw new Error(`GET ${url} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
};

/**
 * Waits for survey-react-ui's fade-in of the questions logic just showed (on their wrappers, 0.6 s), so that a
 * screenshot shows them as a respondent will.
 */
async function finishAnimations(container: Locator): Promise<void> {
  await container.page().waitForFunction(
    (el) => el!.getAnimations({ subtree: true }).every((a) => a.playState === 'finished' || a.playState === 'idle'),
    await container.elementHandle(),
  );
}

/** Fills a side-by-side pair of the builder's properties, e.g. `Title (English)` and `Title (French)`. */
async function fillPair(page: Page, label: string, texts: { default: string; fr?: string }): Promise<void> {
  await page.getByLabel(`${label} (English)`, { exact: true }).fill(texts.default);
  if (texts.fr !== undefined) await page.getByLabel(`${label} (French)`, { exact: true }).fill(texts.fr);
}

describe.skipIf(!chromiumPath)('questionnaire builder, end to end', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('the Unit builds a bilingual survey with a condition from nothing, previews, publishes and opens it; a city answers in French; next year’s copy keeps the codes', async () => {
    const unit = await people.open();
    const page = unit.page;

    // 1. An empty survey for a new year, from the survey list.
    await signIn(page, app.url);
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('region', { name: 'Nouvelle enquête à partir de rien' }).getByRole('button', { name: 'Créer l’enquête vide' }).waitFor();
    await screenshot(page, 'D-home-fr');
    await page.getByRole('button', { name: 'Read in English' }).click();
    const form = page.getByRole('region', { name: 'New survey from nothing' });
    expect(await form.getByLabel('Year', { exact: true }).inputValue()).toBe(String(YEAR));
    await form.getByRole('button', { name: 'Create the empty survey' }).click();
    await form.getByRole('alert').getByText('Give the year and the title in English and in French.').waitFor();
    expect(await seriousViolations(page, 'new survey form', 'section[aria-labelledby="new-survey-title"]')).toEqual([]);
    await form.getByLabel('Title (English)', { exact: true }).fill(TITLE.default);
    await form.getByLabel('Title (French)', { exact: true }).fill(TITLE.fr);
    await form.getByRole('button', { name: 'Create the empty survey' }).click();
    await page.getByRole('heading', { level: 1, name: `Questionnaire builder · ${YEAR} · ${TITLE.default}` }).waitFor();
    const surveyId = Number(/\/admin\/surveys\/(\d+)\/builder$/.exec(page.url())![1]);
    await page.getByText('Draft of version 1').waitFor();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Nothing to preview yet: add a question.').waitFor();
    expect(await getJson(page, `${app.url}/api/surveys/${surveyId}/definition`)).toEqual({ title: TITLE, pages: [] });

    // 2. A page, a radio group with coded choices, and a text question shown only for one of them.
    await page.getByRole('button', { name: 'Add page' }).click();
    await page.getByLabel('Page name', { exact: true }).fill('plan');
    await fillPair(page, 'Title', PAGE_TITLE);

    await page.getByLabel('New question type').selectOption('radiogroup');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question code', { exact: true }).fill('has_plan');
    await fillPair(page, 'Title', PLAN_TITLE);
    await page.getByLabel('An answer is required', { exact: true }).check();
    for (const [i, choice] of CHOICES.entries()) {
      await page.getByRole('button', { name: 'Add choice' }).click();
      await page.getByLabel(`Value of choice ${i + 1}`, { exact: true }).fill(choice.value);
      await page.getByLabel(`English text of choice ${i + 1}`, { exact: true }).fill(choice.text.default);
      await page.getByLabel(`French text of choice ${i + 1}`, { exact: true }).fill(choice.text.fr);
    }

    await page.getByLabel('New question type').selectOption('text');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question code', { exact: true }).fill('plan_name');
    await fillPair(page, 'Title', { default: NAME_TITLE.default }); // the French title comes from the translations view
    const logic = page.getByRole('group', { name: 'Logic' });
    await logic.getByRole('button', { name: 'Add condition' }).click();
    const subject = page.getByLabel('Question of condition 1', { exact: true });
    expect(await subject.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', 'has_plan']);
    await subject.selectOption('has_plan');
    const value = page.getByLabel('Value of condition 1', { exact: true });
    expect(await value.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Yes, adopted (yes)', 'Being drafted (drafting)', 'No (no)']));
    await value.selectOption({ label: 'Yes, adopted (yes)' });
    await logic.getByRole('button', { name: /^Show only if · set$/ }).waitFor();

    // One text is still English only: the badge counts it, the translations view lists it and takes its French.
    const badge = page.getByRole('toolbar', { name: 'Builder actions' }).locator('.badge');
    await expect.poll(() => badge.textContent()).toMatch(/^1 texts? not yet in both languages$/); // plural wording in progress elsewhere
    await page.getByRole('button', { name: 'Translations', exact: true }).click();
    const translations = page.getByRole('region', { name: 'Translations' });
    expect(await translations.locator('tbody tr').count()).toBe(1);
    await translations.getByLabel('French: plan_name · title', { exact: true }).fill(NAME_TITLE.fr);
    await translations.getByRole('status').getByText(/; 0 to translate$/).waitFor();
    expect(await badge.textContent()).toBe('Every text in English and French');
    await page.getByRole('button', { name: 'Build', exact: true }).click();

    // The stored draft is what was built, French texts and condition included, and has no problem left.
    await waitBuilderSaved(page);
    const draft = await getJson<{ definition: Json; problems: string[] }>(page, `${app.url}/api/surveys/${surveyId}/draft`);
    expect(draft.definition).toEqual(BUILT);
    expect(draft.problems).toEqual([]);
    await screenshot(page, 'D-builder-en');

    // 3. The preview, hiding what logic hides: the text question comes only with "Yes"; in French; at phone width.
    await preview.getByLabel('Show questions hidden by logic').uncheck();
    const previewPlan = preview.locator('[data-name="has_plan"]');
    const previewName = preview.locator('[data-name="plan_name"]');
    await previewPlan.getByText(PLAN_TITLE.default).waitFor();
    await previewName.waitFor({ state: 'detached' });
    await previewPlan.getByText('Being drafted', { exact: true }).click();
    await previewPlan.locator('input[value="drafting"]:checked').waitFor({ state: 'attached' });
    expect(await previewName.count()).toBe(0);
    await previewPlan.getByText('Yes, adopted', { exact: true }).click();
    await previewName.getByText(NAME_TITLE.default).waitFor();

    await preview.getByRole('button', { name: 'French' }).click();
    await previewPlan.getByText(PLAN_TITLE.fr).waitFor();
    await previewPlan.getByText('En préparation', { exact: true }).waitFor();
    await preview.getByText(PAGE_TITLE.fr).waitFor();
    await preview.getByText(TITLE.fr).waitFor();
    await previewPlan.getByText('Non', { exact: true }).click();
    await previewName.waitFor({ state: 'detached' });
    await previewPlan.getByText('Oui, adopté', { exact: true }).click();
    await previewName.getByText(NAME_TITLE.fr).waitFor();
    await finishAnimations(preview);
    await screenshot(page, 'D-preview-fr');

    await preview.getByRole('button', { name: 'Phone (375 px)' }).click();
    const frame = preview.locator('.builder-frame');
    await expect.poll(async () => Math.round((await frame.boundingBox())?.width ?? 0)).toBe(375);
    await previewPlan.getByText(PLAN_TITLE.fr).waitFor();
    expect(await frame.evaluate((f) => f.scrollWidth - f.clientWidth)).toBeLessThanOrEqual(0);
    await frame.screenshot({ path: '/tmp/shots/D-preview-phone-fr.png' });
    await preview.getByRole('button', { name: 'Desktop' }).click();

    // 4. Publish, give the campaign its dates, then open the survey from its page.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 1 published. Further edits go to a new draft.').waitFor();
    await page.getByText('Draft of version 2').waitFor();
    await screenshot(page, 'D-published-en');
    const versions = await getJson<{ number: number; status: string }[]>(page, `${app.url}/api/surveys/${surveyId}/versions`);
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    expect(await getJson(page, `${app.url}/api/surveys/${surveyId}/definition`)).toEqual(BUILT);

    const today = new Date().toISOString().slice(0, 10);
    const closes = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole('button', { name: 'Campaign settings' }).click();
    await page.getByLabel('Opens on').fill(today);
    await page.getByLabel('Closes on').fill(closes);
    await page.getByRole('button', { name: 'Save the dates' }).click();
    await page.getByText('Dates saved.').waitFor();

    await page.getByRole('link', { name: 'Back to the survey' }).click();
    await page.getByRole('heading', { level: 1, name: `${YEAR} · ${TITLE.default}` }).waitFor();
    await page.getByRole('button', { name: 'Open the survey' }).click();
    await page.getByRole('button', { name: 'Close the survey' }).waitFor();
    const listed = await getJson<{ id: number; status: string }[]>(page, `${app.url}/api/surveys`);
    expect(listed.find((s) => s.id === surveyId)?.status).toBe('open');

    // 5. The Unit gets Lyon's link; Lyon's coordinator opens it in their own browser and answers in French.
    await page.getByRole('button', { name: 'Get link · Lyon (test)' }).click();
    const linkField = page.getByLabel('Link · Lyon (test)', { exact: true });
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${app.url}/r/[\\w-]+$`));

    const coordinator = await people.open();
    const city = coordinator.page;
    await openSurvey(city, link);
    await city.getByRole('button', { name: 'Lire en français' }).click();
    await city.getByRole('heading', { level: 1, name: /Lyon \(essai\)/ }).waitFor();
    const plan = question(city, 'has_plan');
    await plan.getByText(PLAN_TITLE.fr).waitFor();
    expect(await question(city, 'plan_name').count()).toBe(0);
    await plan.getByText('Oui, adopté', { exact: true }).click();
    const nameInput = question(city, 'plan_name').getByRole('textbox', { name: NAME_TITLE.fr });
    await nameInput.fill('Lyon, ville ouverte');
    await nameInput.press('Tab');
    await expect.poll(() => app.serverState(link).then((s) => s.data)).toEqual({ has_plan: 'yes', plan_name: 'Lyon, ville ouverte' });
    await waitSaved(city);
    await screenshot(city, 'D-coordinator-fr');
    await city.getByRole('button', { name: 'Terminer', exact: true }).click();
    await expect.poll(() => app.serverState(link).then((s) => s.status)).toBe('submitted');
    const stored = await app.serverState(link);
    expect(stored.data).toEqual({ has_plan: 'yes', plan_name: 'Lyon, ville ouverte' });
    await screenshot(city, 'D-coordinator-fr-submitted');

    // 6. The Unit sees Lyon's answer, then creates next year's copy: same codes, a draft, nothing published.
    await page.reload();
    await page.getByText(`1 of ${Object.keys(app.cityIds).length} cities submitted`, { exact: false }).waitFor();
    const csv = await (await page.request.get(`${app.url}/api/surveys/${surveyId}/responses.csv`)).text();
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header!.split(',').slice(-2)).toEqual(['has_plan', 'plan_name']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.startsWith('LYO,')).toBe(true);
    expect(rows[0]!.endsWith(',yes,"Lyon, ville ouverte"')).toBe(true);
    const analysis = await getJson<{ n: number; questions: Record<string, Json> }>(page, `${app.url}/api/surveys/${surveyId}/analysis`);
    expect(analysis.n).toBe(1);
    expect(analysis.questions.has_plan).toMatchObject({ n: 1, counts: { yes: 1, drafting: 0, no: 0 } });
    expect(analysis.questions.plan_name).toMatchObject({ n: 1, texts: [{ city: 'LYO', text: 'Lyon, ville ouverte' }] });

    await page.getByRole('link', { name: 'Edit the questionnaire' }).click();
    await page.getByText('Draft of version 2').waitFor();
    await page.getByRole('button', { name: 'Compare and next year' }).click();
    const compare = page.getByRole('region', { name: 'Compare with…' });
    await compare.getByRole('button', { name: `Create the ${YEAR + 1} survey` }).click();
    await page.getByRole('heading', { level: 1, name: `Questionnaire builder · ${YEAR + 1} · ${TITLE.default}` }).waitFor();
    const copyId = Number(/\/admin\/surveys\/(\d+)\/builder$/.exec(page.url())![1]);
    expect(copyId).not.toBe(surveyId);
    expect(await getJson(page, `${app.url}/api/surveys/${copyId}/definition`)).toEqual(BUILT);
    const surveys = await getJson<{ id: number; year: number; status: string; code: string }[]>(page, `${app.url}/api/surveys`);
    const original = surveys.find((s) => s.id === surveyId)!;
    expect(surveys.find((s) => s.id === copyId)).toMatchObject({ year: YEAR + 1, status: 'draft', code: original.code });
    const copyVersions = await getJson<{ number: number; status: string; responses: number }[]>(page, `${app.url}/api/surveys/${copyId}/versions`);
    expect(copyVersions.map((v) => [v.number, v.status, v.responses])).toEqual([[1, 'draft', 0]]);
    // In French, the heading names the survey by its French title.
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: `Constructeur de questionnaire · ${YEAR + 1} · ${TITLE.fr}` }).waitFor();
    // 40-45 s on two shared cores at load average 12, 55-90 s at 18-24: the margin is for such load.
  }, 150_000);
});
