/**
 * The published summary (issue 7 part 2) in the browser: the Unit publishes it from the survey page; anyone reads
 * it without signing in, in English and French; the tables are there before the charts, which arrive after the
 * page is shown; no city is named or quoted; it prints; axe finds no serious violation.
 * Screenshots in /tmp/shots/summary-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CITY_ROWS, COMPLETE_ANSWERS, screenshot, type BrowserApp, type CityCode, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

/** Education: a change in four of the six cities; Aarhus and Bilbao none. */
const CHANGED: Record<CityCode, boolean> = { AAR: false, BIL: false, LYO: true, ZUR: true, OSL: true, LIS: true };

/** Every city's name and text answers: none may be on the public page. */
const CITY_STRINGS = CITY_ROWS.flatMap((c) => [c.name, ...(c.nameFr ? [c.nameFr] : []), `Plan of ${c.code}`]);

async function expectNoCity(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  for (const s of CITY_STRINGS) expect(text, `the page shows ${s}`).not.toContain(s);
}

describe.skipIf(!chromiumPath)('public summary', () => {
  let app!: BrowserApp;
  let year = 0;
  const people = useBrowserApp(async (a) => {
    app = a;
    year = app.stores.surveys.get({ id: app.surveyId })!.year;
    for (const code of Object.keys(CHANGED) as CityCode[]) {
      await app.colleagueSaves(app.linkFor(code), (d) => {
        Object.assign(d, structuredClone(COMPLETE_ANSWERS));
        d.chg = { education: CHANGED[code] ? 'yes' : 'no', language: 'no' };
        if (!CHANGED[code]) delete d.chg_insp_education;
        d.chg_txt_education = `Plan of ${code}`;
        d.final_comment = `Plan of ${code}, final words`;
      });
    }
    app.stores.surveys.setStatus({ id: app.surveyId, status: 'closed', now: new Date() });
  });

  test('the Unit publishes the summary from the survey page and follows the link to the public page', async () => {
    const { page } = await people.open();
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    const panel = page.getByRole('region', { name: 'Public summary' });
    await panel.getByText('Not published.').waitFor();
    await panel.getByRole('button', { name: 'Publish summary' }).click();
    await panel.getByRole('link', { name: 'View the public page' }).click();
    await page.getByRole('heading', { level: 1, name: `ICC annual survey ${year}: results` }).waitFor();
  });

  test('anyone reads it without signing in: findings and tables first, the charts after; no city named; no serious axe violation', async () => {
    const { page } = await people.open();
    // Hold the chart code back a little, to see the page without it.
    let releaseCharts!: () => void;
    const chartsHeld = new Promise<void>((resolve) => (releaseCharts = resolve));
    const chartRequests: string[] = [];
    await page.route(/\/assets\/figure-[\w-]+\.js$/, async (route) => {
      chartRequests.push(route.request().url());
      await chartsHeld;
      await route.continue();
    });
    await page.goto(`${app.url}/summary/${year}`);
    await page.getByRole('heading', { level: 1, name: `ICC annual survey ${year}: results` }).waitFor();
    await page.getByText('6 of 6 invited cities answered: a response rate of 100%', { exact: false }).waitFor();
    await page.getByText('67% of cities introduced or changed a policy or practice', { exact: false }).waitFor();
    const changes = page.getByRole('table', { name: /^Changes inspired by the programme, by policy area/ });
    await expect.poll(() => changes.getByRole('row', { name: /^Education/ }).getByRole('cell').allInnerTexts()).toEqual(['6', '4', '67%', expect.stringMatching(/^30%.*90%$/), '67%', expect.any(String)]);
    expect(await page.locator('canvas').count()).toBe(0);
    await page.getByText('Charts are loading; the tables show every figure.').waitFor();
    await screenshot(page, 'summary-en-before-charts');

    releaseCharts();
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    expect(chartRequests).toHaveLength(1);
    await expectNoCity(page);
    expect(await seriousViolations(page, 'summary')).toEqual([]);
    await screenshot(page, 'summary-en');

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: `Enquête annuelle ICC ${year} : résultats` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Changements inspirés par le programme, par domaine' }).waitFor();
    await page.getByRole('table', { name: /^Progrès auto-évalué par domaine/ }).getByRole('row', { name: /^Éducation/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Notes de méthode' }).waitFor();
    await expectNoCity(page);
    expect(await seriousViolations(page, 'summary-fr')).toEqual([]);
    await screenshot(page, 'summary-fr');
  });

  test('it prints without buttons or banner; the list of years links to it; a phone-width view stays readable', async () => {
    const { page } = await people.open({ viewport: { width: 375, height: 800 } });
    await page.goto(`${app.url}/summary`);
    await page.getByRole('heading', { level: 1, name: 'Results of the ICC annual survey' }).waitFor();
    await page.getByRole('link', { name: new RegExp(`^${year} · `) }).click();
    await page.getByRole('heading', { level: 1, name: `ICC annual survey ${year}: results` }).waitFor();
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'summary-375');

    const printButton = page.getByRole('button', { name: 'Print or save as PDF' });
    await expect.poll(() => printButton.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => printButton.isVisible()).toBe(false);
    expect(await page.getByRole('banner').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
