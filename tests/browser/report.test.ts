/**
 * The city feedback report (issue 7) in the browser: the Unit opens a city's report from the survey page, the
 * city reads its own through its link once the survey has closed, in English and French; no other city is
 * named; it prints (print media hides the buttons and the banner; page.pdf() makes a PDF); axe finds no serious
 * violation. Screenshots in /tmp/shots/report-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CITY_ROWS, COMPLETE_ANSWERS, screenshot, type BrowserApp, type CityCode, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

/** Education self-assessment (0-4) of each city: Lyon 4 (100); the five others 0, 1, 2, 3, 4 → mean 50. */
const EDUCATION: Record<CityCode, number> = { LYO: 4, AAR: 0, BIL: 1, ZUR: 2, OSL: 3, LIS: 4 };

/** Everything that would name or quote another city than Lyon. */
const FOREIGN = CITY_ROWS.filter((c) => c.code !== 'LYO').flatMap((c) => [c.name, ...(c.nameFr ? [c.nameFr] : []), `Plan of ${c.code}`]);

async function expectNoOtherCity(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const s of FOREIGN) expect(text, `the page shows ${s}`).not.toContain(s);
}


describe.skipIf(!chromiumPath)('city feedback report', () => {
  let app!: BrowserApp;
  const people = useBrowserApp(async (a) => {
    app = a;
    for (const code of Object.keys(EDUCATION) as CityCode[]) {
      await app.colleagueSaves(app.linkFor(code), (d) => {
        Object.assign(d, structuredClone(COMPLETE_ANSWERS));
        d.prog = { education: EDUCATION[code], language: 2 };
        d.chg_txt_education = code === 'LYO' ? 'Médiateurs interculturels dans douze écoles.' : `Plan of ${code}`;
        d.final_comment = code === 'LYO' ? 'Merci pour ce programme.' : `Plan of ${code}, final words`;
      });
    }
    app.stores.surveys.setStatus({ id: app.surveyId, status: 'closed', now: new Date() });
  });

  test('the Unit opens Lyon’s report from the survey page: tables, no other city, no serious axe violation', async () => {
    const { page } = await people.open();
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    await page.getByRole('link', { name: 'Report · Lyon (test)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback report: Lyon (test)' }).waitFor();

    const progress = page.getByRole('table', { name: 'Progress by policy area (score 0–100)' });
    const education = progress.getByRole('row', { name: /^Education/ });
    // Lyon 100; the other cities of ICC (five) and all other cities (five): mean 50; RCI has four others: hidden.
    await expect.poll(() => education.getByRole('cell').allInnerTexts()).toEqual([
      '100.0',
      expect.stringMatching(/^50\.0 n = 5\n95% CI/),
      '—',
      expect.stringMatching(/^50\.0 n = 5\n95% CI/),
    ]);
    await page.getByText('Médiateurs interculturels dans douze écoles.').waitFor();
    await expectNoOtherCity(page);
    expect(await seriousViolations(page, 'report')).toEqual([]);
    await screenshot(page, 'report-unit-en');
  });

  test('the city reads its own report through its link, in English and French, and prints it', async () => {
    const { page } = await people.open();
    // The closed survey's page leads to the report.
    await page.goto(app.linkFor('LYO'));
    await page.getByRole('link', { name: /Read your city’s feedback report/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback report: Lyon (test)' }).waitFor();
    expect(page.url()).toBe(`${app.linkFor('LYO')}/report`);
    await page.getByText('Merci pour ce programme.').waitFor();
    await expectNoOtherCity(page);

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapport de retour : Lyon (essai)' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Progrès par domaine d’action (score 0–100)' }).waitFor();
    await page.getByRole('columnheader', { name: 'Autres villes de Intercultural Cities : moyenne' }).waitFor();
    await expectNoOtherCity(page);
    expect(await seriousViolations(page, 'report')).toEqual([]);
    await screenshot(page, 'report-city-fr');

    // Print: no buttons, no banner; a PDF comes out of headless Chromium.
    const printButton = page.getByRole('button', { name: 'Imprimer ou enregistrer en PDF' });
    await expect.poll(() => printButton.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => printButton.isVisible()).toBe(false);
    expect(await page.getByRole('banner').isVisible()).toBe(false);
    await screenshot(page, 'report-city-fr-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // One section per page at least: the report runs over several pages.
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  test('another city’s link shows that city’s report, never Lyon’s; a phone-width view stays readable', async () => {
    const { page } = await people.open({ viewport: { width: 375, height: 800 } });
    await page.goto(`${app.linkFor('BIL')}/report`);
    await page.getByRole('heading', { level: 1, name: 'Feedback report: Bilbao (test)' }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('Lyon');
    expect(text).not.toContain('Médiateurs interculturels');
    await screenshot(page, 'report-city-375');
  });
});
