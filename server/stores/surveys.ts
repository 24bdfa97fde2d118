import type { Db } from '../db';

export type SurveyStatus = 'draft' | 'open' | 'closed';
export interface Survey {
  id: number;
  year: number;
  code: string;
  title: string;
  status: SurveyStatus;
  opensAt: string | null;
  closesAt: string | null;
}
export interface SurveyVersion {
  id: number;
  surveyId: number;
  number: number;
  definition: Record<string, unknown>;
  publishedAt: string | null;
}
interface SurveyRow {
  id: number;
  year: number;
  code: string;
  title: string;
  status: SurveyStatus;
  opens_at: string | null;
  closes_at: string | null;
}
interface VersionRow {
  id: number;
  survey_id: number;
  number: number;
  definition: string;
  published_at: string | null;
}

const toSurvey = (r: SurveyRow): Survey => ({
  id: r.id,
  year: r.year,
  code: r.code,
  title: r.title,
  status: r.status,
  opensAt: r.opens_at,
  closesAt: r.closes_at,
});
const toVersion = (r: VersionRow): SurveyVersion => ({
  id: r.id,
  surveyId: r.survey_id,
  number: r.number,
  definition: JSON.parse(r.definition) as Record<string, unknown>,
  publishedAt: r.published_at,
});

export function surveyStore(db: Db) {
  // Version rows are never updated (a change is a new version), so a parsed definition can be kept by id:
  // autosaves and submissions would otherwise parse a ~130 KB definition on every request.
  const versionCache = new Map<number, SurveyVersion>();
  const cachedVersion = (r: VersionRow | undefined): SurveyVersion | undefined => {
    if (!r) return undefined;
    const hit = versionCache.get(r.id);
    if (hit && hit.publishedAt === r.published_at) return hit;
    const v = toVersion(r);
    versionCache.set(r.id, v);
    return v;
  };
  const all = db.prepare<[], SurveyRow>('SELECT * FROM surveys ORDER BY year DESC, id DESC');
  const byId = db.prepare<[number], SurveyRow>('SELECT * FROM surveys WHERE id = ?');
  const byYearCode = db.prepare<[number, string], SurveyRow>('SELECT * FROM surveys WHERE year = ? AND code = ?');
  const insertSurvey = db.prepare(
    'INSERT INTO surveys (year, code, title, status, opens_at, closes_at, created_at) VALUES (@year, @code, @title, @status, @opensAt, @closesAt, @now)',
  );
  const insertVersion = db.prepare(
    'INSERT INTO survey_versions (survey_id, number, definition, published_at, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const latestVersion = db.prepare<[number], { id: number }>(
    'SELECT id FROM survey_versions WHERE survey_id = ? ORDER BY number DESC LIMIT 1',
  );
  const versionById = db.prepare<[number], VersionRow>('SELECT * FROM survey_versions WHERE id = ?');
  const versionMetaById = db.prepare<[number], Omit<VersionRow, 'definition'>>(
    'SELECT id, survey_id, number, published_at FROM survey_versions WHERE id = ?',
  );
  const latestPublishedMeta = db.prepare<[number], Omit<VersionRow, 'definition'>>(
    `SELECT id, survey_id, number, published_at FROM survey_versions WHERE survey_id = ? AND published_at IS NOT NULL
     ORDER BY number DESC LIMIT 1`,
  );
  const publish = db.prepare('UPDATE survey_versions SET published_at = ? WHERE id = ? AND published_at IS NULL');
  const setStatus = db.prepare('UPDATE surveys SET status = ? WHERE id = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM surveys');
  const previousYear = db.prepare<[string, number], SurveyRow>(
    'SELECT * FROM surveys WHERE code = ? AND year < ? ORDER BY year DESC LIMIT 1',
  );

  return {
    list(): Survey[] {
      return all.all().map(toSurvey);
    },
    get({ id }: { id: number }): Survey | undefined {
      const r = byId.get(id);
      return r && toSurvey(r);
    },
    findByYear({ year, code }: { year: number; code: string }): Survey | undefined {
      const r = byYearCode.get(year, code);
      return r && toSurvey(r);
    },
    /** The same questionnaire's survey of an earlier year, if any (for 'last year you answered'). */
    previous({ code, year }: { code: string; year: number }): Survey | undefined {
      const r = previousYear.get(code, year);
      return r && toSurvey(r);
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
    /** Creates a survey with its first (unpublished) version. */
    create(s: {
      year: number;
      code: string;
      title: string;
      definition: Record<string, unknown>;
      status?: SurveyStatus;
      opensAt?: string | null;
      closesAt?: string | null;
      now: Date;
    }): number {
      return db.transaction(() => {
        const id = Number(
          insertSurvey.run({
            year: s.year,
            code: s.code,
            title: s.title,
            status: 'draft',
            opensAt: s.opensAt ?? null,
            closesAt: s.closesAt ?? null,
            now: s.now.toISOString(),
          }).lastInsertRowid,
        );
        insertVersion.run(id, 1, JSON.stringify(s.definition), null, s.now.toISOString());
        if (s.status && s.status !== 'draft') this.setStatus({ id, status: s.status, now: s.now });
        return id;
      })();
    },
    latestVersion({ surveyId }: { surveyId: number }): SurveyVersion | undefined {
      return this.version({ id: latestVersion.get(surveyId)?.id ?? 0 });
    },
    /** The version new respondents get: the latest published one. */
    publishedVersion({ surveyId }: { surveyId: number }): SurveyVersion | undefined {
      const meta = latestPublishedMeta.get(surveyId);
      return meta && this.version({ id: meta.id });
    },
    publishedVersionId({ surveyId }: { surveyId: number }): number | undefined {
      return latestPublishedMeta.get(surveyId)?.id;
    },
    version({ id }: { id: number }): SurveyVersion | undefined {
      const meta = versionMetaById.get(id);
      if (!meta) return undefined;
      const hit = versionCache.get(id);
      if (hit && hit.publishedAt === meta.published_at) return hit;
      return cachedVersion(versionById.get(id));
    },
    /** Opening publishes the latest version (immutable from then on); closing keeps it. */
    setStatus({ id, status, now }: { id: number; status: SurveyStatus; now: Date }): void {
      db.transaction(() => {
        if (status === 'open') {
          const v = latestVersion.get(id);
          if (v) publish.run(now.toISOString(), v.id);
        }
        setStatus.run(status, id);
      })();
    },
  };
}
export type SurveyStore = ReturnType<typeof surveyStore>;
