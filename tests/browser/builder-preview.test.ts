/**
 * The builder's phone-width preview and 'test as respondent' mode (issue 4): the Unit fills in a draft with
 * survey-core's validation and completion, in French, and nothing is stored as a city's answers.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, test } from 'vitest';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { signIn } from './builder-driver';
import { chromiumPath, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const loc = (en: string, fr: string) => ({ default: en, fr });
const DEFINITION = {
  title: loc('Test pilot', 'Pilote de test'),
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'staff', inputType: 'number', isRequired: true, title: loc('Staff trained', 'Personnel formé'), validators: [{ type: 'numeric', maxValue: 100, text: loc('At most 100', 'Au plus 100') }] },
      ],
    },
  ],
};

describe.skipIf(!chromiumPath)('builder preview', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('phone-width preview, and a test run with validation and completion that stores nothing', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    const created = await page.request.post(`${app.url}/api/surveys?year=2061`, { data: DEFINITION });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await page.goto(`${app.url}/admin/surveys/${id}/builder`);
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.locator('[data-name="staff"]').waitFor();

    await preview.getByRole('button', { name: 'Phone (375 px)' }).click();
    const frame = preview.locator('.builder-frame');
    expect(Math.round((await frame.boundingBox())!.width)).toBe(375);
    await screenshot(page, 'builder-preview-phone');

    await preview.getByRole('button', { name: 'French' }).click();
    await preview.getByRole('button', { name: 'Test as respondent' }).click();
    const run = page.getByRole('region', { name: 'Test as respondent' });
    await run.getByText('Test mode: fill in the draft as a city would').waitFor();
    const complete = run.getByRole('button', { name: 'Terminer' });
    await complete.click();
    await run.locator('[data-name="staff"] .sd-question__erbox').first().waitFor();
    await run.locator('[data-name="staff"] input').fill('150');
    await complete.click();
    await run.getByText('Au plus 100').waitFor();
    await run.locator('[data-name="staff"] input').fill('42');
    await complete.click();
    await run.getByText('Test completed. These answers were not stored:').waitFor();
    expect(await run.locator('.builder-test-data').textContent()).toContain('"staff": 42');
    await screenshot(page, 'builder-test-run-fr');

    // Nothing stored: no response to any version of the survey.
    const versions = (await (await page.request.get(`${app.url}/api/surveys/${id}/versions`)).json()) as { responses: number }[];
    expect(versions.map((v) => v.responses)).toEqual([0]);
    expect(app.stores.responses.versionIdOf({ surveyId: id, cityId: Object.values(app.cityIds)[0]! })).toBeUndefined();

    await run.getByRole('button', { name: 'End the test' }).click();
    await preview.locator('[data-name="staff"]').waitFor();
  }, 90_000);

  test('indicator completeness and campaign settings views, in English and French', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}/builder`);
    await page.getByRole('heading', { level: 1, name: /^Questionnaire builder · / }).waitFor();
    await page.getByRole('button', { name: 'Indicators', exact: true }).click();
    await page.getByText('20 of 20 indicators have the questions they need').waitFor();
    // A link goes to the question in the builder.
    await page.getByRole('button', { name: 'Edit question comm_channels' }).click();
    expect(await page.getByLabel('Question code', { exact: true }).inputValue()).toBe('comm_channels');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Indicators', exact: true }).click();
    await page.getByText('19 of 20 indicators have the questions they need').waitFor();
    expect(await page.locator('tr[data-indicator="channel_ranking"]').textContent()).toContain('no question');
    await screenshot(page, 'builder-indicators-en');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    await page.getByRole('button', { name: 'Campaign settings' }).click();
    await page.getByLabel('Closes on').fill('2027-01-31');
    await page.getByLabel('Opens on').fill('2027-02-01');
    await page.getByText('The survey cannot close before it opens.').waitFor();
    await page.getByLabel('Opens on').fill('2026-12-01');
    await page.getByRole('button', { name: 'Save the dates' }).click();
    await page.getByText('Dates saved.').waitFor();
    await page.getByLabel('Thank-you text (after sending) (French)').fill('<p>Merci !</p>');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Paramètres de la campagne' }).waitFor();
    await screenshot(page, 'builder-settings-fr');
    await page.getByRole('button', { name: 'Indicateurs', exact: true }).click();
    await page.getByText('19 indicateurs sur 20 ont les questions nécessaires').waitFor();
    await screenshot(page, 'builder-indicators-fr');
    const draft = (await (await page.request.get(`${app.url}/api/surveys/${app.surveyId}/draft`)).json()) as {
      survey: { opensAt: string; closesAt: string };
    };
    expect(draft.survey).toMatchObject({ opensAt: '2026-12-01', closesAt: '2027-01-31' });

    // A city answered the question the draft removes: publishing asks what it became; "dropped" publishes.
    const link = app.linkFor('OSL');
    await app.colleagueSaves(link, (data) => {
      data.comm_channels = ['email'];
    });
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.querySelector('.builder-bar [role="status"]')?.textContent === 'All changes saved');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Not published: this draft removes codes or values that cities have answered.').waitFor();
    await page.getByLabel('Question comm_channels (1 answer) became').selectOption({ label: 'dropped (answers kept, not compared)' });
    await page.getByRole('button', { name: 'Publish with this mapping' }).click();
    await page.getByText(/Version \d+ published\. .* \d+ (city’s draft|cities’ drafts) moved to this version; 1 answer to a removed question is kept and flagged\./).waitFor();

    // The city's page shows the kept answer, flagged, in French too.
    const city = await people.open();
    await city.page.goto(link);
    const flagged = city.page.locator('details.removed-answers');
    await flagged.getByText('1 earlier answer belongs to a question the ICC Unit has since removed.', { exact: false }).waitFor();
    await flagged.locator('summary').click();
    await flagged.getByText('comm_channels').waitFor();
    await city.page.getByRole('button', { name: 'Français' }).click();
    await flagged.getByText('1 réponse antérieure concerne une question', { exact: false }).waitFor();
    await screenshot(city.page, 'respond-removed-answers-fr');
    expect((await app.serverState(link)).data).toMatchObject({ comm_channels: ['email'] });
  }, 120_000);
});
