import { expect, test } from 'vitest';
import { daysBetween, deadlineOf, dueReminder, reminderTimes } from '../../server/domain/reminder-schedule';
import { formatProgress, renderReminder } from '../../server/mail/templates';

const at = (iso: string) => new Date(iso);

test('a bare close date ends at the end of that day (UTC); reminders go at 08:00 UTC on their day', () => {
  expect(deadlineOf('2026-01-31')).toEqual({ key: '2026-01-31', day: '2026-01-31', endsAt: at('2026-02-01T00:00:00Z'), dateOnly: true });
  expect(reminderTimes('2026-01-31', [2, 14, 7])).toEqual([
    { daysBefore: 14, dueAt: at('2026-01-17T08:00:00Z') },
    { daysBefore: 7, dueAt: at('2026-01-24T08:00:00Z') },
    { daysBefore: 2, dueAt: at('2026-01-29T08:00:00Z') },
  ]);
});

test('a close instant: reminders are whole days before it', () => {
  expect(reminderTimes('2026-01-31T17:00:00+01:00', [7])).toEqual([{ daysBefore: 7, dueAt: at('2026-01-24T16:00:00Z') }]);
  expect(deadlineOf('2026-01-31T17:00:00+01:00')).toMatchObject({ key: '2026-01-31T16:00:00.000Z', day: '2026-01-31', dateOnly: false });
});

test('the due reminder is the latest whose time has come, until the deadline; none without a close date', () => {
  const days = [14, 7, 2];
  const due = (now: string) => dueReminder({ closesAt: '2026-01-31', days, now: at(now) })?.daysBefore;
  expect(due('2026-01-17T07:59:59Z')).toBeUndefined();
  expect(due('2026-01-17T08:00:00Z')).toBe(14);
  expect(due('2026-01-23T23:00:00Z')).toBe(14);
  expect(due('2026-01-26T00:00:00Z')).toBe(7);
  expect(due('2026-01-31T23:59:59Z')).toBe(2);
  expect(due('2026-02-01T00:00:00Z')).toBeUndefined();
  expect(dueReminder({ closesAt: null, days, now: at('2026-01-30T00:00:00Z') })).toBeUndefined();
  expect(dueReminder({ closesAt: 'soon', days, now: at('2026-01-30T00:00:00Z') })).toBeUndefined();
  expect(dueReminder({ closesAt: '2026-01-31', days: [], now: at('2026-01-30T00:00:00Z') })).toBeUndefined();
});

test('days between two instants count calendar days (UTC)', () => {
  expect(daysBetween(at('2025-12-10T23:00:00Z'), at('2025-12-11T01:00:00Z'))).toBe(1);
  expect(daysBetween(at('2024-12-01T08:00:00Z'), at('2025-01-31T23:00:00Z'))).toBe(61);
});

test('the progress sentence, in both languages', () => {
  expect(formatProgress(null, 'en')).toBe('Your city has not started answering yet.');
  expect(formatProgress(0, 'en')).toBe('Your city has started answering: its answers are saved.');
  expect(formatProgress(0.4, 'en')).toBe("Your city's answers are 40% complete and saved.");
  expect(formatProgress(0.4, 'fr')).toBe('Les réponses de votre ville sont complètes à 40\u00a0% ; elles sont enregistrées.');
  expect(formatProgress(null, 'fr')).toBe("Votre ville n'a pas encore commencé à répondre.");
  const mail = renderReminder('fr', { name: 'Élodie', city: 'Lyon', year: 2025, closesAt: '2026-01-31', progress: 0.25, link: 'https://s.example/r/abc' });
  expect(mail.subject).toBe('Rappel : enquête annuelle ICC 2025 pour Lyon, date limite le 31 janvier 2026');
  expect(mail.text).toContain('complètes à 25\u00a0%');
  expect(mail.html).toContain('<a href="https://s.example/r/abc">https://s.example/r/abc</a>');
});
