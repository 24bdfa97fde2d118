/**
 * The Unit imports the roster from a CSV: a file with problems is previewed row by row and refused; the
 * corrected file is imported, and importing it again changes nothing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const BAD = 'code,name,country,networks\r\nGDA,Gdańsk (test),PL,ICC\r\nGDA,Gdynia (test),PL,ICC\r\nBER,,DE,ICC\r\n';
const GOOD = 'code,name,country,networks,size_band\r\nGDA,Gdańsk (test),PL,ICC;PL-NET,large\r\nBER,Bergen (test),NO,ICC,medium\r\nLYO,Lyon (test),FR,ICC;RCI,\r\n';

let appUrl = '';

describe.skipIf(!chromiumPath)('roster import', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
    appUrl = a.url;
  });

  test('a file with problems is refused with each row’s problem; the corrected file is imported once', async () => {
    const { page } = await people.open();
    await page.goto(app.url);
    await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Roster of cities: import from CSV' }).click();
    await page.getByRole('heading', { level: 1, name: 'Roster of member cities' }).waitFor();
    const before = app.stores.cities.count();

    await page.getByLabel('CSV file').setInputFiles({ name: 'roster-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
    await page.getByRole('heading', { name: 'Preview of roster-bad.csv' }).waitFor();
    // Both GDA rows (a code twice) and BER (no name).
    await page.getByText('3 rows: 0 new cities, 0 changed, 0 unchanged, 3 with problems.').waitFor();
    expect(await page.locator('.row-problem').count()).toBe(3);
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await page.getByText('nothing was imported').waitFor();
    expect(app.stores.cities.count()).toBe(before);
    expect(await seriousViolations(page, 'roster preview')).toEqual([]);
    await screenshot(page, 'roster-preview-problems');

    await page.getByLabel('CSV file').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD) });
    await page.getByRole('heading', { name: 'Preview of roster.csv' }).waitFor();
    await page.getByText('3 rows: 2 new cities, 0 changed, 1 unchanged, 0 with problems.').waitFor();
    await page.getByText(/Networks that will be created: PL-NET/).waitFor();
    await page.getByRole('button', { name: 'Import (2 cities)' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported: 2 new, 0 changed, 1 unchanged; 1 networks created.' }).waitFor();
    expect(app.stores.cities.count()).toBe(before + 2);
    expect(app.stores.cities.getByCode({ code: 'GDA' })).toMatchObject({ name: 'Gdańsk (test)', country: 'PL', sizeBand: 'large', networks: ['ICC', 'PL-NET'] });
    // The preview of the same file now says everything is unchanged: a second import would change nothing.
    await page.getByText('3 rows: 0 new cities, 0 changed, 3 unchanged, 0 with problems.').waitFor();
    await screenshot(page, 'roster-imported');
  });

  test('in French, the preview says each problem in French (the server sends codes and parameters)', async () => {
    const { page } = await people.open();
    await signIn(page);
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Liste des villes membres' }).waitFor();
    const bad = 'code,name,country,contact_name,contact_email,contact_role,contact_consent\r\nOSL,Oslo (test),Norway,Kari,kari@,mayor,\r\n';
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('heading', { name: 'Aperçu de liste.csv' }).waitFor();
    const problems = page.locator('.row-problem .problems li');
    await problems.first().waitFor();
    expect(await problems.allTextContents()).toEqual([
      'country : « Norway » n’est pas un code pays à deux lettres (ISO 3166, p. ex. FR)',
      'contact_email : « kari@ » n’est pas une adresse électronique',
      'contact_role : rôle inconnu « mayor » (attendu : staff, elected, other)',
      'contact_consent : manquant : indiquez oui ou non (sans accord, pas de courriel)',
    ]);
    await page.getByText('Corrigez les problèmes du fichier').waitFor();
    expect(await seriousViolations(page, 'roster preview in French')).toEqual([]);
    await screenshot(page, 'roster-preview-problems-fr');

    // The corrected file adds Oslo's coordinator to its team; importing it again changes nothing.
    const good = 'code,name,country,contact_name,contact_email,contact_role,contact_consent\r\nOSL,Oslo (test),NO,Kari Nordmann,kari@oslo.example.org,élu,oui\r\n';
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'liste-corrigee.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByText('Membres des équipes : 1 nouveaux, 0 modifiés, 0 inchangés.').waitFor();
    await page.getByRole('button', { name: 'Importer (0 ville, 1 membre d’équipe)' }).click();
    await page.getByRole('status').filter({ hasText: 'Membres des équipes : 1 nouveaux, 0 modifiés.' }).waitFor();
    const oslo = app.stores.cities.getByCode({ code: 'OSL' })!;
    expect(app.stores.people.listByCity({ cityId: oslo.id })).toMatchObject([{ name: 'Kari Nordmann', email: 'kari@oslo.example.org', role: 'elected', lang: 'en', consent: true }]);
    await page.getByText('Membres des équipes : 0 nouveaux, 0 modifiés, 1 inchangés.').waitFor();
  });

  test('networks: the Unit adds one with its French name, renames it, puts a city in it, and cannot delete it while the city belongs to it', async () => {
    const { page } = await people.open();
    page.on('dialog', (d) => void d.accept());
    await signIn(page);
    const panel = page.getByRole('region', { name: 'Networks' }).or(page.locator('section.networks'));
    await page.getByRole('heading', { level: 2, name: 'Networks' }).waitFor();
    const add = page.getByRole('form', { name: 'Add a network' });
    await add.getByLabel('Code').fill('NO-NET');
    await add.getByLabel('Name in English').fill('Norwegian intercultural cities');
    await add.getByLabel('Name in French').fill('Villes interculturelles norvégiennes');
    await add.getByLabel('Country (two letters)').fill('no');
    await add.getByRole('button', { name: 'Add the network' }).click();
    await page.getByRole('status').filter({ hasText: 'Network NO-NET added.' }).waitFor();
    const network = app.stores.cities.listNetworks().find((n) => n.code === 'NO-NET')!;
    expect(network).toMatchObject({ name: 'Norwegian intercultural cities', nameFr: 'Villes interculturelles norvégiennes', kind: 'national', country: 'NO', members: 0 });

    await page.getByRole('button', { name: 'Rename · NO-NET' }).click();
    const rename = page.getByRole('form', { name: 'Rename network NO-NET' });
    await rename.getByLabel('Name in English').fill('ICC Norway');
    await rename.getByLabel('Name in French').fill('ICC Norvège');
    await rename.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Network renamed.' }).waitFor();
    expect(app.stores.cities.getNetwork({ id: network.id })).toMatchObject({ name: 'ICC Norway', nameFr: 'ICC Norvège' });

    const memberships = page.getByRole('form', { name: 'Networks of a city' });
    await memberships.getByLabel('City').selectOption({ label: 'Oslo (test) (OSL)' });
    await memberships.getByLabel('ICC Norway (NO-NET)').check();
    await memberships.getByRole('button', { name: 'Save the memberships' }).click();
    await page.getByRole('status').filter({ hasText: 'Networks of Oslo (test) saved.' }).waitFor();
    expect(app.stores.cities.getByCode({ code: 'OSL' })!.networks).toContain('NO-NET');

    // Oslo belongs to it: deleting is refused and says why.
    await page.getByRole('button', { name: 'Delete · NO-NET' }).click();
    await page.getByRole('alert').filter({ hasText: 'The network NO-NET cannot be deleted: 1 city belongs to it.' }).waitFor();
    expect(app.stores.cities.getNetwork({ id: network.id })).toBeDefined();
    expect(await seriousViolations(page, 'networks')).toEqual([]);
    await panel.first().screenshot({ path: '/tmp/shots/roster-networks.png' });

    // Once Oslo leaves it, it is deleted.
    await memberships.getByLabel('ICC Norway (NO-NET)').uncheck();
    await memberships.getByRole('button', { name: 'Save the memberships' }).click();
    await page.getByRole('status').filter({ hasText: 'Networks of Oslo (test) saved.' }).waitFor();
    await page.getByRole('button', { name: 'Delete · NO-NET' }).click();
    await page.getByRole('status').filter({ hasText: 'Network NO-NET deleted.' }).waitFor();
    expect(app.stores.cities.getNetwork({ id: network.id })).toBeUndefined();

    // In French, the panel reads in French.
    await page.getByRole('button', { name: 'Lire en français' }).click();
    await page.getByRole('heading', { level: 2, name: 'Réseaux' }).waitFor();
    await page.getByRole('form', { name: 'Réseaux d’une ville' }).waitFor();
    await screenshot(page, 'roster-networks-fr');
  });
});

/** Signs the admin in and opens the roster page. */
async function signIn(page: Page) {
  await page.goto(appUrl);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN_EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('link', { name: 'Roster of cities: import from CSV' }).click();
  await page.getByRole('heading', { level: 1, name: 'Roster of member cities' }).waitFor();
}
