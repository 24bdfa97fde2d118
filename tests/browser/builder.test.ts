/**
 * The questionnaire builder in the browser (issue 4): the ICC Unit adds a bilingual question, previews it with
 * survey-react-ui, undoes and redoes, and publishes a new version that new respondents get.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { signIn } from './builder-driver';
import { chromiumPath, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

/** Whether leaving the page now would ask first (what the browser's beforeunload prompt depends on). */
const wouldWarnOnLeave = (page: Page) =>
  page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

describe.skipIf(!chromiumPath)('questionnaire builder', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('an admin adds a question with French texts and two choices, previews it, undoes and redoes, and publishes it', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    await page.getByRole('link', { name: 'Edit the questionnaire' }).click();
    await page.getByRole('heading', { level: 1, name: /^Questionnaire builder · / }).waitFor();
    await page.getByText('Draft of version 2').waitFor();
    const status = page.getByRole('toolbar', { name: 'Builder actions' }).getByRole('status');
    expect(await status.textContent()).toBe('All changes saved');
    // The count of texts not yet in both languages (worked out in a background render) follows the edits.
    const badge = page.locator('.builder-bar .badge');
    const untranslated = async () => {
      const text = await badge.textContent();
      if (text === 'Every text in English and French') return 0;
      const m = /^(\d+) texts? not yet in both languages$/.exec(text ?? '');
      if (!m) throw new Error(`unexpected translation badge: ${text}`);
      return Number(m[1]);
    };
    const untranslatedIs = (n: number) => expect.poll(untranslated, { timeout: 5_000 }).toBe(n);
    const before = await untranslated();

    // The first page is selected: the new question goes at its end.
    await page.getByLabel('New question type').selectOption('radiogroup');
    await page.getByRole('button', { name: 'Add question' }).click();
    const code = page.getByLabel('Question code', { exact: true });
    expect(await code.inputValue()).toBe('question1');
    await code.fill('city_motto');
    await page.getByLabel('Title (English)', { exact: true }).fill('Does the city have an intercultural motto?');
    await untranslatedIs(before + 1);
    expect(await wouldWarnOnLeave(page)).toBe(true);
    await page.getByLabel('Title (French)', { exact: true }).fill('La ville a-t-elle une devise interculturelle ?');
    await untranslatedIs(before);
    await page.getByRole('button', { name: 'Add choice' }).click();
    await page.getByRole('button', { name: 'Add choice' }).click();
    const choices = [
      ['yes', 'Yes, adopted', 'Oui, adoptée'],
      ['no', 'Not yet', 'Pas encore'],
    ];
    for (const [i, [value, en, fr]] of choices.entries()) {
      await page.getByLabel(`Value of choice ${i + 1}`, { exact: true }).fill(value!);
      await page.getByLabel(`English text of choice ${i + 1}`, { exact: true }).fill(en!);
      await page.getByLabel(`French text of choice ${i + 1}`, { exact: true }).fill(fr!);
    }

    // The live preview renders it with survey-react-ui, in English and in French.
    const preview = page.getByRole('region', { name: 'Preview' });
    const question = preview.locator('[data-name="city_motto"]');
    await question.getByText('Does the city have an intercultural motto?').waitFor();
    await question.getByText('Not yet').waitFor();
    await preview.getByRole('button', { name: 'French' }).click();
    await question.getByText('La ville a-t-elle une devise interculturelle ?').waitFor();
    await question.getByText('Pas encore').waitFor();

    // Undo takes back the last edit (the French text of the second choice), redo brings it back.
    const lastFr = page.getByLabel('French text of choice 2', { exact: true });
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await lastFr.inputValue()).toBe('');
    await question.getByText('Not yet').waitFor(); // SurveyJS falls back to English
    await untranslatedIs(before + 1);
    await page.getByRole('button', { name: 'Redo' }).click();
    expect(await lastFr.inputValue()).toBe('Pas encore');
    await untranslatedIs(before);
    await question.getByText('Pas encore').waitFor();

    // Autosave, then leaving no longer warns.
    await page.waitForFunction(() => document.querySelector('.builder-bar [role="status"]')?.textContent === 'All changes saved');
    expect(await wouldWarnOnLeave(page)).toBe(false);

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await screenshot(page, 'builder-1200-en');

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Version 2 published. Further edits go to a new draft.').waitFor();
    await page.getByText('Draft of version 3').waitFor();

    // The published version, read through the API, holds the question as built.
    const versions = (await (await page.request.get(`${app.url}/api/surveys/${app.surveyId}/versions`)).json()) as { id: number; number: number; status: string }[];
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'published'],
      [2, 'published'],
      [3, 'draft'],
    ]);
    const v2 = (await (await page.request.get(`${app.url}/api/surveys/${app.surveyId}/versions/${versions[1]!.id}`)).json()) as {
      definition: { pages: { elements: Record<string, unknown>[] }[] };
    };
    expect(v2.definition.pages[0]!.elements.at(-1)).toEqual({
      type: 'radiogroup',
      name: 'city_motto',
      title: { default: 'Does the city have an intercultural motto?', fr: 'La ville a-t-elle une devise interculturelle ?' },
      choices: [
        { value: 'yes', text: { default: 'Yes, adopted', fr: 'Oui, adoptée' } },
        { value: 'no', text: { default: 'Not yet', fr: 'Pas encore' } },
      ],
    });
    // A city opening its link now is given the new version.
    const state = (await app.serverState(app.linkFor('OSL'))) as unknown as { survey: typeof v2.definition };
    expect(state.survey.pages[0]!.elements.map((e) => e.name)).toContain('city_motto');
  }, 90_000);

  test('an admin builds a grid with rows and columns and a number check with French error text, seen in the preview', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}/builder`);
    await page.getByRole('heading', { level: 1, name: /^Questionnaire builder · / }).waitFor();
    const preview = page.getByRole('region', { name: 'Preview' });

    // A grid: one row, two columns, texts in both languages.
    await page.getByLabel('New question type').selectOption('matrix');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question code', { exact: true }).fill('grid_areas');
    await page.getByLabel('Title (English)', { exact: true }).fill('How active is the city?');
    await page.getByRole('button', { name: 'Add row' }).click();
    await page.getByLabel('Value of row 1', { exact: true }).fill('housing');
    await page.getByLabel('English text of row 1', { exact: true }).fill('Housing');
    await page.getByLabel('French text of row 1', { exact: true }).fill('Logement');
    for (const [i, value, en, fr] of [
      [1, 'low', 'Little', 'Peu'],
      [2, 'high', 'A lot', 'Beaucoup'],
    ] as const) {
      await page.getByRole('button', { name: 'Add column' }).click();
      await page.getByLabel(`Value of column ${i}`, { exact: true }).fill(value);
      await page.getByLabel(`English text of column ${i}`, { exact: true }).fill(en);
      await page.getByLabel(`French text of column ${i}`, { exact: true }).fill(fr);
    }
    const grid = preview.locator('[data-name="grid_areas"]');
    await grid.getByText('Housing').waitFor();
    await grid.getByText('A lot').last().waitFor(); // the narrow preview shows the column texts in each row

    // A number with a check: at most 100, error texts in both languages.
    await page.getByLabel('New question type').selectOption('text');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question code', { exact: true }).fill('share_staff');
    await page.getByLabel('Title (English)', { exact: true }).fill('Share of staff trained (%)');
    await page.getByLabel('Kind of answer').selectOption('number');
    await page.getByLabel('New check').selectOption('numeric');
    await page.getByRole('button', { name: 'Add check' }).click();
    await page.getByText('Give a minimum or a maximum.').waitFor();
    await page.getByLabel('Maximum value (check 1)', { exact: true }).fill('100');
    await page.getByLabel('Minimum value (check 1)', { exact: true }).fill('200');
    await page.getByText('The minimum is above the maximum.').waitFor();
    await page.getByLabel('Minimum value (check 1)', { exact: true }).fill('0');
    expect(await page.getByText('The minimum is above the maximum.').count()).toBe(0);
    await page.getByLabel('Error message in English (check 1)', { exact: true }).fill('A share between 0 and 100');
    await page.getByLabel('Error message in French (check 1)', { exact: true }).fill('Une part entre 0 et 100');

    // The preview shows the grid and the number question in French.
    await page.waitForFunction(() => document.querySelector('.builder-bar [role="status"]')?.textContent === 'All changes saved');
    await preview.getByRole('button', { name: 'French' }).click();
    await grid.getByText('Logement').waitFor();
    await preview.locator('[data-name="share_staff"] input[type="number"]').waitFor();
    await screenshot(page, 'builder-matrix-validator-fr');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    const draft = (await (await page.request.get(`${app.url}/api/surveys/${app.surveyId}/draft`)).json()) as {
      definition: { pages: { elements: Record<string, unknown>[] }[] };
    };
    const elements = draft.definition.pages.flatMap((p) => p.elements);
    expect(elements.find((e) => e.name === 'grid_areas')).toMatchObject({
      type: 'matrix',
      rows: [{ value: 'housing', text: { default: 'Housing', fr: 'Logement' } }],
      columns: [
        { value: 'low', text: { default: 'Little', fr: 'Peu' } },
        { value: 'high', text: { default: 'A lot', fr: 'Beaucoup' } },
      ],
    });
    expect(elements.find((e) => e.name === 'share_staff')).toMatchObject({
      inputType: 'number',
      validators: [{ type: 'numeric', minValue: 0, maxValue: 100, text: { default: 'A share between 0 and 100', fr: 'Une part entre 0 et 100' } }],
    });
  }, 90_000);

  test('an admin drags a question onto another page in the outline, and the saved draft has it there', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    type Def = { pages: { name: string; elements: { type: string; name: string }[] }[] };
    const readDraft = async () => ((await (await page.request.get(`${app.url}/api/surveys/${app.surveyId}/draft`)).json()) as { definition: Def }).definition;
    const before = await readDraft();
    const [first, second] = before.pages;
    const moved = first!.elements.find((e) => e.type !== 'panel' && e.type !== 'paneldynamic')!;
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}/builder`);
    await page.getByRole('heading', { level: 1, name: /^Questionnaire builder · / }).waitFor();

    const outline = page.getByRole('region', { name: 'Outline' });
    const row = (kind: string, name: string) => outline.locator(`li.builder-${kind}`).filter({ has: page.locator('.builder-name').getByText(name, { exact: true }) });
    await row('question', moved.name).dragTo(row('page', second!.name));
    await page.waitForFunction(() => document.querySelector('.builder-bar [role="status"]')?.textContent === 'All changes saved');

    const after = await readDraft();
    expect(after.pages[0]!.elements.map((e) => e.name)).not.toContain(moved.name);
    expect(after.pages[1]!.elements.at(-1)).toEqual(moved);
    expect(after.pages[1]!.elements.length).toBe(second!.elements.length + 1);
    // The moved question is selected.
    await outline.getByRole('button', { pressed: true }).filter({ hasText: moved.name }).waitFor();
  }, 90_000);
});
