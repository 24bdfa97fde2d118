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

test('the user.update audit entry says what changed (role from and to, password reset) without the password', async () => {
  const created = (await (await post('/api/users', { email: 'audited@example.org', role: 'analyst' }, admin)).json()) as { id: number; temporaryPassword: string };
  const patch = (body: unknown) => fetch(`${t.url}/api/users/${created.id}`, jsonInit('PATCH', body, { Cookie: admin }));

  const promoted = await patch({ role: 'admin' });
  expect(promoted.status).toBe(200);
  const reset = await patch({ resetPassword: true });
  expect(reset.status).toBe(200);
  const { temporaryPassword } = (await reset.json()) as { temporaryPassword: string };
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);

  const audit = (await (await fetch(`${t.url}/api/audit?action=user.`, { headers: { Cookie: admin } })).json()) as { entries?: unknown[] } | unknown[];
  const entries = (Array.isArray(audit) ? audit : (audit.entries ?? [])) as { action: string; actor: string; detail: Record<string, unknown> }[];
  const updates = entries.filter((e) => e.action === 'user.update' && e.detail.email === 'audited@example.org');
  // Newest first: the reset, then the role change.
  expect(updates.map((e) => ({ role: e.detail.role, passwordReset: e.detail.passwordReset }))).toEqual([
    { role: undefined, passwordReset: true },
    { role: { from: 'analyst', to: 'admin' }, passwordReset: undefined },
  ]);
  expect(updates[0]!.actor).toBe(`${ADMIN_EMAIL} (admin)`);
  const creation = entries.find((e) => e.action === 'user.create' && e.detail.email === 'audited@example.org');
  expect(creation?.detail.role).toBe('analyst');
  const text = JSON.stringify(entries);
  expect(text).not.toContain(temporaryPassword);
  expect(text).not.toContain(created.temporaryPassword);
  expect(text).not.toContain('scrypt');
});

test('the account list shows the last sign-in and, after 10 failed sign-ins, until when the account is locked', async () => {
  const created = (await (await post('/api/users', { email: 'locked@example.org', role: 'analyst' }, admin)).json()) as { id: number; temporaryPassword: string };
  const row = async () => {
    const list = (await (await fetch(`${t.url}/api/users`, { headers: { Cookie: admin } })).json()) as Record<string, unknown>[];
    return list.find((u) => u.email === 'locked@example.org')!;
  };
  expect(await row()).toMatchObject({ lastSignInAt: null, lockedUntil: null, mustChangePassword: true });

  await t.signIn('locked@example.org', created.temporaryPassword);
  expect((await row()).lastSignInAt).toBe(t.clock.now().toISOString());

  for (let i = 0; i < 9; i++) await expectError(await post('/api/session', { email: 'locked@example.org', password: `wrong ${i}` }), 401, 'unauthorised');
  expect((await row()).lockedUntil).toBeNull();
  await expectError(await post('/api/session', { email: 'locked@example.org', password: 'wrong 9' }), 401, 'unauthorised');
  await expectError(await post('/api/session', { email: 'locked@example.org', password: created.temporaryPassword }), 429, 'rate_limited');
  expect((await row()).lockedUntil).toBe(new Date(t.clock.now().getTime() + 15 * 60 * 1000).toISOString());
});
