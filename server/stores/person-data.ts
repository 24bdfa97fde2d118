import type { Db } from '../db';

/**
 * What the platform holds about one team member beyond their record (data protection: export on request).
 * Read-only queries across the tables that may name a person: the mail log (by id, or by address in the
 * city), the audit log (entries whose detail names the person's id) and the answer change log (by the name
 * the person typed, within their city's responses).
 */
export function personDataStore(db: Db) {
  const sameAddress = db.prepare<[string, number], { id: number; city_id: number }>(
    'SELECT id, city_id FROM people WHERE email = ? COLLATE NOCASE AND id <> ? ORDER BY id',
  );
  const mail = db.prepare<
    [number, number, string],
    { id: number; survey_id: number; kind: string; to_address: string; lang: string; subject: string; status: string; error: string | null; attempts: number; created_at: string; sent_at: string | null }
  >(
    `SELECT id, survey_id, kind, to_address, lang, subject, status, error, attempts, created_at, sent_at FROM mail_log
     WHERE person_id = ? OR (city_id = ? AND to_address = ? COLLATE NOCASE) ORDER BY id`,
  );
  // json_tree finds the id wherever the detail puts it (a route's params, or an import's list of people).
  const audit = db.prepare<[string], { id: number; at: string; actor: string; action: string; detail: string | null }>(
    `SELECT id, at, actor, action, detail FROM audit_log a
     WHERE a.detail IS NOT NULL AND json_valid(a.detail) AND EXISTS (
       SELECT 1 FROM json_tree(a.detail) j WHERE j.key = 'personId' AND CAST(j.value AS TEXT) = ?)
     ORDER BY id`,
  );
  const changes = db.prepare<[number, string], { survey_id: number; year: number; question: string; revision: number; value: string | null; changed_at: string }>(
    `SELECT r.survey_id, s.year, c.question, c.revision, c.value, c.changed_at FROM answer_changes c
     JOIN responses r ON r.id = c.response_id JOIN surveys s ON s.id = r.survey_id
     WHERE r.city_id = ? AND c.author = ? COLLATE NOCASE ORDER BY c.id`,
  );

  return {
    /** Team records in other cities with the same address (the same person, as far as the platform can tell). */
    otherRecords({ personId, email }: { personId: number; email: string }): { id: number; cityId: number }[] {
      return sameAddress.all(email, personId).map((r) => ({ id: r.id, cityId: r.city_id }));
    },
    mailTo({ personId, cityId, email }: { personId: number; cityId: number; email: string }) {
      return mail.all(personId, cityId, email).map((r) => ({
        id: r.id,
        surveyId: r.survey_id,
        kind: r.kind,
        to: r.to_address,
        lang: r.lang,
        subject: r.subject,
        status: r.status,
        error: r.error,
        attempts: r.attempts,
        createdAt: r.created_at,
        sentAt: r.sent_at,
      }));
    },
    auditAbout({ personId }: { personId: number }) {
      return audit.all(String(personId)).map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown) }));
    },
    /** Answer changes signed with this name in the city's responses (the name is optional and typed freely). */
    changesSignedBy({ cityId, name }: { cityId: number; name: string }) {
      return changes.all(cityId, name).map((r) => ({
        surveyId: r.survey_id,
        year: r.year,
        question: r.question,
        revision: r.revision,
        value: r.value === null ? null : (JSON.parse(r.value) as unknown),
        changedAt: r.changed_at,
      }));
    },
  };
}
export type PersonDataStore = ReturnType<typeof personDataStore>;
