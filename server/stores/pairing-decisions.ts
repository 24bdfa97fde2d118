import type { Db } from '../db';

/** The Unit's decision on a pair of cities of a survey (see migrations/008_pairing_and_summary_versions.sql). */
export type PairingStatus = 'accepted' | 'rejected' | 'pending';
export interface PairingDecision {
  surveyId: number;
  /** City ids, cityA < cityB. */
  cityA: number;
  cityB: number;
  status: PairingStatus;
  note: string;
  decidedAt: string;
  decidedBy: string;
}
interface Row {
  survey_id: number;
  city_a: number;
  city_b: number;
  status: PairingStatus;
  note: string;
  decided_at: string;
  decided_by: string;
}
const toDecision = (r: Row): PairingDecision => ({
  surveyId: r.survey_id,
  cityA: r.city_a,
  cityB: r.city_b,
  status: r.status,
  note: r.note,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

export function pairingDecisionStore(db: Db) {
  const bySurvey = db.prepare<[number], Row>('SELECT * FROM pairing_decisions WHERE survey_id = ? ORDER BY city_a, city_b');
  const one = db.prepare<[number, number, number], Row>('SELECT * FROM pairing_decisions WHERE survey_id = ? AND city_a = ? AND city_b = ?');
  const upsert = db.prepare(
    `INSERT INTO pairing_decisions (survey_id, city_a, city_b, status, note, decided_at, decided_by)
     VALUES (@surveyId, @cityA, @cityB, @status, @note, @decidedAt, @decidedBy)
     ON CONFLICT (survey_id, city_a, city_b) DO UPDATE SET status = excluded.status, note = excluded.note,
       decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
  );
  return {
    /** The survey's decisions, by city ids. */
    list({ surveyId }: { surveyId: number }): PairingDecision[] {
      return bySurvey.all(surveyId).map(toDecision);
    },
    get({ surveyId, cityA, cityB }: { surveyId: number; cityA: number; cityB: number }): PairingDecision | undefined {
      const r = one.get(surveyId, Math.min(cityA, cityB), Math.max(cityA, cityB));
      return r && toDecision(r);
    },
    /** Records (or replaces) the decision on the pair; the cities may come in either order. */
    save(d: PairingDecision): PairingDecision {
      const row = { ...d, cityA: Math.min(d.cityA, d.cityB), cityB: Math.max(d.cityA, d.cityB) };
      upsert.run(row);
      return row;
    },
  };
}
export type PairingDecisionStore = ReturnType<typeof pairingDecisionStore>;
