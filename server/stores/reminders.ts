import type { Db } from '../db';
import { DEFAULT_REMINDER_DAYS } from '../domain/reminder-schedule';

/** A reminder round that was planned (see migrations/004_campaign.sql). */
export interface ReminderRound {
  surveyId: number;
  deadline: string;
  daysBefore: number;
  dueAt: string;
  plannedAt: string;
  queued: number;
}
interface RoundRow {
  survey_id: number;
  deadline: string;
  days_before: number;
  due_at: string;
  planned_at: string;
  queued: number;
}

/** Reads a stored schedule; a damaged value falls back to the default rather than stopping every reminder. */
function parseDays(raw: string | undefined): number[] {
  try {
    const v: unknown = JSON.parse(raw ?? '');
    if (Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0)) return (v as number[]).slice().sort((a, b) => b - a);
  } catch {
    // not JSON: the default below
  }
  return [...DEFAULT_REMINDER_DAYS];
}

/** Reminder schedules (per survey) and the rounds already planned. */
export function reminderStore(db: Db) {
  const daysOf = db.prepare<[number], { reminder_days: string }>('SELECT reminder_days FROM surveys WHERE id = ?');
  const setDays = db.prepare('UPDATE surveys SET reminder_days = ? WHERE id = ?');
  const insertRound = db.prepare(
    `INSERT INTO reminder_rounds (survey_id, deadline, days_before, due_at, planned_at, queued)
     VALUES (@surveyId, @deadline, @daysBefore, @dueAt, @now, 0)
     ON CONFLICT (survey_id, deadline, days_before) DO NOTHING`,
  );
  const setQueued = db.prepare('UPDATE reminder_rounds SET queued = ? WHERE survey_id = ? AND deadline = ? AND days_before = ?');
  const rounds = db.prepare<[number], RoundRow>('SELECT * FROM reminder_rounds WHERE survey_id = ? ORDER BY due_at');

  return {
    /** Days before the deadline, largest first. */
    daysOf({ surveyId }: { surveyId: number }): number[] {
      return parseDays(daysOf.get(surveyId)?.reminder_days);
    },
    setDays({ surveyId, days }: { surveyId: number; days: number[] }): void {
      setDays.run(JSON.stringify([...new Set(days)].sort((a, b) => b - a)), surveyId);
    },
    /** Records a round; `false` when it was planned before (by this process or another). */
    claimRound(r: { surveyId: number; deadline: string; daysBefore: number; dueAt: Date; now: Date }): boolean {
      return (
        insertRound.run({ surveyId: r.surveyId, deadline: r.deadline, daysBefore: r.daysBefore, dueAt: r.dueAt.toISOString(), now: r.now.toISOString() })
          .changes === 1
      );
    },
    setQueued({ surveyId, deadline, daysBefore, queued }: { surveyId: number; deadline: string; daysBefore: number; queued: number }): void {
      setQueued.run(queued, surveyId, deadline, daysBefore);
    },
    rounds({ surveyId }: { surveyId: number }): ReminderRound[] {
      return rounds.all(surveyId).map((r) => ({
        surveyId: r.survey_id,
        deadline: r.deadline,
        daysBefore: r.days_before,
        dueAt: r.due_at,
        plannedAt: r.planned_at,
        queued: r.queued,
      }));
    },
  };
}
export type ReminderStore = ReturnType<typeof reminderStore>;
