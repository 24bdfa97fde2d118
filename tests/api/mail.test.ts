import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, START_TIME, expectError, jsonInit, snapshotTables, startTestApp, tokenOfUrl, type TestApp } from '../helpers/test-app';
import { parseMail, startSmtpCapture, type ParsedMail, type SmtpCapture } from '../helpers/smtp-capture';

const SMTP_USER = 'icc-survey';
const SMTP_PASS = 'smtp secret 42';
const FROM = 'ICC Unit <icc-unit@coe.example>';

let smtp: SmtpCapture;
let t: TestApp;
let admin: string;
let analyst: string;
beforeAll(async () => {
  smtp = await startSmtpCapture({ user: SMTP_USER, pass: SMTP_PASS });
  t = await startTestApp({ env: { SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${smtp.port}`, MAIL_FROM: FROM } });
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const city = (code: string) => t.cities.find((c) => c.code === code)!;
const invite = (app: TestApp, cityIds: number[], cookie: string) =>
  fetch(`${app.url}/api/surveys/${app.surveyId}/invitations`, jsonInit('POST', { cityIds }, { Cookie: cookie }));
const people = (app: TestApp, cityId: number | string, cookie: string | null, method = 'GET', body?: unknown) =>
  fetch(`${app.url}/api/cities/${cityId}/people`, jsonInit(method, body, cookie ? { Cookie: cookie } : {}));
const person = (app: TestApp, cityId: number, personId: number | string, cookie: string | null, method: string, body?: unknown) =>
  fetch(`${app.url}/api/cities/${cityId}/people/${personId}`, jsonInit(method, body, cookie ? { Cookie: cookie } : {}));
async function addPerson(app: TestApp, cityId: number, body: Record<string, unknown>, cookie: string): Promise<{ id: number }> {
  const res = await people(app, cityId, cookie, 'POST', body);
  if (res.status !== 201) throw new Error(`adding a person answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: number };
}
async function mailLog(app: TestApp, cookie: string) {
  const res = await fetch(`${app.url}/api/surveys/${app.surveyId}/mail-log`, { headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as { counts: Record<string, number>; entries: Record<string, any>[] };
}
const LINK = /https?:\/\/[^\s"<>]+\/r\/[A-Za-z0-9_-]{43}/;
const linkIn = (m: ParsedMail) => LINK.exec(m.text)?.[0];

/** The messages received for an address, parsed. */
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => parseMail(m.raw));

let ana: { id: number };
let bruno: { id: number };
let carla: { id: number };
let firstUrl: string;

test('the Unit builds a coordination team: people with role, language and consent, listed by name', async () => {
  const aar = city('AAR');
  ana = await addPerson(t, aar.id, { name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org', lang: 'en', consent: true }, admin);
  bruno = await addPerson(t, aar.id, { name: 'Bruno Exemple', role: 'elected', email: 'bruno@aarhus.example.org', lang: 'fr', consent: true, consentAt: '2025-11-02' }, admin);
  carla = await addPerson(t, aar.id, { name: 'Carla Sample', role: 'other', email: 'carla@aarhus.example.org' }, admin);
  const res = await people(t, aar.id, analyst);
  expect(res.status).toBe(200);
  const list = (await res.json()) as Record<string, unknown>[];
  const at = t.clock.now().toISOString();
  expect(list).toEqual([
    { id: ana.id, cityId: aar.id, name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org', lang: 'en', consent: true, consentAt: at, createdAt: at, updatedAt: at },
    { id: bruno.id, cityId: aar.id, name: 'Bruno Exemple', role: 'elected', email: 'bruno@aarhus.example.org', lang: 'fr', consent: true, consentAt: '2025-11-02T00:00:00.000Z', createdAt: at, updatedAt: at },
    { id: carla.id, cityId: aar.id, name: 'Carla Sample', role: 'other', email: 'carla@aarhus.example.org', lang: 'en', consent: false, consentAt: null, createdAt: at, updatedAt: at },
  ]);
});

test('an invitation returns the contract links and reaches the consenting team members only', async () => {
  const aar = city('AAR');
  const res = await invite(t, [aar.id], admin);
  expect(res.status).toBe(200);
  expect(res.headers.get('x-emails-queued')).toBe('2');
  expect(res.headers.get('x-emails-without-consent')).toBe('1');
  const body = (await res.json()) as { cityId: number; url: string }[];
  expect(body).toEqual([{ cityId: aar.id, url: t.admin.linkFor({ surveyId: t.surveyId, cityId: aar.id }).url }]);
  firstUrl = body[0]!.url;

  await t.mail.whenIdle();
  expect(smtp.received.map((m) => m.to).sort()).toEqual([['ana@aarhus.example.org'], ['bruno@aarhus.example.org']]);
  expect(smtp.received.every((m) => m.user === SMTP_USER && m.from === 'icc-unit@coe.example')).toBe(true);
  expect(mailsTo('carla@aarhus.example.org')).toEqual([]);
});

test('the invitation headers: From, To, Subject per language, UTF-8 text and HTML alternatives', () => {
  const [en] = mailsTo('ana@aarhus.example.org');
  const [fr] = mailsTo('bruno@aarhus.example.org');
  expect(en!.headers['from']).toBe('ICC Unit <icc-unit@coe.example>');
  expect(en!.headers['to']).toBe('Ana Example <ana@aarhus.example.org>');
  expect(en!.headers['subject']).toBe('ICC annual survey 2025: the link for Aarhus (test)');
  expect(en!.headers['content-language']).toBe('en');
  expect(en!.headers['mime-version']).toBe('1.0');
  expect(en!.headers['content-type']).toMatch(/^multipart\/alternative; boundary=/);
  expect(en!.textType).toBe('text/plain; charset=utf-8');
  expect(en!.htmlType).toBe('text/html; charset=utf-8');
  expect(en!.headers['message-id']).toMatch(/^<.+@.+>$/);

  expect(fr!.headers['to']).toBe('Bruno Exemple <bruno@aarhus.example.org>');
  expect(fr!.headers['subject']).toBe('Enquête annuelle ICC 2025 : le lien pour Aarhus (test)');
  expect(fr!.headers['content-language']).toBe('fr');
  expect(fr!.textType).toBe('text/plain; charset=utf-8');
});

test('the English and French bodies name the person, the city, the deadline in their language and the link', () => {
  const [en] = mailsTo('ana@aarhus.example.org');
  const [fr] = mailsTo('bruno@aarhus.example.org');
  expect(en!.text).toContain('Dear Ana Example,');
  expect(en!.text).toContain('invites Aarhus (test) to answer the ICC annual survey 2025.');
  expect(en!.text).toContain(`Your city's link to the survey:\n${firstUrl}\n`);
  expect(en!.text).toContain('Deadline: 31 January 2026');
  expect(en!.text).toContain('you agreed to receive emails');
  expect(en!.html).toContain('<html lang="en">');
  expect(en!.html).toContain(`<a href="${firstUrl}">${firstUrl}</a>`);
  expect(en!.html).toContain('Deadline: 31 January 2026');

  expect(fr!.text).toContain('Bonjour Bruno Exemple,');
  expect(fr!.text).toContain("invite Aarhus (test) à répondre à l'enquête annuelle ICC 2025.");
  expect(fr!.text).toContain(`Le lien de votre ville vers l'enquête :\n${firstUrl}\n`);
  expect(fr!.text).toContain('Date limite : 31 janvier 2026');
  expect(fr!.html).toContain('<html lang="fr">');
  expect(fr!.html).toContain(`<a href="${firstUrl}">${firstUrl}</a>`);
  expect(fr!.html).toContain('Date limite : 31 janvier 2026');
  expect(fr!.html).toContain('l&#39;enquête');
});

test('the link in the email opens the survey for the city', async () => {
  const link = linkIn(mailsTo('bruno@aarhus.example.org')[0]!);
  expect(link).toBe(firstUrl);
  const res = await fetch(`${t.url}/api/respond/${tokenOfUrl(link!)}`);
  expect(res.status).toBe(200);
  const page = (await res.json()) as Record<string, any>;
  expect(page.status).toBe('draft');
  expect(page.city.code).toBe('AAR');
});

test('inviting again resends the email, with the same working link', async () => {
  const aar = city('AAR');
  const res = await invite(t, [aar.id], admin);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual([{ cityId: aar.id, url: firstUrl }]);
  await t.mail.whenIdle();
  const toAna = mailsTo('ana@aarhus.example.org');
  expect(toAna).toHaveLength(2);
  expect(toAna.map(linkIn)).toEqual([firstUrl, firstUrl]);
  expect(toAna[1]!.headers['message-id']).not.toBe(toAna[0]!.headers['message-id']);
  expect(mailsTo('bruno@aarhus.example.org')).toHaveLength(2);
  expect(smtp.received).toHaveLength(4);
});

test('the Unit sees each email in the mail log: recipient, subject, status and message id', async () => {
  const log = await mailLog(t, admin);
  expect(log.counts).toEqual({ queued: 0, sending: 0, sent: 4, failed: 0, cancelled: 0 });
  expect(log.entries).toHaveLength(4);
  for (const e of log.entries) {
    expect(e).toMatchObject({ surveyId: t.surveyId, cityId: city('AAR').id, kind: 'invitation', status: 'sent', error: null, attempts: 1 });
    expect(e.messageId).toMatch(/^<.+>$/);
    expect(e.sentAt).toBe(t.clock.now().toISOString());
  }
  // Newest first; the two requests are two batches.
  expect(new Set(log.entries.map((e) => e.batch)).size).toBe(2);
  const ana = log.entries.find((e) => e.to === 'ana@aarhus.example.org')!;
  expect(ana.subject).toBe('ICC annual survey 2025: the link for Aarhus (test)');
  const bruno = log.entries.find((e) => e.to === 'bruno@aarhus.example.org')!;
  expect(bruno).toMatchObject({ lang: 'fr', subject: 'Enquête annuelle ICC 2025 : le lien pour Aarhus (test)' });
  // The log is for the Unit only: it lists addresses.
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/mail-log`, { headers: { Cookie: analyst } }), 403, 'forbidden');
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/mail-log`), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys/99999/mail-log`, { headers: { Cookie: admin } }), 404, 'not_found');
});

test('the database keeps no link token: the mail log holds no body', async () => {
  const token = tokenOfUrl(firstUrl);
  const rows = t.db.prepare('SELECT * FROM mail_log').all() as Record<string, unknown>[];
  for (const row of rows) for (const value of Object.values(row)) expect(String(value)).not.toContain(token);
});

test('withdrawing consent stops the emails; giving it again dates it', async () => {
  const aar = city('AAR');
  const before = smtp.received.length;
  const res = await person(t, aar.id, bruno.id, admin, 'PATCH', { consent: false });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ consent: false, consentAt: null });
  const carlaNow = await person(t, aar.id, carla.id, admin, 'PATCH', { consent: true, lang: 'fr' });
  expect(await carlaNow.json()).toMatchObject({ consent: true, consentAt: t.clock.now().toISOString(), lang: 'fr' });

  const sent = await invite(t, [aar.id], admin);
  expect(sent.headers.get('x-emails-queued')).toBe('2');
  expect(sent.headers.get('x-emails-without-consent')).toBe('1');
  await t.mail.whenIdle();
  expect(smtp.received.slice(before).map((m) => m.to[0]).sort()).toEqual(['ana@aarhus.example.org', 'carla@aarhus.example.org']);
  expect(mailsTo('carla@aarhus.example.org')[0]!.headers['subject']).toBe('Enquête annuelle ICC 2025 : le lien pour Aarhus (test)');
});

test('after a restart, queued emails are sent once and one left half-sent is marked failed, not sent again', async () => {
  const aar = city('AAR');
  const base = { surveyId: t.surveyId, cityId: aar.id, personId: ana.id, kind: 'invitation' as const, to: 'ana@aarhus.example.org', lang: 'en' as const, subject: 's', requestedBy: null };
  const queued = t.stores.mailLog.enqueue({ ...base, batch: 'restart', dedupeKey: 'restart:queued', now: t.clock.now() });
  expect(queued).toBeDefined();
  // The same key again (a retried request, a second scheduler) adds nothing.
  expect(t.stores.mailLog.enqueue({ ...base, batch: 'restart', dedupeKey: 'restart:queued', now: t.clock.now() })).toBeUndefined();
  // A row a stopped process had claimed: 'sending' since START_TIME.
  const halfSent = t.stores.mailLog.enqueue({ ...base, batch: 'restart', dedupeKey: 'restart:half-sent', now: t.clock.now() })!;
  t.db.prepare("UPDATE mail_log SET status = 'sending', attempts = 1, claimed_at = ? WHERE id = ?").run(t.clock.now().toISOString(), halfSent);
  const before = smtp.received.length;
  t.clock.set(new Date(START_TIME.getTime() + 11 * 60_000));
  try {
    t.mail.resume();
    await t.mail.whenIdle();
  } finally {
    t.clock.set(START_TIME);
  }
  expect(smtp.received.slice(before).map((m) => m.to)).toEqual([['ana@aarhus.example.org']]);
  const rows = t.db.prepare("SELECT id, status, error FROM mail_log WHERE batch = 'restart' ORDER BY id").all() as { id: number; status: string; error: string | null }[];
  expect(rows.map((r) => [r.id, r.status])).toEqual([
    [queued, 'sent'],
    [halfSent, 'failed'],
  ]);
  expect(rows[1]!.error).toMatch(/^Interrupted while sending/);
});

test('a city without a team gets its link and no email', async () => {
  const before = smtp.received.length;
  const res = await invite(t, [city('ZUR').id], admin);
  expect(res.status).toBe(200);
  expect(res.headers.get('x-emails-queued')).toBe('0');
  await t.mail.whenIdle();
  expect(smtp.received).toHaveLength(before);
});

test('removing a person removes their address from the mail log and their team entry', async () => {
  const aar = city('AAR');
  const res = await person(t, aar.id, carla.id, admin, 'DELETE');
  expect(res.status).toBe(204);
  const log = await mailLog(t, admin);
  expect(log.entries.some((e) => e.to === 'carla@aarhus.example.org')).toBe(false);
  expect(log.entries.filter((e) => e.to === '(removed)' && e.personId === null)).toHaveLength(1);
  await expectError(await person(t, aar.id, carla.id, admin, 'DELETE'), 404, 'not_found');
  expect(((await (await people(t, aar.id, admin)).json()) as { id: number }[]).map((p) => p.id)).toEqual([ana.id, bruno.id]);
});

test('team input is validated: bad email, unknown fields, long or empty names, bad role or language, 400', async () => {
  const aar = city('AAR');
  const before = snapshotTables(t.db);
  const good = { name: 'Dana Example', role: 'staff', email: 'dana@aarhus.example.org' };
  for (const body of [
    { ...good, email: 'not an email' },
    { ...good, email: 'dana@aarhus.example.org\r\nBcc: victim@example.org' },
    { ...good, email: `${'a'.repeat(250)}@example.org` },
    { ...good, name: '' },
    { ...good, name: 'x'.repeat(201) },
    { ...good, name: 'Dana\r\nBcc: victim@example.org' },
    { ...good, role: 'mayor' },
    { ...good, lang: 'de' },
    { ...good, consent: 'yes' },
    { ...good, consent: true, consentAt: 'last week' },
    { ...good, isAdmin: true },
    { name: 'Dana Example', role: 'staff' },
    [good],
  ]) {
    const error = await expectError(await people(t, aar.id, admin, 'POST', body), 400, 'invalid');
    expect(error.error.problems.length).toBeGreaterThan(0);
  }
  await expectError(await people(t, aar.id, admin, 'POST', { ...good, consent: true, consentAt: '2999-01-01' }), 400, 'invalid');
  await expectError(await people(t, aar.id, admin, 'POST', { ...good, consentAt: '2025-01-01' }), 400, 'invalid');
  await expectError(await person(t, aar.id, ana.id, admin, 'PATCH', {}), 400, 'invalid');
  await expectError(await person(t, aar.id, ana.id, admin, 'PATCH', { email: 'nope' }), 400, 'invalid');
  await expectError(await person(t, aar.id, ana.id, admin, 'PATCH', { id: 5 }), 400, 'invalid');
  await expectError(await people(t, 'abc', admin), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('an oversized team body answers 413', async () => {
  const body = `{"name":"Dana","role":"staff","email":"dana@example.org","pad":"${'x'.repeat(600 * 1024)}"}`;
  await expectError(await people(t, city('AAR').id, admin, 'POST', body), 413, 'too_large');
});

test('an unknown city or person answers 404; a person is reached only through their own city', async () => {
  const before = snapshotTables(t.db);
  await expectError(await people(t, 99999, admin), 404, 'not_found');
  await expectError(await people(t, 99999, admin, 'POST', { name: 'Dana', role: 'staff', email: 'dana@example.org' }), 404, 'not_found');
  await expectError(await person(t, city('AAR').id, 99999, admin, 'PATCH', { name: 'X' }), 404, 'not_found');
  await expectError(await person(t, city('BIL').id, ana.id, admin, 'PATCH', { name: 'X' }), 404, 'not_found');
  await expectError(await person(t, city('BIL').id, ana.id, admin, 'DELETE'), 404, 'not_found');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('the same address twice in one team answers 409, in another city it is fine', async () => {
  await expectError(
    await people(t, city('AAR').id, admin, 'POST', { name: 'Ana again', role: 'staff', email: 'ANA@aarhus.example.org' }),
    409,
    'conflict',
  );
  await expectError(await person(t, city('AAR').id, bruno.id, admin, 'PATCH', { email: 'ana@aarhus.example.org' }), 409, 'conflict');
  const other = await people(t, city('BIL').id, admin, 'POST', { name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org' });
  expect(other.status).toBe(201);
});

test('the team API needs a session (401); analysts read but may not write (403)', async () => {
  const aar = city('AAR');
  const before = snapshotTables(t.db);
  await expectError(await people(t, aar.id, null), 401, 'unauthorised');
  await expectError(await people(t, aar.id, null, 'POST', { name: 'Dana', role: 'staff', email: 'dana@example.org' }), 401, 'unauthorised');
  await expectError(await people(t, aar.id, analyst, 'POST', { name: 'Dana', role: 'staff', email: 'dana@example.org' }), 403, 'forbidden');
  await expectError(await person(t, aar.id, ana.id, analyst, 'PATCH', { name: 'Changed' }), 403, 'forbidden');
  await expectError(await person(t, aar.id, ana.id, analyst, 'DELETE'), 403, 'forbidden');
  await expectError(await person(t, aar.id, ana.id, null, 'DELETE'), 401, 'unauthorised');
  expect((await people(t, aar.id, analyst)).status).toBe(200);
  expect(snapshotTables(t.db)).toEqual(before);
});

test('without SMTP_URL each email is written as an .eml file in DATA_DIR/outbox/', async () => {
  const app = await startTestApp();
  try {
    const cookie = app.sessionCookie(ADMIN_EMAIL);
    const lyo = app.cities.find((c) => c.code === 'LYO')!;
    await addPerson(app, lyo.id, { name: 'Élodie Exemple', role: 'staff', email: 'elodie@lyon.example.org', lang: 'fr', consent: true }, cookie);
    await addPerson(app, lyo.id, { name: 'Sam Sample', role: 'elected', email: 'sam@lyon.example.org', consent: true }, cookie);
    const res = await invite(app, [lyo.id], cookie);
    expect(res.status).toBe(200);
    const url = ((await res.json()) as { url: string }[])[0]!.url;
    await app.mail.whenIdle();

    const outbox = path.join(app.dir, 'outbox');
    const files = fs.readdirSync(outbox).sort();
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/^20251210T090000000Z-\d{6}-[0-9a-f]{8}\.eml$/);
    const mails = files.map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'));
    expect(mails.every((m) => m.includes('\r\n'))).toBe(true);
    const parsed = mails.map(parseMail);
    const elodie = parsed.find((m) => m.headers['to']!.includes('elodie@lyon.example.org'))!;
    expect(elodie.headers['to']).toBe('Élodie Exemple <elodie@lyon.example.org>');
    expect(elodie.headers['from']).toBe('ICC annual survey <no-reply@localhost>');
    expect(elodie.headers['subject']).toBe('Enquête annuelle ICC 2025 : le lien pour Lyon (test)');
    expect(elodie.text).toContain('Bonjour Élodie Exemple,');
    expect(linkIn(elodie)).toBe(url);
    expect((await fetch(`${app.url}/api/respond/${tokenOfUrl(url)}`)).status).toBe(200);
    const log = await mailLog(app, cookie);
    expect(log.counts.sent).toBe(2);
  } finally {
    await app.close();
  }
});

test('when the SMTP server is down the invitation still answers its links, and each failed email is in the log', async () => {
  // A port that was free a moment ago: nothing listens there.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const deadPort = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const app = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${deadPort}` } });
  try {
    const cookie = app.sessionCookie(ADMIN_EMAIL);
    const bil = app.cities.find((c) => c.code === 'BIL')!;
    await addPerson(app, bil.id, { name: 'Iker Ejemplo', role: 'staff', email: 'iker@bilbao.example.org', consent: true }, cookie);
    const res = await invite(app, [bil.id], cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-emails-queued')).toBe('1');
    const url = ((await res.json()) as { url: string }[])[0]!.url;
    expect((await fetch(`${app.url}/api/respond/${tokenOfUrl(url)}`)).status).toBe(200);
    await app.mail.whenIdle();

    // A connection failure may pass: the email waits in the queue for its next attempt, with the error shown.
    let log = await mailLog(app, cookie);
    expect(log.counts).toEqual({ queued: 1, sending: 0, sent: 0, failed: 0, cancelled: 0 });
    expect(log.entries[0]).toMatchObject({ to: 'iker@bilbao.example.org', status: 'queued', attempts: 1, messageId: null, sentAt: null });
    expect(log.entries[0]!.nextAttemptAt).toBe(new Date(START_TIME.getTime() + 60_000).toISOString());
    expect(log.entries[0]!.error).toMatch(/ECONNREFUSED/);
    // After the last retry (1, 5 and 30 minutes later) it is marked failed.
    for (const minutes of [1, 6, 36]) {
      app.clock.set(new Date(START_TIME.getTime() + minutes * 60_000));
      app.mail.kick();
      await app.mail.whenIdle();
    }
    log = await mailLog(app, app.sessionCookie(ADMIN_EMAIL));
    expect(log.counts).toEqual({ queued: 0, sending: 0, sent: 0, failed: 1, cancelled: 0 });
    expect(log.entries[0]).toMatchObject({ status: 'failed', attempts: 4 });
    expect(log.entries[0]!.error).toMatch(/ECONNREFUSED/);
  } finally {
    await app.close();
  }
});
