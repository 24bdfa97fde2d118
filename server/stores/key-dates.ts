import type { Db } from '../db';

export type KeyDateKind = 'open' | 'close' | 'reminder' | 'event';

/** A date the Unit added to a survey's calendar (see migrations/004_campaign.sql). */
export interface StoredKeyDate {
  id: number;
  surveyId: number;
  date: string;
  endDate: string | null;
  titleEn: string;
  titleFr: string;
  descriptionEn: string | null;
  descriptionFr: string | null;
  kind: KeyDateKind;
  createdAt: string;
  updatedAt: string;
}
interface KeyDateRow {
  id: number;
  survey_id: number;
  date: string;
  end_date: string | null;
  title_en: string;
  title_fr: string;
  description_en: string | null;
  description_fr: string | null;
  kind: KeyDateKind;
  created_at: string;
  updated_at: string;
}
export type KeyDateFields = Pick<StoredKeyDate, 'date' | 'endDate' | 'titleEn' | 'titleFr' | 'descriptionEn' | 'descriptionFr' | 'kind'>;

const toKeyDate = (r: KeyDateRow): StoredKeyDate => ({
  id: r.id,
  surveyId: r.survey_id,
  date: r.date,
  endDate: r.end_date,
  titleEn: r.title_en,
  titleFr: r.title_fr,
  descriptionEn: r.description_en,
  descriptionFr: r.description_fr,
  kind: r.kind,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function keyDateStore(db: Db) {
  const bySurvey = db.prepare<[number], KeyDateRow>('SELECT * FROM key_dates WHERE survey_id = ? ORDER BY date, id');
  const byId = db.prepare<[number], KeyDateRow>('SELECT * FROM key_dates WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO key_dates (survey_id, date, end_date, title_en, title_fr, description_en, description_fr, kind, created_at, updated_at)
     VALUES (@surveyId, @date, @endDate, @titleEn, @titleFr, @descriptionEn, @descriptionFr, @kind, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE key_dates SET date = @date, end_date = @endDate, title_en = @titleEn, title_fr = @titleFr,
       description_en = @descriptionEn, description_fr = @descriptionFr, kind = @kind, updated_at = @now
     WHERE id = @id`,
  );
  const remove = db.prepare<[number]>('DELETE FROM key_dates WHERE id = ?');

  return {
    listBySurvey({ surveyId }: { surveyId: number }): StoredKeyDate[] {
      return bySurvey.all(surveyId).map(toKeyDate);
    },
    get({ id }: { id: number }): StoredKeyDate | undefined {
      const r = byId.get(id);
      return r && toKeyDate(r);
    },
    create(k: KeyDateFields & { surveyId: number; now: Date }): number {
      const { now, ...fields } = k;
      return Number(insert.run({ ...fields, now: now.toISOString() }).lastInsertRowid);
    },
    update(k: KeyDateFields & { id: number; now: Date }): void {
      const { now, ...fields } = k;
      update.run({ ...fields, now: now.toISOString() });
    },
    delete({ id }: { id: number }): boolean {
      return remove.run(id).changes > 0;
    },
  };
}
export type KeyDateStore = ReturnType<typeof keyDateStore>;
