import { expect, test } from 'vitest';
import { formatDate } from '../../client/i18n';

/** formatDate writes days by hand (no Intl on the respondent's first render); it must read as Intl's long date. */
test('formatDate writes every day of two years as Intl does (en-GB and fr-FR, long), for dates and timestamps', () => {
  const intl = { en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }), fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' }) };
  let checked = 0;
  for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    for (const lang of ['en', 'fr'] as const) {
      expect(formatDate(lang, iso)).toBe(intl[lang].format(new Date(`${iso}T12:00:00Z`)));
      expect(formatDate(lang, `${iso}T08:30:00Z`)).toBe(intl[lang].format(new Date(`${iso}T08:30:00Z`)));
      checked++;
    }
  }
  expect(checked).toBe(730 * 2);
  expect(formatDate('fr', '2027-01-30')).toBe('30 janvier 2027');
  expect(formatDate('en', '2026-12-01')).toBe('1 December 2026');
  expect(formatDate('en', 'not a date')).toBe('not a date');
});
