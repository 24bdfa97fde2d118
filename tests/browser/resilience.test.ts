/**
 * The respondent page when things go wrong or the screen is small: no connection, a wrong link, a phone.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { COMPLETE_ANSWERS, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, skipBrowserReason } from './support';
import { choose, chooseMatrixCell, horizontalOverflow, openSurvey, question, radio, saveIndicator, waitSaved } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const POLL = { timeout: 15_000, interval: 100 };
const PHONE = { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true };

/** The unsaved copy the page keeps in localStorage, if any. */
async function storedDraft(page: Page): Promise<{ local: Record<string, unknown> } | undefined> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('icc:draft:'));
    return key ? (JSON.parse(localStorage.getItem(key)!) as { local: Record<string, unknown> }) : undefined;
  });
}

describe.skipIf(!chromiumPath)('respondent page resilience', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('offline: the indicator says so, the answer is kept in the browser and reaches the server when the connection returns', async () => {
    const link = app.linkFor('AAR');
    const { context, page } = await people.open();
    await openSurvey(page, link);

    await context.setOffline(true);
    await choose(page, 'respondent_role', 'Elected official');
    await expect.poll(() => saveIndicator(page).getAttribute('data-state'), POLL).toBe('offline');
    expect(await saveIndicator(page).textContent()).toBe(
      'Offline: your answers are kept in this browser and will be sent when the connection returns',
    );
    expect((await storedDraft(page))?.local).toEqual({ respondent_role: 'elected_official' });
    expect((await app.serverState(link)).data).toEqual({});
    await screenshot(page, 'resilience-offline-1200-en');

    await context.setOffline(false);
    await expect.poll(() => app.serverState(link).then((s) => s.data), POLL).toEqual({ respondent_role: 'elected_official' });
    await waitSaved(page);
    expect(await storedDraft(page)).toBeUndefined();
  }, 60_000);

  test('offline: an answer kept in the browser survives closing the tab and is sent at the next visit', async () => {
    const link = app.linkFor('BIL');
    const { context, page } = await people.open();
    await openSurvey(page, link);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await chooseMatrixCell(page, 'chg', 'Interaction', 'Don\'t know');
    await expect.poll(() => saveIndicator(page).getAttribute('data-state'), POLL).toBe('offline');
    await page.close();

    await context.setOffline(false);
    const again = await context.newPage();
    await openSurvey(again, link);
    await again.getByRole('status').filter({ hasText: 'Answers kept in this browser while offline have been restored.' }).waitFor();
    await expect.poll(() => app.serverState(link).then((s) => s.data), POLL).toEqual({ chg: { interaction: 'dont_know' } });
    await waitSaved(again);
  }, 60_000);

  test('an unknown link shows a clear page, not a stack trace', async () => {
    const { page } = await people.open();
    for (const token of ['not-a-link', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789']) {
      const response = await page.goto(`${app.url}/r/${token}`);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'This link cannot be used' }).waitFor();
      const alert = page.getByRole('alert');
      expect(await alert.textContent()).toContain(
        'This link is not valid. Please check that you copied the whole address from the email.',
      );
      expect(await alert.textContent()).toContain('Contact the ICC Unit');
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:|stack|undefined|\{"/i);
    }
    await screenshot(page, 'resilience-unknown-link-1200-en');
  });

  test("a page whose code cannot be downloaded says so in the reader's language and offers to reload", async () => {
    const link = app.linkFor('LYO');
    const { context, page } = await people.open(PHONE);
    // The entry loads; the respondent page's own chunk (survey-core with it) does not, as on a dropped connection.
    let blocked = true;
    await context.route(/\/assets\/respond-page-[^/]+\.js$/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(link);
    await page.getByRole('alert').filter({ hasText: 'This page could not be loaded. Check your connection, then reload the page.' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ICC annual survey');
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('alert').filter({ hasText: 'Cette page n’a pas pu être chargée. Vérifiez votre connexion, puis rechargez la page.' }).waitFor();
    await screenshot(page, 'resilience-chunk-failed-375-fr');
    expect(await horizontalOverflow(page)).toBe(0);

    blocked = false;
    await page.getByRole('button', { name: 'Recharger la page' }).click();
    await page.locator('.survey-host [data-name]').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
  }, 60_000);

  test('on a 375 px phone the respondent page has no horizontal scroll, in English and French', async () => {
    const link = app.linkFor('LYO');
    const { page } = await people.open(PHONE);
    await openSurvey(page, link);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-page1-375-en');

    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await question(page, 'chg').waitFor();
    await chooseMatrixCell(page, 'chg', 'Language', 'Yes');
    await expect.poll(() => app.serverState(link).then((s) => s.data), POLL).toEqual({ chg: { language: 'yes' } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-page2-375-en');

    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enquête pour Lyon (essai)' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-page2-375-fr');
    await page.getByRole('button', { name: 'Précédent', exact: true }).click();
    await question(page, 'respondent_role').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-page1-375-fr');
  }, 60_000);

  test('on a 375 px phone the submitted answers read well without horizontal scroll', async () => {
    const link = app.linkFor('OSL');
    await app.submitViaApi(link, COMPLETE_ANSWERS);
    const { page } = await people.open(PHONE);
    await openSurvey(page, link);
    await page.getByRole('status').filter({ hasText: 'Thank you! Your city’s answers have been submitted.' }).waitFor();
    expect(await radio(page, 'respondent_role', 'ICC coordinator of the city').isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-submitted-375-en');
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('status').filter({ hasText: 'Merci ! Les réponses de votre ville ont été envoyées.' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-submitted-375-fr');
  }, 60_000);

  test('on a 375 px phone in French, the conflict dialog fits and the choice is kept', async () => {
    const link = app.linkFor('LIS');
    const { page } = await people.open({ ...PHONE, locale: 'fr-FR' });
    await openSurvey(page, link);
    await page.getByRole('heading', { level: 1, name: 'Enquête pour Lisbonne (essai)' }).waitFor();
    // A colleague saves a role after this page loaded; this person then picks another one.
    await app.colleagueSaves(link, (d) => (d.respondent_role = 'coordinator'), 'Chiara');
    await choose(page, 'respondent_role', 'Élu ou élue');

    const dialog = page.getByRole('alertdialog', { name: 'Un collègue a modifié les mêmes réponses' });
    await dialog.waitFor();
    const group = dialog.getByRole('group', { name: 'Quel est votre rôle dans le programme ICC ?' });
    expect(await group.getByRole('radio', { name: /^Garder la mienne · Votre réponse ?: Élu ou élue$/ }).isChecked()).toBe(true);
    const theirs = group.getByRole('radio', {
      name: /^Garder la sienne · Réponse enregistrée par Chiara ?: Coordinateur ou coordinatrice ICC de la ville$/,
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone-conflict-375-fr');

    await theirs.check();
    await dialog.getByRole('button', { name: 'Enregistrer mes choix' }).click();
    await expect.poll(() => saveIndicator(page).textContent(), POLL).toBe('Toutes les modifications sont enregistrées');
    expect((await app.serverState(link)).data).toEqual({ respondent_role: 'coordinator' });
    expect(await radio(page, 'respondent_role', 'Coordinateur ou coordinatrice ICC de la ville').isChecked()).toBe(true);
  }, 60_000);
});
