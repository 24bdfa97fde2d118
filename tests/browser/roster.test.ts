/**
 * The Unit imports the roster from a CSV: a file with problems is previewed row by row and refused; the
 * corrected file is imported, and importing it again changes nothing.
 */
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, seriousViolations, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

const BAD = 'code,name,country,networks\r\nGDA,Gdańsk (test),PL,ICC\r\nGDA,Gdynia (test),PL,ICC\r\nBER,,DE,ICC\r\n';
const GOOD = 'code,name,country,networks,size_band\r\nGDA,Gdańsk (test),PL,ICC;PL-NET,large\r\nBER,Bergen (test),NO,ICC,medium\r\nLYO,Lyon (test),FR,ICC;RCI,\r\n';

describe.skipIf(!chromiumPath)('roster import', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
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
});
