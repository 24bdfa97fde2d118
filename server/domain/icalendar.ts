/**
 * A small iCalendar (RFC 5545) writer for all-day events: the key dates of a survey, which coordinators add
 * to Outlook, Google or Apple calendars. Only what those need is written; everything written follows the RFC:
 * CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character, TEXT values escaped.
 */

export interface CalendarEvent {
  /** Globally unique and stable: the same event keeps it, so a re-import updates rather than duplicates. */
  uid: string;
  /** First day, `YYYY-MM-DD`. */
  date: string;
  /** Last day, inclusive (`YYYY-MM-DD`), for an event over several days. */
  endDate?: string | null;
  summary: string;
  description?: string | null;
  /** Free category, e.g. `deadline`. */
  category?: string | null;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks; other controls are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * Folds a content line (RFC 5545 3.1): no physical line longer than 75 octets; each continuation starts with
 * one space (which counts in its 75). Cuts fall between characters, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** `YYYY-MM-DD` → `YYYYMMDD` (a DATE value). */
const dateValue = (date: string) => date.replace(/-/g, '');

/** The day after `date` (DTEND of an all-day event is exclusive). */
function nextDay(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A UTC DATE-TIME: `20251210T090000Z`. */
const dateTimeValue = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A whole calendar (VCALENDAR with one VEVENT per event), CRLF line ends, ending with CRLF. */
export function toICalendar({ name, events, now, prodId = '-//Council of Europe//ICC annual survey//EN' }: {
  name: string;
  events: readonly CalendarEvent[];
  /** DTSTAMP: when this file was generated. */
  now: Date;
  prodId?: string;
}): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${escapeText(prodId)}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  const stamp = dateTimeValue(now);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${dateValue(e.date)}`,
      `DTEND;VALUE=DATE:${dateValue(nextDay(e.endDate ?? e.date))}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.category) lines.push(`CATEGORIES:${escapeText(e.category)}`);
    // All-day reminders of a deadline should not block the day in people's agendas.
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
