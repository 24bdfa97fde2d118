import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  ANALYST_EMAIL,
  ANALYST_PASSWORD,
  START_TIME,
  captureConsoleErrors,
  expectError,
  jsonInit,
  snapshotTables,
  startTestApp,
  type TestApp,
} from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const sessionCount = () => (t.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

test('health answers 200 with status ok', async () => {
  const res = await fetch(`${t.url}/api/health`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('an unknown API path answers 404 with a JSON error', async () => {
  await expectError(await fetch(`${t.url}/api/no-such-thing`), 404, 'not_found');
  await expectError(await fetch(`${t.url}/api/no-such-thing`, jsonInit('POST', {})), 404, 'not_found');
  await expectError(await fetch(`${t.url}/api/surveys/1/nothing-here`), 404, 'not_found');
});

test('signing in answers 204 with an HttpOnly SameSite=Lax session cookie', async () => {
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }));
  expect(res.status).toBe(204);
  const cookies = res.headers.getSetCookie();
  expect(cookies).toHaveLength(1);
  const attributes = cookies[0]!.split(';').map((a) => a.trim());
  expect(attributes[0]).toMatch(/^icc_session=[A-Za-z0-9_-]{43}$/);
  expect(attributes).toContain('HttpOnly');
  expect(attributes).toContain('SameSite=Lax');
  expect(attributes).toContain('Path=/');
  // The test server is plain http (no https PUBLIC_URL): the cookie must not be Secure or browsers drop it.
  expect(attributes).not.toContain('Secure');
});

test('the session cookie identifies the user on GET /api/session', async () => {
  const admin = await t.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const res = await fetch(`${t.url}/api/session`, { headers: { Cookie: admin } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ email: ADMIN_EMAIL, role: 'admin', name: '', mustChangePassword: false });

  const analyst = await t.signIn(ANALYST_EMAIL, ANALYST_PASSWORD);
  const res2 = await fetch(`${t.url}/api/session`, { headers: { Cookie: analyst } });
  expect(await res2.json()).toEqual({ email: ANALYST_EMAIL, role: 'analyst', name: 'Test Analyst', mustChangePassword: false });
});

test('the email of the sign-in is case-insensitive', async () => {
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', { email: 'Admin@Test.Example', password: ADMIN_PASSWORD }));
  expect(res.status).toBe(204);
});

test('GET /api/session without a cookie answers 401', async () => {
  await expectError(await fetch(`${t.url}/api/session`), 401, 'unauthorised');
});

test('an unknown or forged session cookie counts as signed out', async () => {
  await expectError(await fetch(`${t.url}/api/session`, { headers: { Cookie: 'icc_session=forged-token-value' } }), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys`, { headers: { Cookie: `icc_session=${'x'.repeat(5000)}` } }), 401, 'unauthorised');
});

test('a malformed session cookie counts as signed out instead of failing the request', async () => {
  const statuses: number[] = [];
  const logged = await captureConsoleErrors(async () => {
    statuses.push((await fetch(`${t.url}/api/health`, { headers: { Cookie: 'icc_session=%' } })).status);
    statuses.push((await fetch(`${t.url}/api/surveys`, { headers: { Cookie: 'icc_session=%E0%A4%A' } })).status);
  });
  expect(statuses).toEqual([200, 401]);
  expect(logged).toEqual([]);
});

test('a wrong password answers 401 without a cookie and without creating a session', async () => {
  const before = sessionCount();
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', { email: ADMIN_EMAIL, password: 'wrong password' }));
  const body = await expectError(res, 401, 'unauthorised');
  expect(body.error.message).toBe('Wrong email or password.');
  expect(res.headers.getSetCookie()).toEqual([]);
  expect(sessionCount()).toBe(before);
});

test('an unknown email answers the same 401 as a wrong password', async () => {
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', { email: 'nobody@test.example', password: ADMIN_PASSWORD }));
  const body = await expectError(res, 401, 'unauthorised');
  expect(body.error.message).toBe('Wrong email or password.');
});

test('a sign-in body that is not valid JSON answers 400', async () => {
  const before = snapshotTables(t.db);
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', '{"email": "admin@test.example", "password": '));
  await expectError(res, 400, 'bad_request');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a sign-in body without the password answers 400 naming the field', async () => {
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', { email: ADMIN_EMAIL }));
  const body = await expectError(res, 400, 'invalid');
  expect(body.error.problems).toHaveLength(1);
  expect(body.error.problems[0]).toMatch(/^password: /);
});

test('a sign-in body of the wrong JSON type answers 400', async () => {
  await expectError(await fetch(`${t.url}/api/session`, jsonInit('POST', [ADMIN_EMAIL, ADMIN_PASSWORD])), 400, 'invalid');
  await expectError(await fetch(`${t.url}/api/session`, jsonInit('POST', { email: 42, password: true })), 400, 'invalid');
  // A bare JSON string is refused by the strict JSON parser.
  await expectError(await fetch(`${t.url}/api/session`, jsonInit('POST', '"admin"')), 400, 'bad_request');
});

test('a sign-in sent as a form instead of JSON answers 415', async () => {
  const before = sessionCount();
  const res = await fetch(`${t.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `email=${encodeURIComponent(ADMIN_EMAIL)}&password=${encodeURIComponent(ADMIN_PASSWORD)}`,
  });
  await expectError(res, 415, 'unsupported_media_type');
  expect(res.headers.getSetCookie()).toEqual([]);
  expect(sessionCount()).toBe(before);
});

test('a JSON body sent as text/plain answers 415', async () => {
  const res = await fetch(`${t.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  await expectError(res, 415, 'unsupported_media_type');
});

test('a JSON body in a charset other than UTF-8 answers 415', async () => {
  const res = await fetch(`${t.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=latin1' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  await expectError(res, 415, 'unsupported_media_type');
});

test('a sign-in body over 512 KB answers 413', async () => {
  const before = sessionCount();
  const body = JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, padding: 'x'.repeat(600 * 1024) });
  const res = await fetch(`${t.url}/api/session`, jsonInit('POST', body));
  const error = await expectError(res, 413, 'too_large');
  expect(error.error.message).toBe('The request body is too large (limit 512kb).');
  expect(sessionCount()).toBe(before);
});

test('a password longer than 200 characters answers 400 before any hashing', async () => {
  await expectError(await fetch(`${t.url}/api/session`, jsonInit('POST', { email: ADMIN_EMAIL, password: 'p'.repeat(201) })), 400, 'invalid');
});

test('signing out answers 204, clears the cookie and the old cookie no longer works', async () => {
  const cookie = t.sessionCookie(ADMIN_EMAIL);
  const before = sessionCount();
  const res = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { Cookie: cookie } });
  expect(res.status).toBe(204);
  expect(res.headers.getSetCookie()[0]).toMatch(/^icc_session=;.*Expires=Thu, 01 Jan 1970/);
  expect(sessionCount()).toBe(before - 1);
  await expectError(await fetch(`${t.url}/api/session`, { headers: { Cookie: cookie } }), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys`, { headers: { Cookie: cookie } }), 401, 'unauthorised');
});

test('signing out without a session answers 401', async () => {
  await expectError(await fetch(`${t.url}/api/session`, { method: 'DELETE' }), 401, 'unauthorised');
});

test('signing in again replaces the previous session', async () => {
  const first = await t.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  const res = await fetch(
    `${t.url}/api/session`,
    jsonInit('POST', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, { Cookie: first }),
  );
  expect(res.status).toBe(204);
  const second = res.headers.getSetCookie()[0]!.split(';')[0]!;
  expect(second).not.toBe(first);
  await expectError(await fetch(`${t.url}/api/session`, { headers: { Cookie: first } }), 401, 'unauthorised');
  expect((await fetch(`${t.url}/api/session`, { headers: { Cookie: second } })).status).toBe(200);
});

test('a session expires after 12 hours', async () => {
  const cookie = t.sessionCookie(ANALYST_EMAIL);
  try {
    t.clock.set(new Date(START_TIME.getTime() + 12 * 60 * 60 * 1000 - 1000));
    expect((await fetch(`${t.url}/api/session`, { headers: { Cookie: cookie } })).status).toBe(200);
    t.clock.set(new Date(START_TIME.getTime() + 12 * 60 * 60 * 1000 + 1000));
    await expectError(await fetch(`${t.url}/api/session`, { headers: { Cookie: cookie } }), 401, 'unauthorised');
  } finally {
    t.clock.set(START_TIME);
  }
});

// Cross-site request forgery: signing out is a cookie-authenticated write whose effect is easy to observe.
async function signOutWith(headers: Record<string, string>) {
  const cookie = t.sessionCookie(ADMIN_EMAIL);
  const res = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { Cookie: cookie, ...headers } });
  const stillSignedIn = (await fetch(`${t.url}/api/session`, { headers: { Cookie: cookie } })).status === 200;
  return { res, stillSignedIn };
}

test('a cookie-authenticated write from another Origin answers 403 and does nothing', async () => {
  const { res, stillSignedIn } = await signOutWith({ Origin: 'https://evil.example' });
  await expectError(res, 403, 'forbidden');
  expect(stillSignedIn).toBe(true);
});

test('a cookie-authenticated write marked Sec-Fetch-Site cross-site answers 403', async () => {
  const { res, stillSignedIn } = await signOutWith({ 'Sec-Fetch-Site': 'cross-site' });
  await expectError(res, 403, 'forbidden');
  expect(stillSignedIn).toBe(true);
});

test('a cookie-authenticated write from an opaque Origin null answers 403', async () => {
  const { res, stillSignedIn } = await signOutWith({ Origin: 'null' });
  await expectError(res, 403, 'forbidden');
  expect(stillSignedIn).toBe(true);
});

test('a cookie-authenticated write from another port of the same host answers 403', async () => {
  const { res } = await signOutWith({ Origin: 'http://127.0.0.1:1' });
  await expectError(res, 403, 'forbidden');
});

test('a cookie-authenticated write from the same Origin is allowed', async () => {
  const { res, stillSignedIn } = await signOutWith({ Origin: t.url, 'Sec-Fetch-Site': 'same-origin' });
  expect(res.status).toBe(204);
  expect(stillSignedIn).toBe(false);
});

test('a cookie-authenticated write without Origin (a script) is allowed', async () => {
  const { res, stillSignedIn } = await signOutWith({});
  expect(res.status).toBe(204);
  expect(stillSignedIn).toBe(false);
});

test('a cookie-authenticated POST with another Origin answers 403 and creates nothing', async () => {
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const before = snapshotTables(t.db);
  const res = await fetch(
    `${t.url}/api/surveys/${t.surveyId}/invitations`,
    jsonInit('POST', { cityIds: [t.cities[0]!.id] }, { Cookie: admin, Origin: 'https://evil.example' }),
  );
  await expectError(res, 403, 'forbidden');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a cross-site GET is not refused (reads have no effect)', async () => {
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const res = await fetch(`${t.url}/api/surveys`, { headers: { Cookie: admin, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } });
  expect(res.status).toBe(200);
});

// Sessions end when they should (issue 6): expiry, signing out everywhere, and an admin changing an account.

/** A fresh analyst account with `n` sessions, made directly in the stores (no password hashing). */
function accountWithSessions(n: number): { id: number; email: string; cookies: string[] } {
  const email = `sessions-${Math.random().toString(36).slice(2)}@test.example`;
  const id = t.stores.users.create({ email, passwordHash: 'not a usable hash', role: 'analyst', now: t.clock.now() });
  return { id, email, cookies: Array.from({ length: n }, () => t.sessionCookie(email)) };
}
const sessionsOf = (userId: number) => (t.db.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(userId) as { n: number }).n;
const statusWith = async (cookie: string, path = '/api/session') => (await fetch(`${t.url}${path}`, { headers: { Cookie: cookie } })).status;

/** The audit entries of an action, newest first; the trail is written when the response finishes. */
async function auditOf(action: string) {
  for (let i = 0; i < 20; i++) {
    const found = t.stores.auditLog.list({ action, limit: 50 }).filter((e) => e.action === action);
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  return [];
}

test('an expired session is refused on reads and writes alike, and a new sign-in is needed', async () => {
  const { cookies } = accountWithSessions(1);
  const cookie = cookies[0]!;
  try {
    t.clock.set(new Date(START_TIME.getTime() + 13 * 60 * 60 * 1000));
    await expectError(await fetch(`${t.url}/api/surveys`, { headers: { Cookie: cookie } }), 401, 'unauthorised');
    await expectError(await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { Cookie: cookie } }), 401, 'unauthorised');
    await expectError(await fetch(`${t.url}/api/session?everywhere=1`, { method: 'DELETE', headers: { Cookie: cookie } }), 401, 'unauthorised');
  } finally {
    t.clock.set(START_TIME);
  }
});

test('signing out everywhere ends every session of the person, and no one else’s', async () => {
  const person = accountWithSessions(3);
  const other = accountWithSessions(1);
  expect(sessionsOf(person.id)).toBe(3);
  const res = await fetch(`${t.url}/api/session?everywhere=1`, { method: 'DELETE', headers: { Cookie: person.cookies[1]! } });
  expect(res.status).toBe(204);
  expect(res.headers.getSetCookie()[0]).toMatch(/^icc_session=;/);
  expect(sessionsOf(person.id)).toBe(0);
  for (const cookie of person.cookies) expect(await statusWith(cookie)).toBe(401);
  expect(await statusWith(other.cookies[0]!)).toBe(200);
  const [entry] = await auditOf('session.sign_out_everywhere');
  expect(entry).toMatchObject({ actor: `${person.email} (analyst)`, action: 'session.sign_out_everywhere' });
});

test('signing out without everywhere ends only this session', async () => {
  const person = accountWithSessions(2);
  expect((await fetch(`${t.url}/api/session?everywhere=0`, { method: 'DELETE', headers: { Cookie: person.cookies[0]! } })).status).toBe(204);
  expect(await statusWith(person.cookies[0]!)).toBe(401);
  expect(await statusWith(person.cookies[1]!)).toBe(200);
});

test('a malformed everywhere answers 400 and signs no one out', async () => {
  const person = accountWithSessions(2);
  const before = snapshotTables(t.db);
  for (const query of ['everywhere=maybe', 'everywhere=1&everywhere=1', `everywhere=${'1'.repeat(5000)}`]) {
    await expectError(await fetch(`${t.url}/api/session?${query}`, { method: 'DELETE', headers: { Cookie: person.cookies[0]! } }), 400, 'invalid');
  }
  expect(snapshotTables(t.db)).toEqual(before);
});

test('an admin resetting a password ends all of that person’s sessions; the temporary password must be changed', async () => {
  const person = accountWithSessions(2);
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const res = await fetch(`${t.url}/api/users/${person.id}`, jsonInit('PATCH', { resetPassword: true }, { Cookie: admin }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ id: person.id, email: person.email, role: 'analyst', mustChangePassword: true, sessionsEnded: 2 });
  expect(typeof body.temporaryPassword).toBe('string');
  for (const cookie of person.cookies) expect(await statusWith(cookie)).toBe(401);
  expect(await statusWith(admin)).toBe(200);
  const fresh = await t.signIn(person.email, body.temporaryPassword as string);
  await expectError(await fetch(`${t.url}/api/surveys`, { headers: { Cookie: fresh } }), 403, 'password_change_required');
  const [entry] = await auditOf('user.update');
  expect(entry).toMatchObject({ actor: `${ADMIN_EMAIL} (admin)`, detail: expect.objectContaining({ id: String(person.id), status: 200 }) });
});

test('an admin changing a role ends that person’s sessions, and the new role applies at the next sign-in', async () => {
  const person = accountWithSessions(1);
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const res = await fetch(`${t.url}/api/users/${person.id}`, jsonInit('PATCH', { role: 'admin' }, { Cookie: admin }));
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ role: 'admin', mustChangePassword: false, sessionsEnded: 1 });
  expect(await statusWith(person.cookies[0]!)).toBe(401);
  expect(t.stores.users.get({ id: person.id })?.role).toBe('admin');
  expect(await statusWith(t.sessionCookie(person.email), '/api/users')).toBe(200);
});

test('changing accounts is refused to analysts, for one’s own account, unknown ids and bad bodies, and changes nothing', async () => {
  const person = accountWithSessions(1);
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const adminId = t.stores.users.findByEmail({ email: ADMIN_EMAIL })!.id;
  const patch = (id: number | string, body: unknown, cookie?: string) =>
    fetch(`${t.url}/api/users/${id}`, jsonInit('PATCH', body, cookie ? { Cookie: cookie } : {}));
  const before = snapshotTables(t.db);
  await expectError(await patch(person.id, { resetPassword: true }, t.sessionCookie(ANALYST_EMAIL)), 403, 'forbidden');
  await expectError(await patch(person.id, { resetPassword: true }), 401, 'unauthorised');
  const after = snapshotTables(t.db); // the analyst's probe session above is the only new row
  await expectError(await patch(adminId, { role: 'analyst' }, admin), 409, 'conflict');
  await expectError(await patch(999999, { role: 'analyst' }, admin), 404, 'not_found');
  await expectError(await patch('x', { role: 'analyst' }, admin), 400, 'invalid');
  await expectError(await patch(person.id, {}, admin), 400, 'invalid');
  await expectError(await patch(person.id, { role: 'coordinator' }, admin), 400, 'invalid');
  await expectError(await patch(person.id, { resetPassword: false }, admin), 400, 'invalid');
  await expectError(await patch(person.id, { role: 'admin', password: 'chosen by the admin' }, admin), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(after);
  expect(after.users).toEqual(before.users);
  expect(sessionsOf(person.id)).toBe(1);
});

test('changing one’s own password signs out one’s other sessions and keeps this one', async () => {
  const email = `own-password-${Math.random().toString(36).slice(2)}@test.example`;
  const { hashPassword } = await import('../../server/security/passwords');
  const id = t.stores.users.create({ email, passwordHash: await hashPassword('first long passphrase 1'), role: 'analyst', now: t.clock.now() });
  const here = t.sessionCookie(email);
  const elsewhere = t.sessionCookie(email);
  const res = await fetch(
    `${t.url}/api/session/password`,
    jsonInit('POST', { currentPassword: 'first long passphrase 1', newPassword: 'second long passphrase 2' }, { Cookie: here }),
  );
  expect(res.status).toBe(204);
  expect(await statusWith(here)).toBe(200);
  expect(await statusWith(elsewhere)).toBe(401);
  expect(sessionsOf(id)).toBe(1);
});
