import fc from 'fast-check';
import { expect, test } from 'vitest';
import { escapeText, foldLine, toICalendar } from '../../server/domain/icalendar';

/** Unfolds content lines (RFC 5545 3.1): a CRLF followed by one space or tab is removed. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
/** Reads back an escaped TEXT value. */
const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

test('a calendar of all-day events is written exactly, with CRLF line ends and an exclusive DTEND', () => {
  const ics = toICalendar({
    name: 'ICC annual survey 2025: key dates',
    now: new Date('2025-12-10T09:00:00.123Z'),
    events: [
      { uid: 'icc-survey-1-close@survey.example.org', date: '2026-01-31', summary: 'Deadline', category: 'close' },
      { uid: 'icc-survey-1-event-3@survey.example.org', date: '2026-02-27', endDate: '2026-03-01', summary: 'Study visit', description: 'Lyon' },
    ],
  });
  expect(ics).toBe(
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Council of Europe//ICC annual survey//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:ICC annual survey 2025: key dates',
      'BEGIN:VEVENT',
      'UID:icc-survey-1-close@survey.example.org',
      'DTSTAMP:20251210T090000Z',
      'DTSTART;VALUE=DATE:20260131',
      'DTEND;VALUE=DATE:20260201',
      'SUMMARY:Deadline',
      'CATEGORIES:close',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:icc-survey-1-event-3@survey.example.org',
      'DTSTAMP:20251210T090000Z',
      'DTSTART;VALUE=DATE:20260227',
      'DTEND;VALUE=DATE:20260302',
      'SUMMARY:Study visit',
      'DESCRIPTION:Lyon',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
});

test('backslash, semicolon, comma and line breaks are escaped in text; other control characters dropped', () => {
  expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  // A tab is allowed in TEXT (WSP); other control characters are not.
  expect(escapeText('bell\u0007 tab\tend')).toBe('bell tab\tend');
  expect(escapeText('Zürich: réunion')).toBe('Zürich: réunion');
});

test('long lines fold at 75 octets, never inside a UTF-8 character, and unfold to the original', () => {
  const line = `SUMMARY:${'Enquête annuelle ICC 2025 : rappel aux villes qui n’ont pas encore envoyé leurs réponses 🎉'.repeat(3)}`;
  const folded = foldLine(line);
  const physical = folded.split('\r\n');
  expect(physical.length).toBeGreaterThan(3);
  for (const [i, p] of physical.entries()) {
    expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    if (i > 0) expect(p.startsWith(' ')).toBe(true);
    expect(p).not.toContain('\uFFFD');
  }
  // A line exactly 75 octets long is not folded; one more octet is.
  expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
  expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  expect(unfold(folded)).toBe(line);
});

test('any summary survives writing, folding, unfolding and unescaping (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (summary) => {
      const ics = toICalendar({ name: 'n', now: new Date(0), events: [{ uid: 'u@x', date: '2026-01-31', summary }] });
      for (const p of ics.split('\r\n')) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const line = unfold(ics).split('\r\n').find((l) => l.startsWith('SUMMARY:'))!;
      const expected = summary.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
      expect(unescapeText(line.slice('SUMMARY:'.length))).toBe(expected);
    }),
  );
});
