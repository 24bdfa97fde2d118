import type { Db } from '../db';
import type { MailLang } from './people';

export type MailKind = 'invitation' | 'reminder' | 'report';
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** One email: queued, being sent, sent, failed or cancelled (see migrations/002_teams_and_mail.sql). */
export interface MailLogEntry {
  id: number;
  surveyId: number;
  cityId: number;
  personId: number | null;
  kind: MailKind;
  batch: string;
  to: string;
  lang: MailLang;
  subject: string;
  status: MailStatus;
  error: string | null;
  attempts: number;
  /** Not sent before this time: after a failed attempt, when the next one is due (status 'queued'). */
  nextAttemptAt: string;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
}
interface MailLogRow {
  id: number;
  survey_id: number;
  city_id: number;
  person_id: number | null;
  kind: MailKind;
  batch: string;
  dedupe_key: string;
  to_address: string;
  lang: MailLang;
  subject: string;
  status: MailStatus;
  error: string | null;
  attempts: number;
  next_attempt_at: string;
  message_id: string | null;
  requested_by: number | null;
  created_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  updated_at: string;
}
const toEntry = (r: MailLogRow): MailLogEntry => ({
  id: r.id,
  surveyId: r.survey_id,
  cityId: r.city_id,
  personId: r.person_id,
  kind: r.kind,
  batch: r.batch,
  to: r.to_address,
  lang: r.lang,
  subject: r.subject,
  status: r.status,
  error: r.error,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  messageId: r.message_id,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  updatedAt: r.updated_at,
});

export interface NewMail {
  surveyId: number;
  cityId: number;
  personId: number;
  kind: MailKind;
  batch: string;
  dedupeKey: string;
  to: string;
  lang: MailLang;
  subject: string;
  requestedBy: number | null;
  now: Date;
}

/** Longest error text kept: SMTP replies can be long; the start says what went wrong. */
const MAX_ERROR = 1000;

export function mailLogStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO mail_log (survey_id, city_id, person_id, kind, batch, dedupe_key, to_address, lang, subject, status,
       next_attempt_at, requested_by, created_at, updated_at)
     VALUES (@surveyId, @cityId, @personId, @kind, @batch, @dedupeKey, @to, @lang, @subject, 'queued',
       @now, @requestedBy, @now, @now)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  // One statement, so it is atomic across processes sharing the database: a row is claimed by one sender only.
  const claimNext = db.prepare<[string, string, string], MailLogRow>(
    `UPDATE mail_log SET status = 'sending', attempts = attempts + 1, claimed_at = ?, updated_at = ?
     WHERE id = (SELECT id FROM mail_log WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1)
     RETURNING *`,
  );
  const markSent = db.prepare(
    `UPDATE mail_log SET status = 'sent', error = NULL, message_id = @messageId, to_address = @to, subject = @subject,
       sent_at = @now, updated_at = @now
     WHERE id = @id AND status = 'sending'`,
  );
  const markFailed = db.prepare(
    `UPDATE mail_log SET status = 'failed', error = @error, updated_at = @now WHERE id = @id AND status = 'sending'`,
  );
  // A failed attempt to be tried again: back in the queue, not before @retryAt, with the error kept for the Unit.
  const markRetry = db.prepare(
    `UPDATE mail_log SET status = 'queued', error = @error, next_attempt_at = @retryAt, updated_at = @now
     WHERE id = @id AND status = 'sending'`,
  );
  const markCancelled = db.prepare(
    `UPDATE mail_log SET status = 'cancelled', error = @reason, updated_at = @now
     WHERE id = @id AND status IN ('queued', 'sending')`,
  );
  const failStale = db.prepare(
    `UPDATE mail_log SET status = 'failed', error = @error, updated_at = @now WHERE status = 'sending' AND claimed_at <= @before`,
  );
  const hasDue = db.prepare<[string], { id: number }>(
    "SELECT id FROM mail_log WHERE status = 'queued' AND next_attempt_at <= ? LIMIT 1",
  );
  const bySurvey = db.prepare<[number, number], MailLogRow>('SELECT * FROM mail_log WHERE survey_id = ? ORDER BY id DESC LIMIT ?');
  const countsBySurvey = db.prepare<[number], { status: MailStatus; n: number }>(
    'SELECT status, count(*) AS n FROM mail_log WHERE survey_id = ? GROUP BY status',
  );
  const countsByCity = db.prepare<[number], { city_id: number; kind: MailKind; status: MailStatus; n: number; last_error: string | null }>(
    `SELECT city_id, kind, status, count(*) AS n,
       (SELECT error FROM mail_log m2 WHERE m2.survey_id = m.survey_id AND m2.city_id = m.city_id AND m2.kind = m.kind
          AND m2.status = m.status AND m2.error IS NOT NULL ORDER BY m2.id DESC LIMIT 1) AS last_error
     FROM mail_log m WHERE survey_id = ? GROUP BY city_id, kind, status`,
  );
  const cancelPerson = db.prepare(
    `UPDATE mail_log SET status = 'cancelled', error = @reason, updated_at = @now
     WHERE person_id = @personId AND status = 'queued'`,
  );
  const redactPerson = db.prepare(
    `UPDATE mail_log SET to_address = '(removed)', person_id = NULL, updated_at = @now WHERE person_id = @personId`,
  );

  const hasLive = db.prepare(
    `SELECT 1 FROM mail_log WHERE survey_id = @surveyId AND person_id = @personId AND kind = @kind
       AND status IN ('queued', 'sending', 'sent') LIMIT 1`,
  );

  return {
    /** Queues one email; `undefined` when its dedupe key was queued before (nothing is added). */
    enqueue(m: NewMail): number | undefined {
      const r = insert.run({
        surveyId: m.surveyId,
        cityId: m.cityId,
        personId: m.personId,
        kind: m.kind,
        batch: m.batch,
        dedupeKey: m.dedupeKey,
        to: m.to,
        lang: m.lang,
        subject: m.subject,
        requestedBy: m.requestedBy,
        now: m.now.toISOString(),
      });
      return r.changes === 1 ? Number(r.lastInsertRowid) : undefined;
    },
    /** Whether this person has an email of this kind for the survey that is queued, being sent or sent (not failed or cancelled). */
    hasLive({ surveyId, personId, kind }: { surveyId: number; personId: number; kind: MailKind }): boolean {
      return hasLive.get({ surveyId, personId, kind }) !== undefined;
    },
    /** Takes the oldest due email for sending (status 'sending'), or `undefined` when none is due. */
    claimNext({ now }: { now: Date }): MailLogEntry | undefined {
      const at = now.toISOString();
      const r = claimNext.get(at, at, at);
      return r && toEntry(r);
    },
    hasDue({ now }: { now: Date }): boolean {
      return hasDue.get(now.toISOString()) !== undefined;
    },
    markSent({ id, messageId, to, subject, now }: { id: number; messageId: string | null; to: string; subject: string; now: Date }): void {
      markSent.run({ id, messageId, to, subject, now: now.toISOString() });
    },
    /** A failed attempt: given `retryAt`, queued again for then (the error stays visible); otherwise 'failed' for good. */
    markFailed({ id, error, now, retryAt }: { id: number; error: string; now: Date; retryAt?: Date }): void {
      const values = { id, error: error.slice(0, MAX_ERROR), now: now.toISOString() };
      if (retryAt) markRetry.run({ ...values, retryAt: retryAt.toISOString() });
      else markFailed.run(values);
    },
    markCancelled({ id, reason, now }: { id: number; reason: string; now: Date }): void {
      markCancelled.run({ id, reason, now: now.toISOString() });
    },
    /**
     * Emails left 'sending' since before `before` (the process stopped in the middle of an SMTP exchange) are
     * marked failed rather than sent again: whether they went out is unknown, and a duplicate is worse than a
     * visible failure the Unit can resend.
     */
    failStale({ before, now }: { before: Date; now: Date }): number {
      return failStale.run({
        before: before.toISOString(),
        now: now.toISOString(),
        error: 'Interrupted while sending (the server stopped); it may or may not have been delivered, so it was not sent again.',
      }).changes;
    },
    listBySurvey({ surveyId, limit }: { surveyId: number; limit: number }): MailLogEntry[] {
      return bySurvey.all(surveyId, limit).map(toEntry);
    },
    countsBySurvey({ surveyId }: { surveyId: number }): Record<MailStatus, number> {
      const out: Record<MailStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
      for (const r of countsBySurvey.all(surveyId)) out[r.status] = r.n;
      return out;
    },
    /** Emails per city, kind and status, with the latest error of each group (the campaign page). */
    countsByCity({ surveyId }: { surveyId: number }): { cityId: number; kind: MailKind; status: MailStatus; n: number; lastError: string | null }[] {
      return countsByCity.all(surveyId).map((r) => ({ cityId: r.city_id, kind: r.kind, status: r.status, n: r.n, lastError: r.last_error }));
    },
    /**
     * A person removed from a team: emails still queued for them are cancelled and their address is removed
     * from the log (data protection); the rows stay so the Unit's counts remain true.
     */
    forgetPerson({ personId, now }: { personId: number; now: Date }): void {
      const at = now.toISOString();
      cancelPerson.run({ personId, reason: 'The person was removed from the team before the email was sent.', now: at });
      redactPerson.run({ personId, now: at });
    },
  };
}
export type MailLogStore = ReturnType<typeof mailLogStore>;
