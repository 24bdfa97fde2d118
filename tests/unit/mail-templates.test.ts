import { expect, test } from 'vitest';
import { DEFAULT_TEMPLATES, TEMPLATE_KINDS, formatDeadline, placeholdersIn, renderInvitation, renderMail, renderReport } from '../../server/mail/templates';
import { checkTemplates } from '../../server/services/mail-templates';

test('a close date reads as a calendar day in each language, whatever the time zone', () => {
  expect(formatDeadline('2026-01-31', 'en')).toBe('31 January 2026');
  expect(formatDeadline('2026-01-31', 'fr')).toBe('31 janvier 2026');
  expect(formatDeadline('2026-02-01T09:00:00.000Z', 'fr')).toBe('1 février 2026');
});

test('without a close date the deadline says the survey closes when the Unit closes it', () => {
  expect(formatDeadline(null, 'en')).toBe('when the ICC Unit closes the survey');
  expect(formatDeadline('not a date', 'fr')).toBe("à la clôture de l'enquête par l'unité ICC");
});

test('values are escaped in the HTML and kept as typed in the text; only the link becomes a link', () => {
  const link = 'https://survey.example.org/r/abc?x=1&y=2';
  const mail = renderInvitation('en', { name: 'Ann <script>', city: 'A & B', year: 2025, closesAt: null, link });
  expect(mail.text).toContain('Dear Ann <script>,');
  expect(mail.text).toContain('invites A & B to answer');
  expect(mail.html).toContain('Dear Ann &lt;script&gt;,');
  expect(mail.html).toContain('invites A &amp; B to answer');
  expect(mail.html).toContain('<a href="https://survey.example.org/r/abc?x=1&amp;y=2">https://survey.example.org/r/abc?x=1&amp;y=2</a>');
  expect(mail.html.match(/<a /g)).toHaveLength(1);
  expect(mail.subject).toBe('ICC annual survey 2025: the link for A & B');
});

test('a subject never carries a line break from a value; unknown placeholders stay visible', () => {
  const mail = renderMail({ subject: 'For {{city}} {{typo}}', body: 'Hello {{city}}\n\n{{typo}}' }, { city: 'X\r\nBcc: y@example.org' }, { lang: 'en' });
  expect(mail.subject).toBe('For X Bcc: y@example.org {{typo}}');
  expect(mail.text).toBe('Hello X\r\nBcc: y@example.org\n\n{{typo}}');
  expect(mail.html).toContain('<p>{{typo}}</p>');
});

// Editable templates and the report email (issues 5 and 7).
const ok = { subject: 'S {{city}}', body: 'Hi {{name}}\n{{link}}' };

test('every default template passes the checks of its kind', () => {
  for (const kind of TEMPLATE_KINDS) expect(checkTemplates(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
});

test('placeholdersIn lists each {{word}} once, in order', () => {
  expect(placeholdersIn('{{b}} {a} {{a}} {{b}} {{ c }}')).toEqual(['b', 'a']);
});

test('unknown, single-brace and missing-link problems name their placeholder, language and field', () => {
  const problems = checkTemplates('report', { en: { subject: '{city} {{deadline}}', body: 'no link' }, fr: ok });
  expect(problems.map((p) => [p.lang, p.field, p.type, p.placeholder])).toEqual([
    ['en', 'subject', 'unknown_placeholder', '{{deadline}}'],
    ['en', 'subject', 'single_braces', '{city}'],
    ['en', 'body', 'missing_link', '{{link}}'],
  ]);
});

test('sizes: an empty subject, a 10,001-character body and a two-line subject are refused', () => {
  const problems = checkTemplates('invitation', { en: { subject: ' ', body: `{{link}}${'x'.repeat(9_993)}` }, fr: { subject: 'a\nb', body: '{{link}}' } });
  expect(problems.map((p) => [p.lang, p.field, p.type])).toEqual([
    ['en', 'subject', 'empty'],
    ['en', 'body', 'too_long'],
    ['fr', 'subject', 'multiline'],
  ]);
});

test('the report email carries the report link, in the HTML as a link with escaped values', () => {
  const r = renderReport('fr', { name: 'A & B', city: 'Lyon', year: 2025, link: 'https://x.example/r/t/report' });
  expect(r.subject).toBe('Enquête annuelle ICC 2025 : le rapport de Lyon');
  expect(r.text).toContain('Bonjour A & B,');
  expect(r.text).toContain('\nhttps://x.example/r/t/report\n');
  expect(r.html).toContain('Bonjour A &amp; B,');
  expect(r.html).toContain('<a href="https://x.example/r/t/report">https://x.example/r/t/report</a>');
});
