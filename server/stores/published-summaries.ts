import type { Db } from '../db';

/** A year's published summary: the snapshot of its figures as published (see migrations/005_published_summaries.sql). */
export interface PublishedSummary {
  surveyId: number;
  year: number;
  /** JSON text of analysis/public-summary.ts's PublicSummary. */
  snapshot: string;
  etag: string;
  publishedAt: string;
  publishedBy: string;
}
interface Row {
  survey_id: number;
  year: number;
  snapshot: string;
  etag: string;
  published_at: string;
  published_by: string;
}
const toSummary = (r: Row): PublishedSummary => ({
  surveyId: r.survey_id,
  year: r.year,
  snapshot: r.snapshot,
  etag: r.etag,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
});

export function publishedSummaryStore(db: Db) {
  const byYear = db.prepare<[number], Row>('SELECT * FROM published_summaries WHERE year = ?');
  const bySurvey = db.prepare<[number], Row>('SELECT * FROM published_summaries WHERE survey_id = ?');
  const years = db.prepare<[], { survey_id: number; year: number; published_at: string }>(
    'SELECT survey_id, year, published_at FROM published_summaries ORDER BY year DESC',
  );
  // Publishing again replaces the survey's snapshot (the Unit reviewed newer figures); the year stays unique.
  const upsert = db.prepare(
    `INSERT INTO published_summaries (survey_id, year, snapshot, etag, published_at, published_by)
     VALUES (@surveyId, @year, @snapshot, @etag, @publishedAt, @publishedBy)
     ON CONFLICT (survey_id) DO UPDATE SET year = excluded.year, snapshot = excluded.snapshot, etag = excluded.etag,
       published_at = excluded.published_at, published_by = excluded.published_by`,
  );
  const remove = db.prepare<[number]>('DELETE FROM published_summaries WHERE survey_id = ?');

  return {
    getByYear({ year }: { year: number }): PublishedSummary | undefined {
      const r = byYear.get(year);
      return r && toSummary(r);
    },
    getBySurvey({ surveyId }: { surveyId: number }): PublishedSummary | undefined {
      const r = bySurvey.get(surveyId);
      return r && toSummary(r);
    },
    /** Published years, newest first (without their snapshots). */
    listYears(): { surveyId: number; year: number; publishedAt: string }[] {
      return years.all().map((r) => ({ surveyId: r.survey_id, year: r.year, publishedAt: r.published_at }));
    },
    save(s: PublishedSummary): void {
      upsert.run(s);
    },
    /** Whether a summary of the survey was published (and is now withdrawn). */
    delete({ surveyId }: { surveyId: number }): boolean {
      return remove.run(surveyId).changes > 0;
    },
  };
}
export type PublishedSummaryStore = ReturnType<typeof publishedSummaryStore>;
