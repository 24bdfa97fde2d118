import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, snapshotTables, startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: string;
let analyst: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
});
afterAll(async () => t.close());

const post = (path: string, body: unknown, cookie?: string) =>
  fetch(`${t.url}${path}`, jsonInit('POST', body, cookie ? { Cookie: cookie } : {}));

test('an admin creates an analyst, who must change the temporary password before reading anything', async () => {
  const res = await post('/api/users', { email: 'New.Analyst@Example.org', name: 'Nadia', role: 'analyst' }, admin);
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: number; email: string; role: string; temporaryPassword: string };
  expect(created).toMatchObject({ email: 'new.analyst@example.org', role: 'analyst' });
  expect(created.temporaryPassword.length).toBeGreaterThanOrEqual(16);
  // Only a hash is stored.
  const row = t.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(created.id) as { password_hash: string };
  expect(row.password_hash).not.toContain(created.temporaryPassword);

  const cookie = await t.signIn('new.analyst@example.org', created.temporaryPassword);
  const me = (await (await fetch(`${t.url}/api/session`, { headers: { Cookie: cookie } })).json()) as Record<string, unknown>;
  expect(me).toMatchObject({ role: 'analyst', mustChangePassword: true });
  await expectError(await fetch(`${t.url}/api/surveys`, { headers: { Cookie: cookie } }), 403, 'password_change_required');

  await expectError(await post('/api/session/password', { currentPassword: 'wrong', newPassword: 'a new long passphrase 1' }, cookie), 400, 'invalid');
  await expectError(await post('/api/session/password', { currentPassword: created.temporaryPassword, newPassword: 'short1' }, cookie), 400, 'invalid');
  await expectError(await post('/api/session/password', { currentPassword: created.temporaryPassword, newPassword: 'onlyletterslonger' }, cookie), 400, 'invalid');
  const ok = await post('/api/session/password', { currentPassword: created.temporaryPassword, newPassword: 'a new long passphrase 1' }, cookie);
  expect(ok.status).toBe(204);
  expect((await fetch(`${t.url}/api/surveys`, { headers: { Cookie: cookie } })).status).toBe(200);
  // The new password works, the temporary one no longer does.
  await t.signIn('new.analyst@example.org', 'a new long passphrase 1');
  await expectError(await post('/api/session', { email: 'new.analyst@example.org', password: created.temporaryPassword }), 401, 'unauthorised');
});

test('the account list is for admins; it never shows password hashes', async () => {
  const res = await fetch(`${t.url}/api/users`, { headers: { Cookie: admin } });
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).not.toContain('scrypt');
  const list = JSON.parse(text) as { email: string; role: string }[];
  expect(list.map((u) => u.email)).toEqual(expect.arrayContaining([ADMIN_EMAIL, ANALYST_EMAIL]));
  await expectError(await fetch(`${t.url}/api/users`, { headers: { Cookie: analyst } }), 403, 'forbidden');
  await expectError(await fetch(`${t.url}/api/users`), 401, 'unauthorised');
});

test('creating accounts: analysts and anonymous callers are refused, bad input and duplicates too, and nothing is stored', async () => {
  const before = snapshotTables(t.db);
  await expectError(await post('/api/users', { email: 'x@example.org', role: 'analyst' }, analyst), 403, 'forbidden');
  await expectError(await post('/api/users', { email: 'x@example.org', role: 'analyst' }), 401, 'unauthorised');
  await expectError(await post('/api/users', { email: 'not an email', role: 'analyst' }, admin), 400, 'invalid');
  await expectError(await post('/api/users', { email: 'x@example.org', role: 'coordinator' }, admin), 400, 'invalid');
  await expectError(await post('/api/users', '[1,2]', admin), 400, 'invalid');
  await expectError(await post('/api/users', { email: ANALYST_EMAIL.toUpperCase(), role: 'admin' }, admin), 409, 'conflict');
  await expectError(await post('/api/users', { email: 'x@example.org', role: 'analyst', name: 'n'.repeat(101) }, admin), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('changing a password needs a session', async () => {
  await expectError(await post('/api/session/password', { currentPassword: 'a', newPassword: 'a new long passphrase 1' }), 401, 'unauthorised');
});
