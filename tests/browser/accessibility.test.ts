/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on the pages people use: no serious or critical violation.
 * Lesser findings are printed so they can be looked at.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';
import { openSurvey, question } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);


describe.skipIf(!chromiumPath)('accessibility (axe, WCAG 2.1 A/AA)', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('the sign-in page', async () => {
    const { page } = await people.open();
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await seriousViolations(page, 'sign-in')).toEqual([]);
  });

  test('the respondent page: first and second page, in English and in French', async () => {
    const { page } = await people.open();
    await openSurvey(page, app.linkFor('AAR'));
    expect(await seriousViolations(page, 'respondent p1 en')).toEqual([]);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await question(page, 'chg').waitFor();
    expect(await seriousViolations(page, 'respondent p2 en')).toEqual([]);

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('button', { name: 'Précédent', exact: true }).waitFor();
    expect(await seriousViolations(page, 'respondent p2 fr')).toEqual([]);
    await page.getByRole('button', { name: 'Précédent', exact: true }).click();
    await question(page, 'respondent_role').waitFor();
    expect(await seriousViolations(page, 'respondent p1 fr')).toEqual([]);
  }, 60_000);

  test('the admin survey page', async () => {
    const { page } = await people.open();
    await page.goto(app.url);
    await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    await page.getByRole('table').waitFor();
    expect(await seriousViolations(page, 'admin survey')).toEqual([]);
  }, 60_000);
});
