/**
 * Builder follow-ups (issue 4): the plain preview checks answers on Next and Complete as a respondent's page
 * does (nothing stored), and the survey's page lists, per city, the answers kept for questions a fix removed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, SHOTS_DIR, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
}

type Json = Record<string, any>;
const loc = (en: string, fr: string) => ({ default: en, fr });
const DEFINITION = {
  title: loc('Preview checks', 'Contrôles de l’aperçu'),
  pages: [
    {
      name: 'p1',
      elements: [
        {
          type: 'text',
          name: 'staff',
          inputType: 'number',
          isRequired: true,
          title: loc('Staff trained', 'Personnel formé'),
          validators: [{ type: 'numeric', maxValue: 100, text: loc('At most 100', 'Au plus 100') }],
        },
        { type: 'boolean', name: 'has_plan', title: loc('Is there a plan?', 'Y a-t-il un plan ?') },
        { type: 'text', name: 'plan_year', isRequired: true, visibleIf: '{has_plan} = true', title: loc('Year of the plan', 'Année du plan') },
      ],
    },
    {
      name: 'p2',
      elements: [
        { type: 'comment', name: 'note', isRequired: true, title: loc('Note', 'Note') },
        // A value survey-core would rewrite inside a condition: the builder warns about it.
        { type: 'radiogroup', name: 'tone', title: loc('Tone', 'Ton'), choices: [{ value: 'so<>so', text: loc('So-so', 'Bof') }] },
      ],
    },
  ],
};

describe.skipIf(!chromiumPath)('builder follow-ups', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('the plain preview checks required answers and validators on Next and Complete, and stores nothing', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    const created = await page.request.post(`${app.url}/api/surveys?year=2062`, { data: DEFINITION });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await page.goto(`${app.url}/admin/surveys/${id}/builder`);
    const preview = page.getByRole('region', { name: 'Preview' });
    const staff = preview.locator('[data-name="staff"]');
    await staff.waitFor();
    await page.getByText('1 warning: codes or values a condition could not use').click();
    await page.getByText('question "tone": choice value "so<>so" contains "<>"', { exact: false }).waitFor();

    // Questions hidden by logic are shown (to review them) but not asked: only the required question shown stops Next.
    const planYear = preview.locator('[data-name="plan_year"]');
    await planYear.waitFor();
    await preview.getByRole('button', { name: 'Next' }).click();
    await staff.getByText('Response required.').waitFor();
    expect(await planYear.getByText('Response required.').count()).toBe(0);
    await staff.locator('input').fill('150');
    await preview.getByRole('button', { name: 'Next' }).click();
    await staff.getByText('At most 100').waitFor();
    expect(await preview.locator('[data-name="note"]').count()).toBe(0);
    await screenshot(page, 'builder-preview-checks');
    await staff.locator('input').fill('42');
    await preview.getByRole('button', { name: 'Next' }).click();
    const note = preview.locator('[data-name="note"]');
    await note.waitFor();
    await preview.getByRole('button', { name: 'Complete' }).click();
    await note.getByText('Response required.').waitFor();
    // Once the condition shows it, the hidden question is asked.
    await preview.getByRole('button', { name: 'Previous' }).click();
    await preview.locator('[data-name="has_plan"]').getByText('Yes').click();
    await preview.getByRole('button', { name: 'Next' }).click();
    await planYear.getByText('Response required.').waitFor();
    expect(await note.count()).toBe(0);

    // In French, the answers typed are still there and the checks speak French.
    await preview.getByRole('button', { name: 'French' }).click();
    await preview.getByText('Page 1 sur 2').waitFor();
    expect(await staff.locator('input').inputValue()).toBe('42');
    await preview.getByRole('button', { name: 'Suivant' }).click();
    await planYear.getByText('La réponse à cette question est obligatoire.').waitFor();
    await screenshot(page, 'builder-preview-checks-fr');

    const versions = (await (await page.request.get(`${app.url}/api/surveys/${id}/versions`)).json()) as { responses: number }[];
    expect(versions.map((v) => v.responses)).toEqual([0]);
  }, 90_000);

  test('the survey’s page lists each city’s answers kept for questions a fix removed, in English and French', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    const panel = page.getByRole('region', { name: 'Answers kept for removed questions' });
    await panel.getByText('No city has answers to removed questions.').waitFor();

    // Lyon answered the closing comment; a fix removes that question (dropped on purpose) and is published.
    await app.colleagueSaves(app.linkFor('LYO'), (data) => {
      data.final_comment = 'À garder';
    });
    const draft = (await (await page.request.get(`${app.url}/api/surveys/${app.surveyId}/draft`)).json()) as { revision: number; definition: Json };
    const without = (el: Json): Json => ({
      ...el,
      ...(Array.isArray(el.elements) ? { elements: el.elements.filter((e: Json) => e.name !== 'final_comment').map(without) } : {}),
    });
    const definition = { ...draft.definition, pages: draft.definition.pages.map(without) };
    expect((await page.request.put(`${app.url}/api/surveys/${app.surveyId}/draft`, { data: { definition, baseRevision: draft.revision } })).status()).toBe(200);
    const published = await page.request.post(`${app.url}/api/surveys/${app.surveyId}/publish`, { data: { mapping: { questions: { final_comment: null } } } });
    expect(published.status()).toBe(200);

    await page.reload();
    const row = panel.getByRole('row', { name: /Lyon \(test\)/ });
    await row.waitFor();
    await panel.getByText('1 city has answers to removed questions.').waitFor();
    expect((await row.textContent()) ?? '').toContain('final_comment: À garder');
    await panel.screenshot({ path: `${SHOTS_DIR}/survey-flagged-answers.png` });
    await page.getByRole('button', { name: 'Français' }).click();
    const panelFr = page.getByRole('region', { name: 'Réponses conservées pour des questions retirées' });
    await panelFr.getByText('1 ville a des réponses à des questions retirées.').waitFor();
    await panelFr.screenshot({ path: `${SHOTS_DIR}/survey-flagged-answers-fr.png` });
  }, 90_000);
});
