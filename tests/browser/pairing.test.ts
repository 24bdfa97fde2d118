/**
 * Peer pairing (Rec 13) in the browser: the Unit opens the review from the survey page, reads a suggestion and
 * its reasons, accepts it with a note, reloads and finds it kept, filters by decision and downloads the CSV; in
 * French too; axe finds no serious violation. Then the public summary's kept versions: publishing twice lists
 * both, an earlier one is readable and says so. Screenshots in /tmp/shots/pairing-*.png and summary-versions-*.png.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, COMPLETE_ANSWERS, screenshot, type BrowserApp, type CityCode, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

// Aarhus wants to work on education, where Bilbao reported a change; Lyon wants public space, where Oslo
// progressed; Zürich is not interested.
const ANSWERS: Partial<Record<CityCode, Record<string, unknown>>> = {
  AAR: { pair_interest: 'yes', pair_topics: ['education'], chg: { education: 'no' }, prog: { education: 1 }, strat_needs: ['training'] },
  BIL: { pair_interest: 'yes', pair_topics: ['language'], chg: { education: 'yes' }, prog: { education: 4 }, strat_needs: ['training'] },
  LYO: { pair_interest: 'maybe', pair_topics: ['public_space'] },
  OSL: { pair_interest: 'yes', pair_topics: ['media_communication'], chg: { public_space: 'yes' } },
  ZUR: { pair_interest: 'no', chg: { education: 'yes', public_space: 'yes' } },
};

describe.skipIf(!chromiumPath)('peer pairing', () => {
  let app!: BrowserApp;
  let year = 0;
  const people = useBrowserApp(async (a) => {
    app = a;
    year = app.stores.surveys.get({ id: app.surveyId })!.year;
    for (const [code, answers] of Object.entries(ANSWERS) as [CityCode, Record<string, unknown>][]) {
      await app.colleagueSaves(app.linkFor(code), (d) => {
        Object.assign(d, structuredClone(COMPLETE_ANSWERS), structuredClone(answers));
      });
    }
  });

  async function signIn(page: import('playwright-core').Page) {
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
  }

  test('the Unit accepts a pair with a note, reloads and sees it kept, filters, downloads the CSV; French too', async () => {
    const { page } = await people.open({ acceptDownloads: true });
    await signIn(page);
    await page.goto(`${app.url}/admin/surveys/${app.surveyId}`);
    await page.getByRole('link', { name: 'Peer pairing' }).click();
    await page.getByRole('heading', { level: 1, name: `Peer pairing (Rec 13) · ${year}` }).waitFor();

    const pair = page.getByRole('article', { name: 'Aarhus (test) and Bilbao (test)' });
    await pair.getByText('Bilbao (test) has progressed in Education (reported a change in the last 12 months and self-assessed 100/100); Aarhus (test) wants to work on it.').waitFor();
    await pair.getByText('Both rank “Training for staff” among their three main support needs.').waitFor();
    await page.getByRole('article', { name: 'Lyon (test) and Oslo (test)' }).waitFor();
    expect(await page.getByText('Zürich (test)').count()).toBe(0);
    expect(await seriousViolations(page, 'pairing en')).toEqual([]);
    await screenshot(page, 'pairing-en');

    await pair.getByLabel('Note').fill('Introduce the two coordinators in May');
    await pair.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('status').getByText('Decision saved for Aarhus (test) and Bilbao (test).').waitFor();

    await page.reload();
    const kept = page.getByRole('article', { name: 'Aarhus (test) and Bilbao (test)' });
    await kept.getByText('Accepted', { exact: true }).waitFor();
    expect(await kept.getByLabel('Note').inputValue()).toBe('Introduce the two coordinators in May');
    expect(await kept.getByRole('button', { name: 'Accept' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByLabel('Show').selectOption('accepted');
    expect(await page.getByRole('article').count()).toBe(1);
    await page.getByLabel('Show').selectOption('rejected');
    await page.getByText('No pair to show.').waitFor();
    await page.getByLabel('Show').selectOption('');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the list (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`icc-survey-${year}-pairing.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const line = csv.split('\r\n').find((l) => l.startsWith('AAR,'))!;
    expect(line).toContain('Aarhus (test)');
    expect(line).toContain('Bilbao (test)');
    expect(line).toContain(',accepted,Introduce the two coordinators in May,');

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: `Jumelage entre pairs (Rec 13) · ${year}` }).waitFor();
    const fr = page.getByRole('article', { name: 'Aarhus (test) et Bilbao (test)' });
    await fr.getByText('Acceptée', { exact: true }).waitFor();
    await fr.getByText('Bilbao (test) a progressé en Éducation', { exact: false }).waitFor();
    await page.getByRole('article', { name: 'Lyon (essai) et Oslo (test)' }).waitFor();
    expect(await seriousViolations(page, 'pairing fr')).toEqual([]);
    await screenshot(page, 'pairing-fr');
  });

  test('the public summary keeps every published version: the latest shown, earlier ones listed and readable', async () => {
    app.stores.surveys.setStatus({ id: app.surveyId, status: 'closed', now: new Date() });
    const session = await fetch(`${app.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    const cookie = session.headers.getSetCookie()[0]!.split(';')[0]!;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.url}/api/surveys/${app.surveyId}/summary/publish`, { method: 'POST', headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
    }
    const { page } = await people.open();
    await page.goto(`${app.url}/summary/${year}`);
    const versions = page.getByRole('region', { name: 'Versions of this summary' });
    await versions.getByText(/^Version 2, published on .* \(shown\)/).waitFor();
    await versions.getByRole('link', { name: /^Version 1, published on/ }).click();
    await page.getByText('You are reading an earlier version (1) of this summary', { exact: false }).waitFor();
    expect(await seriousViolations(page, 'summary version 1')).toEqual([]);
    await screenshot(page, 'summary-versions-en');
    await page.getByRole('link', { name: 'Read the latest version' }).click();
    await page.getByRole('region', { name: 'Versions of this summary' }).getByText(/^Version 2, published on .* \(shown\)/).waitFor();
    expect(await page.getByText('You are reading an earlier version', { exact: false }).count()).toBe(0);
  });
});
