/**
 * The ICC Unit's side in the browser: signing in, the survey's page with each city's status, links, the CSV.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, COMPLETE_ANSWERS, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';
import { openSurvey } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const SURVEY_TITLE = 'Intercultural Cities: annual survey of member cities';

async function signIn(page: Page, url: string, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe.skipIf(!chromiumPath)('ICC Unit pages', () => {
  let app!: BrowserApp;
  const people = useBrowserApp(async (a) => {
    app = a;
    // Bilbao has a draft, Lyon has submitted; the other cities have not started.
    await app.colleagueSaves(app.linkFor('BIL'), (d) => (d.respondent_role = 'coordinator'));
    await app.submitViaApi(app.linkFor('LYO'), COMPLETE_ANSWERS);
  });

  test('a wrong password is refused with a readable message', async () => {
    const { page } = await people.open();
    await signIn(page, app.url, 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await screenshot(page, 'admin-signin-error-1200-en');
  });

  test('the admin signs in, opens the survey, sees each city’s status, gets a working link and downloads the CSV', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    expect(await page.getByText(`Signed in as ${ADMIN_EMAIL} (administrator)`).isVisible()).toBe(true);
    await screenshot(page, 'admin-home-1200-en');

    const year = new Date().getFullYear();
    // The list names each survey by its French title in French.
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('link', { name: `${year} · Villes interculturelles : enquête annuelle auprès des villes membres` }).waitFor();
    await page.getByRole('button', { name: 'Read in English' }).click();
    await page.getByRole('link', { name: `${year} · ${SURVEY_TITLE}` }).click();
    await page.getByRole('heading', { level: 1, name: `${year} · ${SURVEY_TITLE}` }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByText('1 of 6 cities submitted (17%); drafts in progress: 1').isVisible()).toBe(true);

    const row = (city: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: city, exact: true }) });
    expect(await row('Lyon (test)').getByRole('cell').nth(2).textContent()).toBe('submitted');
    expect(await row('Bilbao (test)').getByRole('cell').nth(2).textContent()).toBe('draft');
    expect(await row('Aarhus (test)').getByRole('cell').nth(2).textContent()).toBe('not started');
    await screenshot(page, 'admin-survey-1200-en');

    await page.getByRole('button', { name: 'Get link · Aarhus (test)' }).click();
    const linkBox = page.getByRole('textbox', { name: 'Link · Aarhus (test)' });
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toBe(app.linkFor('AAR'));

    const csvLink = page.getByRole('link', { name: 'Download answers (CSV)' });
    expect(await csvLink.getAttribute('href')).toBe(`/api/surveys/${app.surveyId}/responses.csv?bom=1`);
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    expect(download.suggestedFilename()).toBe(`icc-survey-${year}-responses.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFcity,city_name,country,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['city', 'BIL', 'LYO']);

    // In French, the heading names the survey by its French title.
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: `${year} · Villes interculturelles : enquête annuelle auprès des villes membres` }).waitFor();
    await page.getByRole('button', { name: 'Read in English' }).click();

    // The link the admin copied opens Aarhus's survey.
    const coordinator = await people.open();
    await openSurvey(coordinator.page, link);
    expect(await coordinator.page.getByRole('heading', { level: 1 }).textContent()).toBe('Survey for Aarhus (test)');
  }, 60_000);

  test('the admin creates an analyst account; the analyst signs in with the temporary password and must choose a new one', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.getByRole('link', { name: 'Accounts of the ICC Unit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts of the ICC Unit' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('ana.lyst@example.org');
    await page.getByLabel('Name', { exact: true }).fill('Ana Lyst');
    await page.getByLabel('Role', { exact: true }).selectOption('analyst');
    await page.getByRole('button', { name: 'Create account' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Account created for ana.lyst@example.org' });
    await notice.waitFor();
    const temporary = /: (\S+)$/.exec((await notice.textContent())?.trim() ?? '')?.[1];
    expect(temporary).toBeTruthy();
    await page.getByRole('row').filter({ hasText: 'ana.lyst@example.org' }).waitFor();

    const { page: analyst } = await people.open();
    await analyst.goto(app.url);
    await analyst.getByLabel('Email', { exact: true }).fill('ana.lyst@example.org');
    await analyst.getByLabel('Password', { exact: true }).fill(temporary!);
    await analyst.getByRole('button', { name: 'Sign in', exact: true }).click();
    await analyst.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await analyst.getByLabel('Current password', { exact: true }).fill(temporary!);
    await analyst.getByLabel('New password', { exact: true }).fill('a long analyst passphrase 7');
    await analyst.getByLabel('New password again', { exact: true }).fill('a long analyst passphrase 7');
    await analyst.getByRole('button', { name: 'Save the new password' }).click();
    await analyst.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await analyst.getByRole('link', { name: new RegExp(SURVEY_TITLE) }).first().waitFor();
    // Analysts do not manage accounts.
    expect(await analyst.getByRole('link', { name: 'Accounts of the ICC Unit' }).count()).toBe(0);
    await screenshot(analyst, 'analyst-home-1200-en');
  });

  test('the Unit adds a team member who agreed to email and invites the city: the French email is sent and logged', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    const year = new Date().getFullYear();
    await page.getByRole('link', { name: `${year} · ${SURVEY_TITLE}` }).click();
    await page.getByRole('heading', { level: 2, name: 'Invitations by email' }).waitFor();

    await page.getByRole('button', { name: 'Team (0, 0 by email) · Aarhus (test)' }).click();
    await page.getByText('No one yet.').waitFor();
    await page.getByRole('button', { name: 'Add a person · Aarhus (test)' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Sofie Jensen');
    await page.getByLabel('Email', { exact: true }).fill('sofie.jensen@aarhus.example');
    await page.getByLabel('Language of emails').selectOption('fr');
    await page.getByLabel('Agreed to receive email about the survey').check();
    await page.getByRole('form', { name: 'Add a person' }).getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('listitem').filter({ hasText: 'Sofie Jensen' }).getByText('agreed to email').waitFor();
    await page.getByRole('button', { name: 'Team (1, 1 by email) · Aarhus (test)' }).waitFor();

    // Only Aarhus: not started, in Denmark.
    const invite = page.getByRole('region', { name: 'Invitations by email' });
    await invite.getByLabel(/^Cities/).selectOption('not_started');
    await invite.getByLabel(/^Country/).selectOption('DK');
    await page.getByText('1 cities selected, 1 people will receive an email.').waitFor();
    await page.getByRole('button', { name: 'Send invitations to 1 city…' }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('status').filter({ hasText: 'Links ready for 1 cities; 1 emails are being sent' }).waitFor();
    await page.getByText('Sent: 1').waitFor({ timeout: 15_000 });
    const row = page.getByRole('row').filter({ hasText: 'sofie.jensen@aarhus.example (FR)' });
    expect(await row.getByRole('cell').allTextContents()).toEqual([expect.any(String), 'Aarhus (test)', 'sofie.jensen@aarhus.example (FR)', 'Invitation', 'Sent']);

    const log = (await page.evaluate((id) => fetch(`/api/surveys/${id}/mail-log`).then((r) => r.json()), app.surveyId)) as {
      entries: { to: string; subject: string; status: string }[];
    };
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]!.subject).toMatch(/^Enquête annuelle ICC/);
    expect(await seriousViolations(page, 'admin campaign')).toEqual([]);
    await screenshot(page, 'admin-campaign-1200-en');
  });
});

