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
  /** Bumped by every save of an unpublished (draft) version; optimistic concurrency of the builder. */
  revision: number;
}
/** A version without its definition, for lists. */
export interface VersionMeta {
  id: number;
  surveyId: number;
  number: number;
  publishedAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string | null;
  basedOn: number | null;
  /** Responses (drafts and submitted) bound to this version. */
  responses: number;
}
export type DraftSaveOutcome =
  | { kind: 'saved'; revision: number; updatedAt: string }
  | { kind: 'stale'; current: SurveyVersion }
  | { kind: 'published' };
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
  revision: number;
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
  revision: r.revision,
});

export function surveyStore(db: Db) {
  // Published version rows are never updated (a change is a new version), so a parsed definition can be kept by
  // id: autosaves and submissions would otherwise parse a ~130 KB definition on every request. The one draft
  // version of a survey changes with each builder save, which bumps its revision: the cache compares both.
  const versionCache = new Map<number, SurveyVersion>();
  const cachedVersion = (r: VersionRow | undefined): SurveyVersion | undefined => {
    if (!r) return undefined;
    const hit = versionCache.get(r.id);
    if (hit && hit.publishedAt === r.published_at && hit.revision === r.revision) return hit;
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
    'SELECT id, survey_id, number, published_at, revision FROM survey_versions WHERE id = ?',
  );
  const latestPublishedMeta = db.prepare<[number], Omit<VersionRow, 'definition'>>(
    `SELECT id, survey_id, number, published_at, revision FROM survey_versions WHERE survey_id = ? AND published_at IS NOT NULL
     ORDER BY number DESC LIMIT 1`,
  );
  const publish = db.prepare('UPDATE survey_versions SET published_at = ? WHERE id = ? AND published_at IS NULL');
  // closed_at: when the survey was last closed (links expire from then: stores/links.ts); opening clears it.
  const setStatus = db.prepare(
    `UPDATE surveys SET status = @status,
       closed_at = CASE WHEN @status != 'closed' THEN NULL WHEN status = 'closed' THEN closed_at ELSE @now END
     WHERE id = @id`,
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM surveys');
  const draftMeta = db.prepare<[number], { id: number }>(
    'SELECT id FROM survey_versions WHERE survey_id = ? AND published_at IS NULL',
  );
  const insertDraft = db.prepare(
    `INSERT INTO survey_versions (survey_id, number, definition, published_at, created_at, updated_at, based_on)
     SELECT @surveyId, coalesce(max(number), 0) + 1, @definition, NULL, @now, @now, @basedOn FROM survey_versions WHERE survey_id = @surveyId`,
  );
  const updateDraft = db.prepare(
    `UPDATE survey_versions SET definition = @definition, revision = revision + 1, updated_at = @now
     WHERE id = @id AND published_at IS NULL AND revision = @baseRevision`,
  );
  const versionList = db.prepare<[number], { id: number; survey_id: number; number: number; published_at: string | null; revision: number; created_at: string; updated_at: string | null; based_on: number | null; responses: number }>(
    `SELECT v.id, v.survey_id, v.number, v.published_at, v.revision, v.created_at, v.updated_at, v.based_on,
       (SELECT count(*) FROM responses r WHERE r.version_id = v.id) AS responses
     FROM survey_versions v WHERE v.survey_id = ? ORDER BY v.number`,
  );
  const setTitle = db.prepare('UPDATE surveys SET title = ? WHERE id = ?');
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
    /**
     * The version a survey is read by (its definition, its title, its analysis): the published one, what cities
     * answer, else the latest (a survey never published).
     */
    currentVersion({ surveyId }: { surveyId: number }): SurveyVersion | undefined {
      return this.publishedVersion({ surveyId }) ?? this.latestVersion({ surveyId });
    },
    publishedVersionId({ surveyId }: { surveyId: number }): number | undefined {
      return latestPublishedMeta.get(surveyId)?.id;
    },
    version({ id }: { id: number }): SurveyVersion | undefined {
      const meta = versionMetaById.get(id);
      if (!meta) return undefined;
      const hit = versionCache.get(id);
      if (hit && hit.publishedAt === meta.published_at && hit.revision === meta.revision) return hit;
      return cachedVersion(versionById.get(id));
    },
    /** The survey's one unpublished version (what the builder edits), if any. */
    draftVersion({ surveyId }: { surveyId: number }): SurveyVersion | undefined {
      const meta = draftMeta.get(surveyId);
      return meta && this.version({ id: meta.id });
    },
    /** The draft, created as a copy of the latest version when the survey has none. */
    ensureDraft({ surveyId, now }: { surveyId: number; now: Date }): SurveyVersion {
      return db.transaction(() => {
        const existing = draftMeta.get(surveyId);
        if (existing) return this.version({ id: existing.id })!;
        const latest = latestVersion.get(surveyId);
        const from = latest ? versionById.get(latest.id) : undefined;
        const id = Number(
          insertDraft.run({ surveyId, definition: from?.definition ?? '{"pages":[]}', now: now.toISOString(), basedOn: from?.id ?? null })
            .lastInsertRowid,
        );
        return this.version({ id })!;
      }).immediate();
    },
    /** Replaces a draft's definition if it is still a draft at `baseRevision` (optimistic concurrency). */
    saveDraft({ versionId, definition, baseRevision, now }: { versionId: number; definition: Record<string, unknown>; baseRevision: number; now: Date }): DraftSaveOutcome {
      return db.transaction((): DraftSaveOutcome => {
        const at = now.toISOString();
        const changed = updateDraft.run({ id: versionId, definition: JSON.stringify(definition), baseRevision, now: at }).changes;
        const current = this.version({ id: versionId });
        if (changed === 1 && current) return { kind: 'saved', revision: current.revision, updatedAt: at };
        if (!current || current.publishedAt !== null) return { kind: 'published' };
        return { kind: 'stale', current };
      }).immediate();
    },
    /** Publishes a draft (immutable from then on); false when it was no longer a draft at that revision. */
    publishDraft({ versionId, revision, title, now }: { versionId: number; revision: number; title?: string; now: Date }): boolean {
      return db.transaction(() => {
        const meta = versionMetaById.get(versionId);
        if (!meta || meta.published_at !== null || meta.revision !== revision) return false;
        if (publish.run(now.toISOString(), versionId).changes !== 1) return false;
        if (title) setTitle.run(title, meta.survey_id);
        return true;
      }).immediate();
    },
    /** Every version of a survey, oldest first, without definitions. */
    versions({ surveyId }: { surveyId: number }): VersionMeta[] {
      return versionList.all(surveyId).map((r) => ({
        id: r.id,
        surveyId: r.survey_id,
        number: r.number,
        publishedAt: r.published_at,
        revision: r.revision,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        basedOn: r.based_on,
        responses: r.responses,
      }));
    },
    /**
     * Opening publishes the latest version when none is published yet (immutable from then on); once a version is
     * published, later ones are published by the builder only (services/builder.ts), so opening never publishes a
     * draft in progress. Closing keeps the published version.
     */
    setStatus({ id, status, now }: { id: number; status: SurveyStatus; now: Date }): void {
      db.transaction(() => {
        if (status === 'open' && !latestPublishedMeta.get(id)) {
          const v = latestVersion.get(id);
          if (v) publish.run(now.toISOString(), v.id);
        }
        setStatus.run({ status, id, now: now.toISOString() });
      })();
    },
  };
}
export type SurveyStore = ReturnType<typeof surveyStore>;
