/**
 * The analysis page: headline figures equal to the API's, filters refetch and update the tables, charts with
 * their tables and downloads, accessibility (axe), screenshots at 1200 px and 375 px.
 */
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, COMPLETE_ANSWERS, screenshot, type BrowserApp, type CityCode, useBrowserApp } from './browser-app';
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

const PORTAL_FIRST = ['portal', 'email_targeted', 'webinars', 'newsletter', 'collab_tool', 'social_media'];

describe.skipIf(!chromiumPath)('analysis page', () => {
  let app!: BrowserApp;
  const people = useBrowserApp(async (a) => {
    app = a;
    // Six cities answer: four put targeted email first, Bilbao (ES) and Oslo the portal.
    const codes: CityCode[] = ['AAR', 'BIL', 'LYO', 'ZUR', 'OSL', 'LIS'];
    for (const code of codes) {
      await app.colleagueSaves(app.linkFor(code), (d) => {
        Object.assign(d, structuredClone(COMPLETE_ANSWERS));
        if (code === 'BIL' || code === 'OSL') d.comm_channels = PORTAL_FIRST;
        if (code === 'LIS') d.chg = { education: 'no', language: 'yes' };
      });
    }
  });

  test('headline figures match the API, a filter updates the tables, no serious axe violation', async () => {
    const { page } = await people.open();
    await signIn(page, app.url);
    const year = new Date().getFullYear();
    await page.getByRole('link', { name: `Analysis · ${year}` }).click();
    await page.getByRole('heading', { level: 1, name: /^Analysis · / }).waitFor();
    const email = page.locator('[data-figure="rec11-email"]');
    await email.locator('.headline-value').waitFor();

    const api = (await page.evaluate(
      (id) => fetch(`/api/surveys/${id}/analysis`).then((r) => r.json()),
      app.surveyId,
    )) as { n: number; N: number; rec11: { emailPreferred: { k: number; n: number; p: number } } };
    expect(api.rec11.emailPreferred).toMatchObject({ k: 4, n: 6 });
    expect(await email.locator('.headline-value').textContent()).toBe(`${Math.round(api.rec11.emailPreferred.p * 100)}%`);
    expect(await email.textContent()).toContain('4 of 6 cities');
    expect(await page.locator('[data-figure="response-rate"]').textContent()).toContain(`${api.n} of ${api.N} cities`);

    const channels = page.getByRole('table', { name: /Channel ranked first/ });
    const emailRow = channels.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Targeted email by topic' }) });
    expect(await emailRow.getByRole('cell').allTextContents()).toEqual(['6', '4', '67%', expect.stringMatching(/^\d+% – \d+%$/)]);
    const areas = page.getByRole('table', { name: /per policy area/ });
    const education = areas.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Education', exact: true }) });
    expect((await education.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['6', '5', '83%']);
    expect(await page.locator('canvas[role="img"]').count()).toBe(2);

    // The PNG and the CSV download exactly what is shown.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV · Channel ranked first' }).click()]);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFFChannel,n,Cities (k),%,95% CI\r\n')).toBe(true);
    expect(text).toContain('Targeted email by topic,6,4,67%,');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG · Channel ranked first' }).click()]);
    expect(png.suggestedFilename()).toBe(`icc-${year}-channels-first.png`);
    expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    expect(await seriousViolations(page, 'analysis')).toEqual([]);
    await screenshot(page, 'analysis');

    // One country: the page refetches, the tables show n and hide the cells under 5 cities.
    await page.getByLabel('Country').selectOption('ES');
    await emailRow.getByRole('cell').first().filter({ hasText: /^1$/ }).waitFor();
    expect(await emailRow.getByRole('cell').allTextContents()).toEqual(['1', '—', '—', '—']);
    expect(await page.getByText('fewer than 5 cities').first().isVisible()).toBe(true);
    expect(await email.textContent()).toContain('0 of 1 cities');
    expect(await page.getByText('Only 1 cities in this selection').isVisible()).toBe(true);
    expect(await seriousViolations(page, 'analysis filtered')).toEqual([]);

    await page.getByLabel('Country').selectOption('');
    await emailRow.getByRole('cell').first().filter({ hasText: /^6$/ }).waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'analysis-375');

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: /^Analyse · / }).waitFor();
    await page.getByRole('table', { name: /Canal classé en premier/ }).waitFor();
    expect(await seriousViolations(page, 'analysis fr')).toEqual([]);
  });
});

async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `[${label}] ${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
  if (serious.length > 0) console.log(serious.join('\n'));
  return serious;
}
