/**
 * When reminders go out: pure date arithmetic on a survey's close date, shared by the reminder scheduler and
 * the key-dates calendar so both always agree.
 */

const DAY_MS = 86_400_000;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The default schedule: two weeks, one week and two days before the deadline. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [14, 7, 2];

/**
 * A reminder for a bare close date goes out at 08:00 UTC on its day (09:00 in Strasbourg in winter): early in
 * the working day across Europe, so it is near the top of the inbox.
 */
const SEND_HOUR_UTC = 8;

export interface Deadline {
  /** Identifies the deadline in dedupe keys: the date as stored (`2026-01-31`) or the instant in ISO form. */
  key: string;
  /** The calendar day of the deadline, `YYYY-MM-DD` (UTC). */
  day: string;
  /** The first instant after the deadline: the end of the day for a bare date. */
  endsAt: Date;
  dateOnly: boolean;
}

export interface ReminderTime {
  daysBefore: number;
  dueAt: Date;
}

/** Reads a close date (`YYYY-MM-DD`: answers are taken until the end of that day, UTC; or an ISO instant). */
export function deadlineOf(closesAt: string | null | undefined): Deadline | undefined {
  if (!closesAt) return undefined;
  if (BARE_DATE.test(closesAt)) {
    const start = Date.parse(`${closesAt}T00:00:00Z`);
    if (Number.isNaN(start)) return undefined;
    return { key: closesAt, day: closesAt, endsAt: new Date(start + DAY_MS), dateOnly: true };
  }
  const at = Date.parse(closesAt);
  if (Number.isNaN(at)) return undefined;
  const iso = new Date(at).toISOString();
  return { key: iso, day: iso.slice(0, 10), endsAt: new Date(at), dateOnly: false };
}

/** Every reminder of the schedule, earliest first (the largest number of days before the deadline first). */
export function reminderTimes(closesAt: string | null | undefined, days: readonly number[]): ReminderTime[] {
  const deadline = deadlineOf(closesAt);
  if (!deadline) return [];
  const base = deadline.dateOnly ? Date.parse(`${deadline.day}T${String(SEND_HOUR_UTC).padStart(2, '0')}:00:00Z`) : deadline.endsAt.getTime();
  return [...new Set(days)]
    .map((daysBefore) => ({ daysBefore, dueAt: new Date(base - daysBefore * DAY_MS) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * The reminder to send at `now`: the latest one whose time has come, as long as the deadline has not passed.
 * After downtime only that one is sent, not every reminder missed meanwhile: three emails in a row saying the
 * same thing would teach people to ignore them.
 */
export function dueReminder({ closesAt, days, now }: { closesAt: string | null | undefined; days: readonly number[]; now: Date }): ReminderTime | undefined {
  const deadline = deadlineOf(closesAt);
  if (!deadline || now.getTime() >= deadline.endsAt.getTime()) return undefined;
  return reminderTimes(closesAt, days)
    .filter((r) => r.dueAt.getTime() <= now.getTime())
    .at(-1);
}

/** Whole days from the start of `from`'s UTC day to the start of `to`'s UTC day. */
export function daysBetween(from: Date, to: Date): number {
  const start = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((start(to) - start(from)) / DAY_MS);
}
