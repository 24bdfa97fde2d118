/**
 * The accounts page (/admin/accounts) driven as an admin would: create an analyst, change the role, reset the
 * password (the temporary one signs in and must be changed), then sign out everywhere.
 */
import { describe, expect, test } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, screenshot, type BrowserApp, useBrowserApp } from './browser-app';
import { chromiumPath, skipBrowserReason } from './support';

if (!chromiumPath) console.warn(`browser tests skipped: ${skipBrowserReason}`);

describe.skipIf(!chromiumPath)('accounts page', () => {
  let app!: BrowserApp;
  const people = useBrowserApp((a) => {
    app = a;
  });

  test('an admin creates an analyst, makes them admin, resets their password, and signs out everywhere', async () => {
    const { page } = await people.open();
    const other = await people.open();
    // The same admin on another computer: signing out everywhere ends that session too.
    for (const p of [page, other.page]) {
      const res = await p.context().request.post(`${app.url}/api/session`, { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      expect(res.status()).toBe(204);
    }
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });

    await page.goto(app.url);
    await page.getByRole('link', { name: 'Accounts of the ICC Unit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts of the ICC Unit' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('nadia@example.org');
    await page.getByLabel('Name', { exact: true }).fill('Nadia');
    await page.getByRole('button', { name: 'Create account' }).click();
    const created = await page.getByRole('status').filter({ hasText: 'Account created for nadia@example.org' }).textContent();
    const firstPassword = /: (\S+)$/.exec(created!.trim())![1]!;
    const row = page.getByRole('row').filter({ hasText: 'nadia@example.org' });
    await expect.poll(() => row.getByRole('cell').nth(0).textContent()).toBe('analyst');
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('never');
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('temporary password, to change at the next sign-in');

    await row.getByRole('button', { name: 'Make admin' }).click();
    await page.getByRole('status').filter({ hasText: 'nadia@example.org is now administrator; they were signed out.' }).waitFor();
    await expect.poll(() => row.getByRole('cell').nth(0).textContent()).toBe('administrator');
    expect(dialogs).toEqual(['Change the role of nadia@example.org to administrator? They will be signed out.']);
    expect(app.stores.users.findByEmail({ email: 'nadia@example.org' })?.role).toBe('admin');

    await row.getByRole('button', { name: 'Reset password' }).click();
    const reset = await page.getByRole('status').filter({ hasText: 'Temporary password for nadia@example.org' }).textContent();
    const secondPassword = /: (\S+)$/.exec(reset!.trim())![1]!;
    expect(secondPassword).not.toBe(firstPassword);
    await screenshot(page, 'accounts-actions-en');
    // The new temporary password signs in and must be changed; the first one no longer works.
    const signIn = (password: string) => fetch(`${app.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'nadia@example.org', password }) });
    expect((await signIn(firstPassword)).status).toBe(401);
    expect((await signIn(secondPassword)).status).toBe(204);
    expect(app.stores.users.findByEmail({ email: 'nadia@example.org' })?.mustChangePassword).toBe(true);

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(dialogs.at(-1)).toBe('Sign out on every device, this one included?');
    expect((await other.page.context().request.get(`${app.url}/api/session`)).status()).toBe(401);
  }, 90_000);
});
