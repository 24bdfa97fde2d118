/**
 * Emailing each city its feedback report (issue 7): `POST /api/surveys/:id/reports/send` queues, once the survey
 * is closed, an email per consenting team member with the link to their city's report (`/r/<token>/report`), in
 * their language, through the mail queue; a real SMTP server in the process receives them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, snapshotTables, startTestApp, type TestApp } from '../helpers/test-app';
import { parseMail, startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture';

let smtp: SmtpCapture;
let t: TestApp;
let admin: string;
let analyst: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  smtp = await startSmtpCapture({ user: 'u', pass: 'smtp pass 2' });
  t = await startTestApp({ env: { SMTP_URL: `smtp://u:${encodeURIComponent('smtp pass 2')}@127.0.0.1:${smtp.port}` } });
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
  const add = async (code: string, body: Record<string, unknown>) => {
    const res = await fetch(`${t.url}/api/cities/${city(code).id}/people`, jsonInit('POST', { role: 'staff', ...body }, { Cookie: admin }));
    if (res.status !== 201) throw new Error(`person not added: ${res.status} ${await res.text()}`);
  };
  await add('AAR', { name: 'Ana Example', email: 'ana@aarhus.example.org', lang: 'en', consent: true });
  await add('BIL', { name: 'Begoña Ejemplo', email: 'begona@bilbao.example.org', lang: 'fr', consent: true });
  await add('BIL', { name: 'Iker Noconsent', email: 'iker@bilbao.example.org', lang: 'en', consent: false });
  await add('LYO', { name: 'Louise Exemple', email: 'louise@lyon.example.org', lang: 'fr', consent: true });
  // Aarhus and Bilbao answered; Lyon and Zürich did not.
  for (const code of ['AAR', 'BIL']) {
    tokens[code] = t.linkFor(t.surveyId, city(code).id);
    const res = await fetch(`${t.url}/api/respond/${tokens[code]}`, jsonInit('PUT', { data: { note: `answer of ${code}` }, revision: 0 }));
    if (res.status !== 200) throw new Error(`answers not saved: ${res.status}`);
  }
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const city = (code: string) => t.cities.find((c) => c.code === code)!;
const send = (body: unknown, cookie: string | null = admin) =>
  fetch(`${t.url}/api/surveys/${t.surveyId}/reports/send`, jsonInit('POST', body, cookie ? { Cookie: cookie } : {}));
const reportRows = () => t.db.prepare("SELECT to_address, lang, status FROM mail_log WHERE kind = 'report' ORDER BY id").all() as { to_address: string; lang: string; status: string }[];

test('while the survey is open, sending the reports answers 409 not_closed and queues nothing', async () => {
  const before = snapshotTables(t.db);
  const body = await expectError(await send({ cityIds: 'all' }), 409, 'conflict');
  expect(body.error.reason).toBe('not_closed');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('analysts may not send reports (403), anonymous callers must sign in (401), bad bodies 400', async () => {
  const before = snapshotTables(t.db);
  await expectError(await send({ cityIds: 'all' }, analyst), 403, 'forbidden');
  await expectError(await send({ cityIds: 'all' }, null), 401, 'unauthorised');
  await expectError(await send({ cityIds: [] }), 400, 'invalid');
  await expectError(await send({ cityIds: 'some' }), 400, 'invalid');
  await expectError(await send({ cityIds: 'all', resend: 'yes' }), 400, 'invalid');
  await expectError(await send({ cityIds: 'all', extra: 1 }), 400, 'invalid');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('once closed, "all" emails the consenting members of the cities that answered, each the link to their own report', async () => {
  expect((await fetch(`${t.url}/api/surveys/${t.surveyId}/close`, jsonInit('POST', undefined, { Cookie: admin }))).status).toBe(200);
  const res = await send({ cityIds: 'all' });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ cities: 2, queued: 2, alreadySent: 0, withoutConsent: 1, citiesWithoutRecipient: 0 });
  await t.mail.whenIdle();
  expect(smtp.received.flatMap((m) => m.to).sort()).toEqual(['ana@aarhus.example.org', 'begona@bilbao.example.org']);

  const ana = parseMail(smtp.received.find((m) => m.to.includes('ana@aarhus.example.org'))!.raw);
  expect(ana.headers['content-language']).toBe('en');
  expect(ana.headers.subject).toBe(`ICC annual survey 2025: the feedback report of Aarhus (test)`);
  expect(ana.text).toContain('Dear Ana Example,');
  expect(ana.text).toContain(`${t.url}/r/${tokens.AAR}/report`);
  expect(ana.text).not.toContain(tokens.BIL);

  const begona = parseMail(smtp.received.find((m) => m.to.includes('begona@bilbao.example.org'))!.raw);
  expect(begona.headers['content-language']).toBe('fr');
  expect(begona.headers.subject).toBe('Enquête annuelle ICC 2025 : le rapport de Bilbao (test)');
  expect(begona.text).toContain(`${t.url}/r/${tokens.BIL}/report`);
  expect(begona.html).toContain(`href="${t.url}/r/${tokens.BIL}/report"`);

  // The link in the email opens the city's own report.
  const link = /https?:\/\/\S+\/r\/([A-Za-z0-9_-]{43})\/report/.exec(ana.text)!;
  const report = await fetch(`${t.url}/api/respond/${link[1]}/report`);
  expect(report.status).toBe(200);
  expect(((await report.json()) as { city: { code: string } }).city.code).toBe('AAR');
  expect(reportRows().map((r) => [r.to_address, r.lang, r.status])).toEqual([
    ['ana@aarhus.example.org', 'en', 'sent'],
    ['begona@bilbao.example.org', 'fr', 'sent'],
  ]);
});

test('a second call sends nothing again; resend: true sends again', async () => {
  const again = await send({ cityIds: 'all' });
  expect(await again.json()).toEqual({ cities: 2, queued: 0, alreadySent: 2, withoutConsent: 1, citiesWithoutRecipient: 0 });
  await t.mail.whenIdle();
  expect(smtp.received).toHaveLength(2);

  const resend = await send({ cityIds: [city('AAR').id], resend: true });
  expect(await resend.json()).toEqual({ cities: 1, queued: 1, alreadySent: 0, withoutConsent: 0, citiesWithoutRecipient: 0 });
  await t.mail.whenIdle();
  expect(smtp.received).toHaveLength(3);
  expect(smtp.received.filter((m) => m.to.includes('ana@aarhus.example.org'))).toHaveLength(2);
});

test('named cities are sent their report even without answers; a city with nobody to email is counted; unknown city 404', async () => {
  const res = await send({ cityIds: [city('LYO').id, city('ZUR').id] });
  expect(await res.json()).toEqual({ cities: 2, queued: 1, alreadySent: 0, withoutConsent: 0, citiesWithoutRecipient: 1 });
  await t.mail.whenIdle();
  const louise = parseMail(smtp.received.find((m) => m.to.includes('louise@lyon.example.org'))!.raw);
  expect(louise.text).toMatch(/\/r\/[A-Za-z0-9_-]{43}\/report/);
  const count = reportRows().length;
  await expectError(await send({ cityIds: [999999] }), 404, 'not_found');
  expect(reportRows()).toHaveLength(count);
});

test('a report that failed is queued again by a plain second call, and only that one', async () => {
  // Louise's report failed for good (e.g. her mailbox refused it after every retry).
  t.db.prepare("UPDATE mail_log SET status = 'failed', error = 'mailbox full' WHERE kind = 'report' AND to_address = 'louise@lyon.example.org'").run();
  const sent = smtp.received.length;
  const res = await send({ cityIds: [city('LYO').id, city('AAR').id] });
  expect(await res.json()).toEqual({ cities: 2, queued: 1, alreadySent: 1, withoutConsent: 0, citiesWithoutRecipient: 0 });
  await t.mail.whenIdle();
  expect(smtp.received.slice(sent).map((m) => m.to)).toEqual([['louise@lyon.example.org']]);
  // Now sent: a further plain call sends nothing.
  const again = await send({ cityIds: [city('LYO').id] });
  expect(await again.json()).toEqual({ cities: 1, queued: 0, alreadySent: 1, withoutConsent: 0, citiesWithoutRecipient: 0 });
});

test('sending reports is in the audit log, without any token', () => {
  const rows = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'reports.send'").pluck().all() as string[];
  expect(rows).toHaveLength(6);
  for (const r of rows) for (const token of Object.values(tokens)) expect(r).not.toContain(token);
});

test('a report email queued before the survey is reopened is cancelled, not sent', async () => {
  const sent = smtp.received.length;
  // Queued (resend) and, before the queue runs, the survey is opened again.
  t.db.prepare("UPDATE surveys SET status = 'open' WHERE id = ?").run(t.surveyId);
  t.stores.mailLog.enqueue({
    surveyId: t.surveyId, cityId: city('AAR').id, personId: t.stores.people.listByCity({ cityId: city('AAR').id })[0]!.id, kind: 'report',
    batch: 'manual', dedupeKey: 'report:manual', to: 'ana@aarhus.example.org', lang: 'en', subject: 'x', requestedBy: null, now: t.clock.now(),
  });
  t.mail.kick();
  await t.mail.whenIdle();
  expect(smtp.received).toHaveLength(sent);
  expect(reportRows().at(-1)!.status).toBe('cancelled');
});
