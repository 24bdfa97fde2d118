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
  /** 1 for the first publication of the year, then one more each time it is published again. */
  version: number;
}
/** A kept version of a year's summary (every publication is kept; see migration 008). */
export interface SummaryVersion {
  year: number;
  version: number;
  surveyId: number;
  publishedAt: string;
}
interface Row {
  survey_id: number;
  year: number;
  snapshot: string;
  etag: string;
  published_at: string;
  published_by: string;
  version: number;
}
const toSummary = (r: Row): PublishedSummary => ({
  surveyId: r.survey_id,
  year: r.year,
  snapshot: r.snapshot,
  etag: r.etag,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  version: r.version,
});

export function publishedSummaryStore(db: Db) {
  const byYear = db.prepare<[number], Row>('SELECT * FROM published_summaries WHERE year = ?');
  const bySurvey = db.prepare<[number], Row>('SELECT * FROM published_summaries WHERE survey_id = ?');
  const years = db.prepare<[], { survey_id: number; year: number; published_at: string }>(
    'SELECT survey_id, year, published_at FROM published_summaries ORDER BY year DESC',
  );
  // Publishing again replaces the survey's current snapshot (the Unit reviewed newer figures) and adds a version;
  // the year stays unique among current summaries, and versions are numbered per year.
  const upsert = db.prepare(
    `INSERT INTO published_summaries (survey_id, year, snapshot, etag, published_at, published_by, version)
     VALUES (@surveyId, @year, @snapshot, @etag, @publishedAt, @publishedBy, @version)
     ON CONFLICT (survey_id) DO UPDATE SET year = excluded.year, snapshot = excluded.snapshot, etag = excluded.etag,
       published_at = excluded.published_at, published_by = excluded.published_by, version = excluded.version`,
  );
  const lastVersion = db.prepare<[number], { v: number | null }>('SELECT MAX(version) AS v FROM published_summary_versions WHERE year = ?');
  const insertVersion = db.prepare(
    `INSERT INTO published_summary_versions (year, version, survey_id, snapshot, etag, published_at, published_by)
     VALUES (@year, @version, @surveyId, @snapshot, @etag, @publishedAt, @publishedBy)`,
  );
  const versions = db.prepare<[number], { year: number; version: number; survey_id: number; published_at: string }>(
    'SELECT year, version, survey_id, published_at FROM published_summary_versions WHERE year = ? ORDER BY version DESC',
  );
  const versionRow = db.prepare<[number, number], Omit<Row, 'version'> & { version: number }>(
    'SELECT * FROM published_summary_versions WHERE year = ? AND version = ?',
  );
  const saveVersioned = db.transaction((s: Omit<PublishedSummary, 'version'>): number => {
    const version = (lastVersion.get(s.year)?.v ?? 0) + 1;
    insertVersion.run({ ...s, version });
    upsert.run({ ...s, version });
    return version;
  });
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
    /** Publishes a new version of the year's summary (it becomes the current one); returns its number. */
    save(s: Omit<PublishedSummary, 'version'>): number {
      return saveVersioned(s);
    },
    /** Every kept version of a year, newest first (without their snapshots). */
    listVersions({ year }: { year: number }): SummaryVersion[] {
      return versions.all(year).map((r) => ({ year: r.year, version: r.version, surveyId: r.survey_id, publishedAt: r.published_at }));
    },
    /** One kept version of a year. */
    getVersion({ year, version }: { year: number; version: number }): PublishedSummary | undefined {
      const r = versionRow.get(year, version);
      return r && toSummary(r);
    },
    /** Whether a summary of the survey was published (and is now withdrawn). */
    delete({ surveyId }: { surveyId: number }): boolean {
      return remove.run(surveyId).changes > 0;
    },
  };
}
export type PublishedSummaryStore = ReturnType<typeof publishedSummaryStore>;
