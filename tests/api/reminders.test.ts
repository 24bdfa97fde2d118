import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, test } from 'vitest';
import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db';
import { startReminderSchedule } from '../../server/services/reminders';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, startTestApp, tokenOfUrl, type TestApp } from '../helpers/test-app';
import { parseMail, startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture';

const SMTP_USER = 'icc-survey';
const SMTP_PASS = 'smtp secret 42';
// The default survey of the test app closes on 2026-01-31: reminders are due at 08:00 UTC on 17, 24 and 29 January.
const AT_14 = new Date('2026-01-17T08:00:00.000Z');
const AT_7 = new Date('2026-01-24T08:00:00.000Z');
const AT_2 = new Date('2026-01-29T08:00:00.000Z');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setUp(): Promise<{ t: TestApp; smtp: SmtpCapture }> {
  const smtp = await startSmtpCapture({ user: SMTP_USER, pass: SMTP_PASS });
  const t = await startTestApp({ env: { SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${smtp.port}` } });
  cleanups.push(() => smtp.close(), () => t.close());
  return { t, smtp };
}

const cityOf = (t: TestApp, code: string) => t.cities.find((c) => c.code === code)!;

async function addPerson(t: TestApp, code: string, body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${t.url}/api/cities/${cityOf(t, code).id}/people`, jsonInit('POST', body, { Cookie: t.sessionCookie(ADMIN_EMAIL) }));
  if (res.status !== 201) throw new Error(`adding a person answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

async function invite(t: TestApp, codes: string[]): Promise<Record<string, string>> {
  const res = await fetch(
    `${t.url}/api/surveys/${t.surveyId}/invitations`,
    jsonInit('POST', { cityIds: codes.map((c) => cityOf(t, c).id) }, { Cookie: t.sessionCookie(ADMIN_EMAIL) }),
  );
  expect(res.status).toBe(200);
  const links = (await res.json()) as { cityId: number; url: string }[];
  await t.mail.whenIdle();
  return Object.fromEntries(links.map((l) => [t.cities.find((c) => c.id === l.cityId)!.code, l.url]));
}

/** The city's answers as submitted (straight through the store: the questionnaire's validation is tested elsewhere). */
function submitDirectly(t: TestApp, code: string): void {
  const cityId = cityOf(t, code).id;
  const versionId = t.stores.surveys.publishedVersionId({ surveyId: t.surveyId })!;
  t.stores.responses.merge({ surveyId: t.surveyId, cityId, versionId, data: { final_comment: 'done' }, revision: 0, author: null, now: t.clock.now() });
  t.stores.responses.setStatus({ id: t.stores.responses.get({ surveyId: t.surveyId, cityId })!.id, status: 'submitted', now: t.clock.now() });
}

/** Plans what is due at `at` and sends it, as the schedule's tick does. */
async function tickAt(t: TestApp, at: Date) {
  t.clock.set(at);
  const planned = t.reminders.plan();
  t.mail.kick();
  await t.mail.whenIdle();
  return planned;
}

function reminderRows(t: TestApp) {
  return t.db
    .prepare("SELECT m.id, m.to_address AS 'to', m.status, m.error, m.attempts, m.next_attempt_at AS nextAttemptAt, m.dedupe_key AS dedupeKey FROM mail_log m WHERE kind = 'reminder' ORDER BY id")
    .all() as { id: number; to: string; status: string; error: string | null; attempts: number; nextAttemptAt: string; dedupeKey: string }[];
}

const reminderMails = (smtp: SmtpCapture) =>
  smtp.received.map((m) => ({ to: m.to[0]!, mail: parseMail(m.raw) })).filter((m) => /^(Reminder|Rappel)/.test(m.mail.headers['subject']!));

test('reminders go 14, 7 and 2 days before the deadline to consenting members of invited cities that have not submitted, in their language, with their progress', async () => {
  const { t, smtp } = await setUp();
  await addPerson(t, 'AAR', { name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org', consent: true });
  await addPerson(t, 'AAR', { name: 'Bruno Example', role: 'elected', email: 'bruno@aarhus.example.org', consent: false });
  await addPerson(t, 'BIL', { name: 'Iker Exemple', role: 'staff', email: 'iker@bilbao.example.org', lang: 'fr', consent: true });
  await addPerson(t, 'LYO', { name: 'Élodie Exemple', role: 'staff', email: 'elodie@lyon.example.org', lang: 'fr', consent: true });
  // Zürich has a consenting member but is never invited: no reminder either.
  await addPerson(t, 'ZUR', { name: 'Zoe Example', role: 'staff', email: 'zoe@zurich.example.org', consent: true });
  const links = await invite(t, ['AAR', 'BIL', 'LYO']);
  const invitations = smtp.received.length;
  expect(invitations).toBe(3);

  // Aarhus saved 40% of the questionnaire; Lyon submitted; Bilbao has not started.
  const saved = await fetch(`${t.url}/api/respond/${tokenOfUrl(links.AAR!)}`, jsonInit('PUT', { data: { team_size: 3 }, revision: 0, progress: 0.4 }));
  expect(saved.status).toBe(200);
  submitDirectly(t, 'LYO');

  expect(await tickAt(t, new Date(AT_14.getTime() - 60_000))).toEqual([]);
  expect(smtp.received).toHaveLength(invitations);

  expect(await tickAt(t, AT_14)).toEqual([{ surveyId: t.surveyId, daysBefore: 14, queued: 2 }]);
  let mails = reminderMails(smtp);
  expect(mails.map((m) => m.to).sort()).toEqual(['ana@aarhus.example.org', 'iker@bilbao.example.org']);
  const ana = mails.find((m) => m.to === 'ana@aarhus.example.org')!.mail;
  expect(ana.headers['subject']).toBe('Reminder: ICC annual survey 2025 for Aarhus (test), deadline 31 January 2026');
  expect(ana.headers['content-language']).toBe('en');
  expect(ana.text).toContain('Dear Ana Example,');
  expect(ana.text).toContain("Your city's answers are 40% complete and saved.");
  expect(ana.text).toContain(links.AAR!);
  expect(ana.html).toContain(`<a href="${links.AAR!}">`);
  const iker = mails.find((m) => m.to === 'iker@bilbao.example.org')!.mail;
  expect(iker.headers['subject']).toBe('Rappel : enquête annuelle ICC 2025 pour Bilbao (test), date limite le 31 janvier 2026');
  expect(iker.text).toContain("Votre ville n'a pas encore commencé à répondre.");
  expect(iker.text).toContain(links.BIL!);
  expect((await fetch(`${t.url}/api/respond/${tokenOfUrl(links.BIL!)}`)).status).toBe(200);

  // Ticking again, at the same time or later the same week, sends nothing more.
  expect(await tickAt(t, AT_14)).toEqual([]);
  expect(await tickAt(t, new Date(AT_7.getTime() - 1))).toEqual([]);
  expect(reminderMails(smtp)).toHaveLength(2);

  expect(await tickAt(t, AT_7)).toEqual([{ surveyId: t.surveyId, daysBefore: 7, queued: 2 }]);
  // Bilbao submits: the last reminder goes to Aarhus only.
  submitDirectly(t, 'BIL');
  expect(await tickAt(t, AT_2)).toEqual([{ surveyId: t.surveyId, daysBefore: 2, queued: 1 }]);
  mails = reminderMails(smtp);
  expect(mails.map((m) => m.to)).toHaveLength(5);
  expect(mails.at(-1)!.to).toBe('ana@aarhus.example.org');
  // After the deadline, nothing.
  expect(await tickAt(t, new Date('2026-02-01T00:00:00.000Z'))).toEqual([]);

  const rows = reminderRows(t);
  expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  expect(rows[0]!.dedupeKey).toMatch(new RegExp(`^reminder:${t.surveyId}:2026-01-31:14:\\d+$`));

  // The schedule as the Unit sees it.
  const cookie = t.sessionCookie(ANALYST_EMAIL);
  const schedule = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/reminders`, { headers: { Cookie: cookie } })).json()) as Record<string, any>;
  expect(schedule.days).toEqual([14, 7, 2]);
  expect(schedule.reminders).toEqual([
    { daysBefore: 14, dueAt: AT_14.toISOString(), state: 'planned', queued: 2, plannedAt: AT_14.toISOString() },
    { daysBefore: 7, dueAt: AT_7.toISOString(), state: 'planned', queued: 2, plannedAt: AT_7.toISOString() },
    { daysBefore: 2, dueAt: AT_2.toISOString(), state: 'planned', queued: 1, plannedAt: AT_2.toISOString() },
  ]);
});

test('after downtime only the latest due reminder is sent, not every one missed', async () => {
  const { t, smtp } = await setUp();
  await addPerson(t, 'AAR', { name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org', consent: true });
  await invite(t, ['AAR']);
  // The server was off from before the 14-day reminder until after the 7-day one.
  expect(await tickAt(t, new Date('2026-01-25T12:00:00.000Z'))).toEqual([{ surveyId: t.surveyId, daysBefore: 7, queued: 1 }]);
  expect(reminderMails(smtp)).toHaveLength(1);
  const schedule = t.reminders.schedule({ surveyId: t.surveyId });
  expect(schedule.reminders.map((r) => [r.daysBefore, r.state])).toEqual([
    [14, 'skipped'],
    [7, 'planned'],
    [2, 'upcoming'],
  ]);
  expect(await tickAt(t, AT_2)).toEqual([{ surveyId: t.surveyId, daysBefore: 2, queued: 1 }]);
});

test('a city invited after a reminder was due does not get that reminder', async () => {
  const { t, smtp } = await setUp();
  await addPerson(t, 'AAR', { name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org', consent: true });
  t.clock.set(new Date('2026-01-20T10:00:00.000Z'));
  await invite(t, ['AAR']);
  expect(await tickAt(t, new Date('2026-01-20T10:01:00.000Z'))).toEqual([{ surveyId: t.surveyId, daysBefore: 14, queued: 0 }]);
  expect(await tickAt(t, AT_7)).toEqual([{ surveyId: t.surveyId, daysBefore: 7, queued: 1 }]);
  expect(reminderMails(smtp).map((m) => m.to)).toEqual(['ana@aarhus.example.org']);
});

test('a reminder queued for a city that submits, or a survey that closes, before it is sent is cancelled', async () => {
  const { t, smtp } = await setUp();
  await addPerson(t, 'AAR', { name: 'Ana Example', role: 'staff', email: 'ana@aarhus.example.org', consent: true });
  await addPerson(t, 'BIL', { name: 'Iker Ejemplo', role: 'staff', email: 'iker@bilbao.example.org', consent: true });
  await invite(t, ['AAR', 'BIL']);

  t.clock.set(AT_14);
  expect(t.reminders.plan()).toEqual([{ surveyId: t.surveyId, daysBefore: 14, queued: 2 }]);
  submitDirectly(t, 'AAR');
  t.mail.kick();
  await t.mail.whenIdle();
  expect(reminderMails(smtp).map((m) => m.to)).toEqual(['iker@bilbao.example.org']);
  expect(reminderRows(t).map((r) => [r.to, r.status, r.error])).toEqual([
    ['ana@aarhus.example.org', 'cancelled', 'The city submitted its answers before the reminder was sent.'],
    ['iker@bilbao.example.org', 'sent', null],
  ]);

  t.clock.set(AT_7);
  expect(t.reminders.plan()).toEqual([{ surveyId: t.surveyId, daysBefore: 7, queued: 1 }]);
  const closed = await fetch(`${t.url}/api/surveys/${t.surveyId}/close`, jsonInit('POST', undefined, { Cookie: t.sessionCookie(ADMIN_EMAIL) }));
  expect(closed.status).toBe(200);
  t.mail.kick();
  await t.mail.whenIdle();
  expect(reminderRows(t).at(-1)).toMatchObject({ to: 'iker@bilbao.example.org', status: 'cancelled', error: 'The survey was closed before the reminder was sent.' });
  // A closed survey plans nothing more.
  expect(await tickAt(t, AT_2)).toEqual([]);
  expect(reminderMails(smtp)).toHaveLength(1);
});

test('two processes on one database, and a restart in the middle of a round, never send a reminder twice', async () => {
  const { t, smtp } = await setUp();
  for (const n of ['ana', 'ben', 'cleo', 'dan']) {
    await addPerson(t, 'AAR', { name: `${n} Example`, role: 'staff', email: `${n}@aarhus.example.org`, consent: true });
  }
  await invite(t, ['AAR']);
  // A second process: its own connection to the same database file, the same secret and configuration.
  const other = () => {
    const db = openDatabase(path.join(t.dir, 'test.sqlite'));
    const app = createApp({ db, config: t.config, clock: t.clock, linkSecret: t.linkSecret, publicUrl: () => t.url });
    cleanups.push(async () => {
      await app.mail.stop();
      db.close();
    });
    return app;
  };
  const b = other();

  t.clock.set(AT_14);
  // Both plan: the round is planned once.
  const plannedByA = t.reminders.plan();
  const plannedByB = b.reminders.plan();
  expect([...plannedByA, ...plannedByB]).toEqual([{ surveyId: t.surveyId, daysBefore: 14, queued: 4 }]);
  // Even if the round's record were lost, the emails' dedupe keys would refuse a second copy.
  t.db.prepare('DELETE FROM reminder_rounds').run();
  expect(b.reminders.plan()).toEqual([{ surveyId: t.surveyId, daysBefore: 14, queued: 0 }]);
  expect(reminderRows(t)).toHaveLength(4);

  // Process A sends one and stops in the middle of the second (left 'sending').
  const first = t.stores.mailLog.claimNext({ now: t.clock.now() })!;
  t.stores.mailLog.markSent({ id: first.id, messageId: '<sent-before-crash@test>', to: first.to, subject: first.subject, now: t.clock.now() });
  const interrupted = t.stores.mailLog.claimNext({ now: t.clock.now() })!;

  // Process C starts 11 minutes later, while B is still running: both send what is left, at the same time.
  t.clock.set(new Date(AT_14.getTime() + 11 * 60_000));
  const c = other();
  c.mail.resume();
  const schedule = startReminderSchedule({ reminders: c.reminders, mail: c.mail, log: () => undefined, intervalMs: 3_600_000 });
  cleanups.push(async () => schedule.stop());
  b.mail.kick();
  await Promise.all([c.mail.whenIdle(), b.mail.whenIdle()]);

  const rows = reminderRows(t);
  expect(rows).toHaveLength(4);
  expect(rows.find((r) => r.id === interrupted.id)).toMatchObject({ status: 'failed', attempts: 1 });
  expect(rows.filter((r) => r.status === 'sent')).toHaveLength(3);
  // The two left in the queue were each sent once (the first went out before the crash, outside this capture).
  const received = reminderMails(smtp).map((m) => m.to).sort();
  expect(received).toHaveLength(2);
  expect(new Set(received).size).toBe(2);
  expect(received).not.toContain(first.to);
  expect(received).not.toContain(interrupted.to);
});

/** An SMTP server that refuses some recipients: `refuse(address, attempt)` gives a reply code, or nothing to accept. */
async function startRefusingSmtp(refuse: (address: string, attempt: number) => number | undefined) {
  const attempts = new Map<string, number>();
  const accepted: string[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const code = refuse(address.address, n);
      if (code === undefined) return callback();
      callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, accepted };
}

test('a failed send is retried after 1, 5 and 30 minutes, then marked failed; a permanent refusal fails at once', async () => {
  const smtp = await startRefusingSmtp((address, attempt) => {
    if (address.startsWith('flaky@')) return attempt <= 2 ? 451 : undefined;
    if (address.startsWith('busy@')) return 451;
    if (address.startsWith('gone@')) return 550;
    return undefined;
  });
  const t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
  cleanups.push(() => t.close());
  for (const n of ['flaky', 'busy', 'gone']) await addPerson(t, 'AAR', { name: n, role: 'staff', email: `${n}@aarhus.example.org`, consent: true });
  // The city's link, without emailing the invitation (so the server's counts of attempts are the reminders').
  t.admin.linkFor({ surveyId: t.surveyId, cityId: cityOf(t, 'AAR').id });

  const minute = 60_000;
  const state = () => Object.fromEntries(reminderRows(t).map((r) => [r.to.split('@')[0], [r.status, r.attempts, r.nextAttemptAt]]));
  await tickAt(t, AT_14);
  const at = (ms: number) => new Date(AT_14.getTime() + ms).toISOString();
  expect(state()).toEqual({
    flaky: ['queued', 1, at(minute)],
    busy: ['queued', 1, at(minute)],
    gone: ['failed', 1, at(0)],
  });
  const rows = reminderRows(t);
  expect(rows.find((r) => r.to.startsWith('flaky'))!.error).toMatch(/451/);
  expect(rows.find((r) => r.to.startsWith('gone'))!.error).toMatch(/550/);

  await tickAt(t, new Date(AT_14.getTime() + minute - 1000));
  expect(state().flaky).toEqual(['queued', 1, at(minute)]);
  await tickAt(t, new Date(AT_14.getTime() + minute));
  expect(state()).toMatchObject({ flaky: ['queued', 2, at(6 * minute)], busy: ['queued', 2, at(6 * minute)] });
  await tickAt(t, new Date(AT_14.getTime() + 6 * minute));
  expect(state()).toMatchObject({ flaky: ['sent', 3, at(6 * minute)], busy: ['queued', 3, at(36 * minute)] });
  expect(smtp.accepted).toEqual(['flaky@aarhus.example.org']);
  await tickAt(t, new Date(AT_14.getTime() + 36 * minute));
  expect(state().busy).toEqual(['failed', 4, at(36 * minute)]);
  await tickAt(t, new Date(AT_14.getTime() + 600 * minute));
  expect(state().busy).toEqual(['failed', 4, at(36 * minute)]);

  // The Unit sees each attempt's outcome in the mail log.
  const log = (await (await fetch(`${t.url}/api/surveys/${t.surveyId}/mail-log`, { headers: { Cookie: t.sessionCookie(ADMIN_EMAIL) } })).json()) as {
    counts: Record<string, number>;
    entries: { to: string; status: string; attempts: number; error: string | null }[];
  };
  expect(log.counts).toMatchObject({ sent: 1, failed: 2, queued: 0 });
  expect(log.entries.find((e) => e.to === 'busy@aarhus.example.org')).toMatchObject({ status: 'failed', attempts: 4 });
});

test('the Unit changes the reminder days of a survey; bad schedules answer 400; analysts may not change them', async () => {
  const { t } = await setUp();
  const admin = t.sessionCookie(ADMIN_EMAIL);
  const put = (body: unknown, cookie = admin) => fetch(`${t.url}/api/surveys/${t.surveyId}/reminders`, jsonInit('PUT', body, { Cookie: cookie }));
  const res = await put({ days: [3, 10] });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { days: number[]; reminders: { daysBefore: number; dueAt: string; state: string }[] };
  expect(body.days).toEqual([10, 3]);
  expect(body.reminders.map((r) => [r.daysBefore, r.dueAt, r.state])).toEqual([
    [10, '2026-01-21T08:00:00.000Z', 'upcoming'],
    [3, '2026-01-28T08:00:00.000Z', 'upcoming'],
  ]);
  for (const bad of [{ days: [3, 3] }, { days: [-1] }, { days: [1.5] }, { days: [400] }, { days: 'weekly' }, { days: [7], extra: 1 }, {}]) {
    await expectError(await put(bad), 400, 'invalid');
  }
  await expectError(await put({ days: [7] }, t.sessionCookie(ANALYST_EMAIL)), 403, 'forbidden');
  await expectError(await fetch(`${t.url}/api/surveys/${t.surveyId}/reminders`), 401, 'unauthorised');
  await expectError(await fetch(`${t.url}/api/surveys/99999/reminders`, { headers: { Cookie: admin } }), 404, 'not_found');
  expect(t.stores.reminders.daysOf({ surveyId: t.surveyId })).toEqual([10, 3]);
  // No reminders at all: an empty schedule.
  expect((await put({ days: [] })).status).toBe(200);
  expect(await tickAt(t, AT_2)).toEqual([]);
});
