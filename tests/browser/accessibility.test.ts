/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the client (the routes of client/app.tsx), in English
 * and in French: no serious or critical violation. Lesser findings are printed so they can be looked at.
 * The survey is closed (and its summary published) only in the last test, which checks the pages that need it.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, COMPLETE_ANSWERS, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';
import { horizontalOverflow, openSurvey, question } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const LANGS = ['en', 'fr'] as const;

/** Opens `path` in `lang` (the `?lang=` of client/i18n.ts) and waits until the page has loaded what it shows. */
async function visit(page: Page, url: string, lang: 'en' | 'fr'): Promise<void> {
  await page.goto(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.locator('main h1').waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null, undefined, { timeout: 20_000 });
  await page.waitForLoadState('networkidle');
  expect(await page.locator('html').getAttribute('lang')).toBe(lang);
}

/** axe on the page at `path`, in both languages; returns the serious and critical violations of both. */
async function checkBothLanguages(page: Page, url: string, label: string, ready?: (page: Page, lang: 'en' | 'fr') => Promise<void>): Promise<string[]> {
  const found: string[] = [];
  for (const lang of LANGS) {
    await visit(page, url, lang);
    if (ready) await ready(page, lang);
    found.push(...(await seriousViolations(page, `${label} ${lang}`)));
  }
  return found;
}

describe.skipIf(!chromiumPath)('accessibility (axe, WCAG 2.1 A/AA) on every page, in English and French', () => {
  let app!: BrowserApp;
  const people = useBrowserApp(async (a) => {
    app = a;
    // Answers to analyse and report on: one city submitted, one half way.
    await app.submitViaApi(app.linkFor('BIL'), COMPLETE_ANSWERS);
    await app.colleagueSaves(app.linkFor('LYO'), (d) => Object.assign(d, { respondent_role: 'coordinator', chg: { education: 'no' } }));
    // A second account, so that the accounts page shows its row actions.
    app.stores.users.create({ email: 'analyst@test.example', name: 'Ana Lyst', passwordHash: 'not-a-hash', role: 'analyst', mustChangePassword: true, now: new Date() });
  });

  /** A person signed in as the admin (through the API: the sign-in form has its own test). */
  async function admin(): Promise<Page> {
    const { page } = await people.open();
    const res = await page.context().request.post(`${app.url}/api/session`, { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.status()).toBe(204);
    return page;
  }

  test('the sign-in page and the page-not-found page', async () => {
    const { page } = await people.open();
    expect(await checkBothLanguages(page, `${app.url}/`, 'sign-in')).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/no/such/page`, 'not found')).toEqual([]);
  }, 150_000);

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
  }, 150_000);

  test('the submitted respondent page and the pages of unknown, replaced and expired links', async () => {
    const { page } = await people.open();
    expect(await checkBothLanguages(page, app.linkFor('BIL'), 'respondent submitted')).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/r/not-a-real-token-at-all`, 'unknown link')).toEqual([]);
    const old = app.linkFor('ZUR');
    app.stores.links.reissue({ surveyId: app.surveyId, cityId: app.cityIds.ZUR, now: new Date() });
    expect(await checkBothLanguages(page, old, 'replaced link')).toEqual([]);
    // An expired link (docs/decisions/008-link-expiry.md): its own message.
    const expired = app.stores.links.getOrCreate({ surveyId: app.surveyId, cityId: app.cityIds.LIS, now: new Date(), expiresAt: '2000-01-01T00:00:00.000Z' });
    expect(expired.created).toBe(true);
    expect(await checkBothLanguages(page, `${app.url}/r/${expired.token}`, 'expired link')).toEqual([]);
    await page.getByText('Ce lien a expiré. Demandez-en un nouveau à l’Unité ICC.').waitFor();
  }, 200_000);

  test('home, survey admin, builder, roster, pairing and accounts pages', async () => {
    const page = await admin();
    expect(await checkBothLanguages(page, `${app.url}/`, 'home (admin)')).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/admin/surveys/${app.surveyId}`, 'admin survey', (p) => p.getByRole('table').first().waitFor())).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/admin/surveys/${app.surveyId}/builder`, 'builder')).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/admin/roster`, 'roster')).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/admin/surveys/${app.surveyId}/pairing`, 'pairing')).toEqual([]);
    expect(await checkBothLanguages(page, `${app.url}/admin/accounts`, 'accounts', async (p, lang) => {
        await p.getByRole('table').waitFor();
        await screenshot(p, `accounts-${lang}`);
      })).toEqual([]);
  }, 300_000);

  test('on a 375 px phone the Unit’s pages do not scroll sideways: wide tables scroll inside their frame', async () => {
    const { page } = await people.open({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    const res = await page.context().request.post(`${app.url}/api/session`, { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.status()).toBe(204);
    const pages = [
      ['home', '/'],
      ['survey', `/admin/surveys/${app.surveyId}`],
      ['roster', '/admin/roster'],
      ['pairing', `/admin/surveys/${app.surveyId}/pairing`],
      ['accounts', '/admin/accounts'],
      ['analysis', `/analysis/surveys/${app.surveyId}`],
    ] as const;
    const overflow: Record<string, number | string> = {};
    for (const [label, path] of pages) {
      for (const lang of LANGS) {
        await visit(page, `${app.url}${path}`, lang);
        const px = await horizontalOverflow(page);
        // Name what sticks out, so a failure says where to look.
        overflow[`${label} ${lang}`] = px === 0 ? 0 : await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const out = Array.from(document.querySelectorAll('main *')).filter((el) => !el.closest('.table-wrap') && el.getBoundingClientRect().right > width + 0.5);
          return out.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`).join(' | ') || 'overflow from a table';
        }).then((where) => `${px} px: ${where}`);
      }
    }
    expect(overflow).toEqual(Object.fromEntries(Object.keys(overflow).map((k) => [k, 0])));
  }, 200_000);

  test('the analysis views and a city report for the Unit', async () => {
    const page = await admin();
    const base = `${app.url}/analysis/surveys/${app.surveyId}`;
    const found: string[] = [];
    for (const [view, query] of [
      ['headlines', ''],
      ['sections', '?view=sections'],
      ['question', '?view=question&code=chg'],
      ['texts', '?view=texts'],
      ['years', '?view=years'],
    ] as const) {
      found.push(...(await checkBothLanguages(page, `${base}${query}`, `analysis ${view}`)));
    }
    found.push(...(await checkBothLanguages(page, `${app.url}/reports/surveys/${app.surveyId}/cities/${app.cityIds.BIL}`, 'report (Unit)')));
    expect(found).toEqual([]);
  }, 300_000);

  // Last: closes the survey.
  test('once the survey is closed: the closed respondent page, the city report and the public summary', async () => {
    const page = await admin();
    app.stores.surveys.setStatus({ id: app.surveyId, status: 'closed', now: new Date() });
    const published = await page.context().request.post(`${app.url}/api/surveys/${app.surveyId}/summary/publish`, { data: {} });
    expect(published.status()).toBe(200);
    const year = app.stores.surveys.get({ id: app.surveyId })!.year;

    const { page: coordinator } = await people.open();
    expect(await checkBothLanguages(coordinator, app.linkFor('LYO'), 'respondent closed')).toEqual([]);
    expect(await checkBothLanguages(coordinator, `${app.linkFor('BIL')}/report`, 'report (city)')).toEqual([]);
    expect(await checkBothLanguages(coordinator, `${app.url}/summary`, 'summary list')).toEqual([]);
    expect(await checkBothLanguages(coordinator, `${app.url}/summary/${year}`, 'summary year')).toEqual([]);
  }, 300_000);
});
