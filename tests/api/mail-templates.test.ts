/**
 * Editable bilingual email templates (issue 5): per survey and kind (invitation, reminder, report), the Unit's own
 * subject and body in English and French, checked before they are stored, used for the emails that go out
 * (a real SMTP server in the process receives them), previewed for one city, reset to the default, audited.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { INVITATION_TEMPLATES, REMINDER_TEMPLATES, REPORT_TEMPLATES } from '../../server/mail/templates';
import { ADMIN_EMAIL, ANALYST_EMAIL, expectError, jsonInit, snapshotTables, startTestApp, type TestApp } from '../helpers/test-app';
import { parseMail, startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture';

let smtp: SmtpCapture;
let t: TestApp;
let admin: string;
let analyst: string;

beforeAll(async () => {
  smtp = await startSmtpCapture({ user: 'u', pass: 'smtp pass 3' });
  t = await startTestApp({ env: { SMTP_URL: `smtp://u:${encodeURIComponent('smtp pass 3')}@127.0.0.1:${smtp.port}` } });
  admin = t.sessionCookie(ADMIN_EMAIL);
  analyst = t.sessionCookie(ANALYST_EMAIL);
  const add = async (body: Record<string, unknown>) => {
    const res = await fetch(`${t.url}/api/cities/${aar().id}/people`, jsonInit('POST', { role: 'staff', consent: true, ...body }, { Cookie: admin }));
    if (res.status !== 201) throw new Error(`person not added: ${res.status} ${await res.text()}`);
  };
  await add({ name: 'Ana <b>Example</b> & Co', email: 'ana@aarhus.example.org', lang: 'en' });
  await add({ name: 'Bruno Exemple', email: 'bruno@aarhus.example.org', lang: 'fr' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const aar = () => t.cities.find((c) => c.code === 'AAR')!;
const base = () => `${t.url}/api/surveys/${t.surveyId}/mail-templates`;
const put = (kind: string, body: unknown, cookie: string | null = admin) => fetch(`${base()}/${kind}`, jsonInit('PUT', body, cookie ? { Cookie: cookie } : {}));
const templatesRows = () => t.db.prepare('SELECT * FROM mail_templates ORDER BY kind, lang').all();
async function inviteAar(): Promise<ReturnType<typeof parseMail>[]> {
  const before = smtp.received.length;
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/invitations`, jsonInit('POST', { cityIds: [aar().id] }, { Cookie: admin }));
  expect(res.status).toBe(200);
  await t.mail.whenIdle();
  return smtp.received.slice(before).map((m) => parseMail(m.raw));
}

const EDITED = {
  en: { subject: 'Your {{year}} survey, {{city}}', body: 'Hello {{name}},\n\nPlease answer for {{city}} by {{deadline}}:\n{{link}}\n\nThe ICC Unit' },
  fr: { subject: 'Votre enquête {{year}}, {{city}}', body: 'Bonjour {{name}},\n\nMerci de répondre pour {{city}} avant le {{deadline}} :\n{{link}}\n\nL’unité ICC' },
};

test('analysts read the templates of each kind: the defaults of the code, with their placeholders', async () => {
  const res = await fetch(base(), { headers: { Cookie: analyst } });
  expect(res.status).toBe(200);
  const list = (await res.json()) as { kind: string; isDefault: boolean; placeholders: string[]; templates: unknown; defaults: unknown; updatedAt: string | null }[];
  expect(list.map((k) => [k.kind, k.isDefault, k.placeholders])).toEqual([
    ['invitation', true, ['name', 'city', 'year', 'deadline', 'link']],
    ['reminder', true, ['name', 'city', 'year', 'deadline', 'progress', 'link']],
    ['report', true, ['name', 'city', 'year', 'link']],
  ]);
  expect(list[0]!.templates).toEqual(INVITATION_TEMPLATES);
  expect(list[1]!.templates).toEqual(REMINDER_TEMPLATES);
  expect(list[2]!.templates).toEqual(REPORT_TEMPLATES);
  expect(list[0]!.updatedAt).toBeNull();
  const one = await fetch(`${base()}/reminder`, { headers: { Cookie: analyst } });
  expect(((await one.json()) as { kind: string }).kind).toBe('reminder');
  await expectError(await fetch(`${base()}/newsletter`, { headers: { Cookie: analyst } }), 400, 'invalid');
  await expectError(await fetch(base()), 401, 'unauthorised');
});

test('an unknown placeholder is refused with 422 naming it, and nothing is stored', async () => {
  const before = snapshotTables(t.db);
  const body = await expectError(await put('invitation', { ...EDITED, fr: { ...EDITED.fr, body: `${EDITED.fr.body} {{cty}}` } }), 422, 'validation_failed');
  expect(body.error.message).toContain('{{cty}}');
  expect(body.error.message).toContain('French body');
  expect(body.error.problems).toEqual([expect.objectContaining({ lang: 'fr', field: 'body', placeholder: '{{cty}}' })]);
  // {{progress}} exists, but not in an invitation.
  const progress = await expectError(await put('invitation', { ...EDITED, en: { ...EDITED.en, subject: '{{progress}}' } }), 422, 'validation_failed');
  expect(progress.error.message).toContain('{{progress}}');
  expect(snapshotTables(t.db)).toEqual(before);
  expect(templatesRows()).toEqual([]);
});

test('a body without {{link}} is refused with 422 naming {{link}}; {city} with single braces is pointed out', async () => {
  const noLink = await expectError(await put('report', { en: { subject: 's', body: 'Hello {{name}}' }, fr: { subject: 's', body: 'Lien : {{link}}' } }), 422, 'validation_failed');
  expect(noLink.error.message).toContain('{{link}}');
  expect(noLink.error.problems).toEqual([expect.objectContaining({ lang: 'en', placeholder: '{{link}}' })]);
  const single = await expectError(await put('report', { en: { subject: 'Report of {city}', body: '{{link}}' }, fr: { subject: 's', body: '{{link}}' } }), 422, 'validation_failed');
  expect(single.error.message).toContain('{{city}}');
  expect(templatesRows()).toEqual([]);
});

test('sizes and shapes: empty, too long, a two-line subject (422); a missing language or unknown field (400); body over 512 KB (413)', async () => {
  await expectError(await put('report', { en: { subject: '', body: '{{link}}' }, fr: { subject: 's', body: '{{link}}' } }), 422, 'validation_failed');
  const long = await expectError(await put('report', { en: { subject: 's', body: `{{link}}${'x'.repeat(10_000)}` }, fr: { subject: 's', body: '{{link}}' } }), 422, 'validation_failed');
  expect(long.error.message).toContain('at most 10000');
  await expectError(await put('report', { en: { subject: 'a\nBcc: x@example.org', body: '{{link}}' }, fr: { subject: 's', body: '{{link}}' } }), 422, 'validation_failed');
  await expectError(await put('report', { en: { subject: 's', body: '{{link}}' } }), 400, 'invalid');
  await expectError(await put('report', { ...EDITED, de: EDITED.en }), 400, 'invalid');
  await expectError(await put('report', { en: { subject: 's', body: '{{link}}'.padEnd(600_000, 'x') }, fr: EDITED.fr }), 413, 'too_large');
  expect(templatesRows()).toEqual([]);
});

test('analysts may not change templates (403), anonymous callers must sign in (401)', async () => {
  await expectError(await put('invitation', EDITED, analyst), 403, 'forbidden');
  await expectError(await put('invitation', EDITED, null), 401, 'unauthorised');
  await expectError(await fetch(`${base()}/invitation`, jsonInit('DELETE', undefined, { Cookie: analyst })), 403, 'forbidden');
  expect(templatesRows()).toEqual([]);
});

test('the preview renders one city’s email in both languages from an unsaved edit, with its problems, writing nothing', async () => {
  const before = snapshotTables(t.db);
  const res = await fetch(`${base()}/invitation/preview`, jsonInit('POST', { cityId: aar().id, ...EDITED }, { Cookie: analyst }));
  expect(res.status).toBe(200);
  const p = (await res.json()) as Record<string, any>;
  expect(p.en.subject).toBe('Your 2025 survey, Aarhus (test)');
  expect(p.en.text).toContain('Hello Ana <b>Example</b> & Co,');
  expect(p.en.text).toContain('by 31 January 2026');
  expect(p.fr.subject).toBe('Votre enquête 2025, Aarhus (test)');
  expect(p.fr.text).toContain('Bonjour Bruno Exemple,');
  expect(p.fr.text).toContain('avant le 31 janvier 2026');
  expect(p.en.html).toContain('Ana &lt;b&gt;Example&lt;/b&gt; &amp; Co');
  expect(p.problems).toEqual([]);
  const bad = (await (await fetch(`${base()}/invitation/preview`, jsonInit('POST', { ...EDITED, en: { ...EDITED.en, body: 'no link' } }, { Cookie: admin }))).json()) as Record<string, any>;
  expect(bad.problems).toEqual([expect.objectContaining({ lang: 'en', placeholder: '{{link}}' })]);
  await expectError(await fetch(`${base()}/invitation/preview`, jsonInit('POST', { en: EDITED.en }, { Cookie: admin })), 400, 'invalid');
  await expectError(await fetch(`${base()}/invitation/preview`, jsonInit('POST', { cityId: 999999 }, { Cookie: admin })), 404, 'not_found');
  expect(snapshotTables(t.db)).toEqual(before);
});

test('a saved template is what the invitations carry, in each language; HTML values are escaped', async () => {
  const res = await put('invitation', EDITED);
  expect(res.status).toBe(200);
  const saved = (await res.json()) as { isDefault: boolean; templates: unknown; updatedAt: string };
  expect(saved.isDefault).toBe(false);
  expect(saved.templates).toEqual(EDITED);
  expect(saved.updatedAt).toBe(t.clock.now().toISOString());

  const mails = await inviteAar();
  const en = mails.find((m) => m.headers['content-language'] === 'en')!;
  const fr = mails.find((m) => m.headers['content-language'] === 'fr')!;
  expect(en.headers.subject).toBe('Your 2025 survey, Aarhus (test)');
  expect(en.text).toMatch(/^Hello Ana <b>Example<\/b> & Co,\n\nPlease answer for Aarhus \(test\) by 31 January 2026:\nhttp:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]{43}\n\nThe ICC Unit\n?$/);
  expect(en.html).toContain('Hello Ana &lt;b&gt;Example&lt;/b&gt; &amp; Co,');
  expect(en.html).not.toContain('<b>Example');
  expect(fr.headers.subject).toBe('Votre enquête 2025, Aarhus (test)');
  expect(fr.text).toContain('Bonjour Bruno Exemple,');
  // The mail log's subject is the edited one too.
  const subjects = t.db.prepare("SELECT subject FROM mail_log WHERE kind = 'invitation' ORDER BY id").pluck().all();
  expect(subjects).toEqual(['Your 2025 survey, Aarhus (test)', 'Votre enquête 2025, Aarhus (test)']);
});

test('the reminder uses its edited template, with {{progress}}', async () => {
  const reminder = {
    en: { subject: 'Still time, {{city}}', body: '{{progress}}\n{{link}}' },
    fr: { subject: 'Encore le temps, {{city}}', body: '{{progress}}\n{{link}}' },
  };
  expect((await put('reminder', reminder)).status).toBe(200);
  const before = smtp.received.length;
  t.clock.set(new Date('2026-01-17T08:00:00.000Z')); // 14 days before the default survey's close date
  admin = t.sessionCookie(ADMIN_EMAIL); // a session of the new day
  expect(t.reminders.plan()).toEqual([{ surveyId: t.surveyId, daysBefore: 14, queued: 2 }]);
  t.mail.kick(); // as the schedule's timer does
  await t.mail.whenIdle();
  const mails = smtp.received.slice(before).map((m) => parseMail(m.raw));
  expect(mails.map((m) => m.headers.subject).sort()).toEqual(['Encore le temps, Aarhus (test)', 'Still time, Aarhus (test)']);
  const en = mails.find((m) => m.headers['content-language'] === 'en')!;
  expect(en.text).toMatch(/^Your city has not started answering yet\.\nhttp:\/\/\S+\/r\/[A-Za-z0-9_-]{43}\n?$/);
});

test('reset goes back to the default; saving and resetting are in the audit log', async () => {
  const res = await fetch(`${base()}/invitation`, jsonInit('DELETE', undefined, { Cookie: admin }));
  expect(res.status).toBe(200);
  expect(((await res.json()) as { isDefault: boolean }).isDefault).toBe(true);
  const mails = await inviteAar();
  expect(mails.map((m) => m.headers.subject).sort()).toEqual([
    'Enquête annuelle ICC 2025 : le lien pour Aarhus (test)',
    'ICC annual survey 2025: the link for Aarhus (test)',
  ]);
  const actions = t.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'mail_templates.%' ORDER BY id").pluck().all();
  expect(actions).toEqual(['mail_templates.update', 'mail_templates.update', 'mail_templates.reset']);
});

test('templates belong to their survey: another survey keeps the defaults', async () => {
  expect((await put('report', { en: { subject: 'R {{city}}', body: '{{link}}' }, fr: { subject: 'R {{city}}', body: '{{link}}' } })).status).toBe(200);
  const other = t.stores.surveys.list().find((s) => s.id !== t.surveyId);
  if (!other) return; // the test app has one survey: the per-survey key is then checked by the store's primary key
  const res = await fetch(`${t.url}/api/surveys/${other.id}/mail-templates/report`, { headers: { Cookie: admin } });
  expect(((await res.json()) as { isDefault: boolean }).isDefault).toBe(true);
});
