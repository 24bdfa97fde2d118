/**
 * The coordinator keeps the city's coordination team current from the survey page (Rec 7), on a phone, in
 * French: adds a colleague who agreed to email, corrects them, and the ICC Unit sees the list.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';
import { openSurvey } from './survey-driver';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

describe.skipIf(!chromiumPath)('your coordination team', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('a coordinator on a phone adds and corrects a colleague in French; the Unit sees the team', async () => {
    const { page } = await people.open({ viewport: { width: 375, height: 800 }, locale: 'fr-FR' });
    await openSurvey(page, `${app.linkFor('OSL')}?lang=fr`);
    const panel = page.locator('details.your-team');
    await panel.getByText('Votre équipe de coordination').click();
    await panel.getByText('Personne n’est inscrit pour l’instant.').waitFor();
    await panel.getByRole('button', { name: 'Ajouter un·e collègue' }).click();
    await panel.getByLabel('Nom', { exact: true }).fill('Ingrid Berg');
    await panel.getByLabel('Adresse électronique', { exact: true }).fill('ingrid.berg@oslo.example');
    await panel.getByLabel('Langue des courriels').selectOption('fr');
    await panel.getByLabel('Cette personne accepte de recevoir des courriels sur l’enquête').check();
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    const item = panel.getByRole('listitem').filter({ hasText: 'Ingrid Berg' });
    await item.getByText('accepte les courriels').waitFor();

    await item.getByRole('button', { name: 'Modifier · Ingrid Berg' }).click();
    await panel.getByLabel('Adresse électronique', { exact: true }).fill('i.berg@oslo.example');
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await panel.getByText('i.berg@oslo.example', { exact: false }).waitFor();

    // The same address twice: refused, said in French, nothing added.
    await panel.getByRole('button', { name: 'Ajouter un·e collègue' }).click();
    await panel.getByLabel('Nom', { exact: true }).fill('Ingrid B.');
    await panel.getByLabel('Adresse électronique', { exact: true }).fill('i.berg@oslo.example');
    await panel.getByRole('button', { name: 'Enregistrer' }).click();
    await panel.getByRole('alert').getByText('i.berg@oslo.example fait déjà partie de votre équipe : modifiez plutôt la fiche de cette personne.').waitFor();
    await panel.getByRole('button', { name: 'Annuler' }).click();

    const team = app.stores.people.listByCity({ cityId: app.cityIds.OSL });
    expect(team).toMatchObject([{ name: 'Ingrid Berg', email: 'i.berg@oslo.example', lang: 'fr', consent: true }]);
    expect(team[0]!.consentAt).not.toBeNull();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page, 'your team', 'details.your-team')).toEqual([]);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'your-team-375-fr');
  });

  test('the coordinator sees the key dates (deadline first in bold) and downloads them as an iCalendar file', async () => {
    const survey = app.stores.surveys.get({ id: app.surveyId })!;
    const { page } = await people.open();
    await openSurvey(page, app.linkFor('LIS'));
    await page.getByText(/^Key dates \(\d+\)$/).click();
    const deadline = page.locator('.key-date-deadline');
    expect(await deadline.textContent()).toMatch(/deadline/);
    expect(await page.locator('.key-dates time').first().getAttribute('datetime')).toBe(survey.opensAt!.slice(0, 10));
    const [ics] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Add these dates to my calendar (.ics)' }).click()]);
    const text = fs.readFileSync((await ics.path())!, 'utf8');
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain(`DTSTART;VALUE=DATE:${survey.closesAt!.slice(0, 10).replaceAll('-', '')}`);
    expect(text).not.toContain('/r/');
  });
});
