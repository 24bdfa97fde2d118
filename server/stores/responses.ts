import type { Db } from '../db';
import { type Answers, mergeAnswers } from '../../surveys/answers-merge';

export type ResponseStatus = 'draft' | 'submitted';
export interface StoredResponse {
  id: number;
  surveyId: number;
  cityId: number;
  versionId: number;
  data: Answers;
  revision: number;
  status: ResponseStatus;
  pageNo: number;
  progress: number;
  updatedAt: string;
  submittedAt: string | null;
}
interface ResponseRow {
  id: number;
  survey_id: number;
  city_id: number;
  version_id: number;
  data: string;
  revision: number;
  status: ResponseStatus;
  page_no: number;
  progress: number;
  updated_at: string;
  submitted_at: string | null;
}
const toResponse = (r: ResponseRow): StoredResponse => ({
  id: r.id,
  surveyId: r.survey_id,
  cityId: r.city_id,
  versionId: r.version_id,
  data: JSON.parse(r.data) as Answers,
  revision: r.revision,
  status: r.status,
  pageNo: r.page_no,
  progress: r.progress,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
});

export type SaveOutcome =
  | { kind: 'saved'; revision: number; changed: string[]; data: Answers }
  | { kind: 'conflict'; conflicts: string[]; current: StoredResponse }
  | { kind: 'stale'; current: StoredResponse }
  | { kind: 'submitted'; current: StoredResponse };

/** One saved response's answers as stored (JSON text), for readers that parse them one at a time. */
export interface AnswerText {
  cityCode: string;
  text: string;
  status: ResponseStatus;
}

export interface CityStatusRow {
  cityId: number;
  status: 'not_started' | ResponseStatus;
  revision: number;
  progress: number;
  updatedAt: string | null;
  submittedAt: string | null;
}

export function responseStore(db: Db) {
  const get = db.prepare<[number, number], ResponseRow>('SELECT * FROM responses WHERE survey_id = ? AND city_id = ?');
  const versionIdOf = db.prepare<[number, number], { version_id: number }>(
    'SELECT version_id FROM responses WHERE survey_id = ? AND city_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO responses (survey_id, city_id, version_id, data, revision, status, created_at, updated_at)
     VALUES (?, ?, ?, '{}', 0, 'draft', ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE responses SET data = @data, revision = @revision, page_no = @pageNo, progress = @progress, updated_at = @now
     WHERE id = @id`,
  );
  const updatePosition = db.prepare('UPDATE responses SET page_no = ?, progress = ? WHERE id = ?');
  // A submitted response counts as complete for the Unit's progress column, whoever submitted it.
  const setStatus = db.prepare(
    `UPDATE responses SET status = @status, submitted_at = @submittedAt, updated_at = @now,
       progress = CASE WHEN @status = 'submitted' THEN 1 ELSE progress END
     WHERE id = @id`,
  );
  const insertChange = db.prepare(
    'INSERT INTO answer_changes (response_id, revision, question, value, author, changed_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const valueAt = db.prepare<[number, string, number], { value: string | null }>(
    `SELECT value FROM answer_changes WHERE response_id = ? AND question = ? AND revision <= ?
     ORDER BY revision DESC LIMIT 1`,
  );
  const lastChanges = db.prepare<[number], { question: string; author: string | null; changed_at: string; revision: number }>(
    `SELECT question, author, changed_at, revision FROM answer_changes a WHERE response_id = ?
     AND revision = (SELECT max(revision) FROM answer_changes b WHERE b.response_id = a.response_id AND b.question = a.question)`,
  );
  const statusBySurvey = db.prepare<[number], ResponseRow>('SELECT * FROM responses WHERE survey_id = ?');
  // Analysis reads (services/analysis.ts): only what it uses, in the index's order (sorting by city code here
  // made SQLite sort every answer text in a temporary b-tree: the caller sorts the codes instead).
  const answersBySurvey = db.prepare<[number], { city_code: string; data: string; status: ResponseStatus; revision: number }>(
    `SELECT c.code AS city_code, r.data, r.status, r.revision FROM responses r JOIN cities c ON c.id = r.city_id
     WHERE r.survey_id = ?`,
  );
  // The same, a page at a time in city-code order (keyset paging, walking the cities' code index as pageBySurvey).
  // Rows as arrays (city_code, data, status, revision): no object per row.
  const answerPageBySurvey = db
    .prepare<[number, string, number], [string, string, ResponseStatus, number]>(
      `SELECT c.code AS city_code, r.data, r.status, r.revision FROM cities c CROSS JOIN responses r
     WHERE r.survey_id = ? AND r.city_id = c.id AND c.code > ? ORDER BY c.code LIMIT ?`,
    )
    .raw(true);
  // Answered from the (survey_id, city_id) index alone: never reads the answers.
  const countBySurvey = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM responses WHERE survey_id = ?');
  /** Writes to responses through this store (saves, submissions, reopenings): part of answersVersion. */
  let writes = 0;
  // Cities walked in code order (their code index) with each one's response looked up: written as a plain join,
  // SQLite read every remaining response, answers included, into a temporary b-tree to sort it, for every page
  // (quadratic in the number of responses). CROSS JOIN fixes the loop order; the rows and their order are the same.
  const pageBySurvey = db.prepare<[number, string, number], ResponseRow & { city_code: string }>(
    `SELECT r.*, c.code AS city_code FROM cities c CROSS JOIN responses r
     WHERE r.survey_id = ? AND r.city_id = c.id AND c.code > ? ORDER BY c.code LIMIT ?`,
  );

  /** Creates the city's empty draft on first contact, bound to the survey version it is given. */
  function ensure({ surveyId, cityId, versionId, now }: { surveyId: number; cityId: number; versionId: number; now: Date }) {
    const existing = get.get(surveyId, cityId);
    if (existing) return toResponse(existing);
    insert.run(surveyId, cityId, versionId, now.toISOString(), now.toISOString());
    writes++;
    return toResponse(get.get(surveyId, cityId)!);
  }

  /** Merges a save into the stored answers (see surveys/answers-merge.ts); one transaction. */
  function merge(input: {
    surveyId: number;
    cityId: number;
    versionId: number;
    data: Answers;
    revision: number;
    author: string | null;
    pageNo?: number;
    progress?: number;
    now: Date;
  }): SaveOutcome {
    return db.transaction((): SaveOutcome => {
      const current = ensure(input);
      if (current.status === 'submitted') return { kind: 'submitted', current };
      if (input.revision > current.revision) return { kind: 'stale', current };
      const { merged, changes, conflicts } = mergeAnswers({
        current: current.data,
        sent: input.data,
        baseValue: (question) => {
          if (input.revision === current.revision) return current.data[question];
          const row = valueAt.get(current.id, question, input.revision);
          return row?.value == null ? undefined : JSON.parse(row.value);
        },
      });
      if (conflicts.length > 0) return { kind: 'conflict', conflicts, current };
      const pageNo = input.pageNo ?? current.pageNo;
      const progress = input.progress ?? current.progress;
      if (changes.length === 0) {
        if (pageNo !== current.pageNo || progress !== current.progress) updatePosition.run(pageNo, progress, current.id);
        return { kind: 'saved', revision: current.revision, changed: [], data: current.data };
      }
      const revision = current.revision + 1;
      const at = input.now.toISOString();
      update.run({ id: current.id, data: JSON.stringify(merged), revision, pageNo, progress, now: at });
      writes++;
      for (const c of changes) {
        insertChange.run(current.id, revision, c.question, c.value === undefined ? null : JSON.stringify(c.value), input.author, at);
      }
      return { kind: 'saved', revision, changed: changes.map((c) => c.question), data: merged };
    })();
  }

  return {
    get({ surveyId, cityId }: { surveyId: number; cityId: number }): StoredResponse | undefined {
      const r = get.get(surveyId, cityId);
      return r && toResponse(r);
    },
    /** The survey version the city's response was given, without reading its answers. */
    versionIdOf({ surveyId, cityId }: { surveyId: number; cityId: number }): number | undefined {
      return versionIdOf.get(surveyId, cityId)?.version_id;
    },
    ensure,
    merge,
    setStatus({ id, status, now }: { id: number; status: ResponseStatus; now: Date }): void {
      setStatus.run({ status, submittedAt: status === 'submitted' ? now.toISOString() : null, now: now.toISOString(), id });
      writes++;
    },
    /** Who last changed each answer, and when. */
    lastChanges({ responseId }: { responseId: number }): Record<string, { author: string | null; at: string; revision: number }> {
      const out: Record<string, { author: string | null; at: string; revision: number }> = {};
      for (const r of lastChanges.all(responseId)) out[r.question] = { author: r.author, at: r.changed_at, revision: r.revision };
      return out;
    },
    statusBySurvey({ surveyId }: { surveyId: number }): Map<number, CityStatusRow> {
      const out = new Map<number, CityStatusRow>();
      for (const r of statusBySurvey.iterate(surveyId)) {
        out.set(r.city_id, {
          cityId: r.city_id,
          status: r.status === 'draft' && r.revision === 0 ? 'not_started' : r.status,
          revision: r.revision,
          progress: r.progress,
          updatedAt: r.revision === 0 ? null : r.updated_at,
          submittedAt: r.submitted_at,
        });
      }
      return out;
    },
    /**
     * Every saved response (revision > 0) of a survey in city-code order, answers parsed, for the analysis: read
     * synchronously in one pass (no other statement may run on the connection until the loop ends).
     */
    *answersOf({ surveyId }: { surveyId: number }): Generator<{ cityCode: string; data: Answers; status: ResponseStatus }> {
      for (const r of answersBySurvey.iterate(surveyId)) {
        if (r.revision > 0) yield { cityCode: r.city_code, data: JSON.parse(r.data) as Answers, status: r.status };
      }
    },
    /**
     * Every saved response (revision > 0) of a survey in city-code order (SQLite's binary order of the codes),
     * page by page: no statement stays open between pages, so the caller may query between them; a page is dropped
     * once read, so the whole survey is never held (the streamed analysis, services/analysis.ts). The answers are
     * left as their stored JSON text for the caller to parse one response at a time: a page of parsed answers was
     * still alive at young-generation collections (and copied), a page of texts is a hundred flat strings.
     */
    *answerTextPages({ surveyId, pageSize = 1000 }: { surveyId: number; pageSize?: number }): Generator<AnswerText[]> {
      let afterCode = '';
      for (;;) {
        const rows = answerPageBySurvey.all(surveyId, afterCode, pageSize);
        if (rows.length === 0) return;
        afterCode = rows[rows.length - 1]![0];
        const page: AnswerText[] = [];
        for (const [cityCode, text, status, revision] of rows) if (revision > 0) page.push({ cityCode, text, status });
        yield page;
        if (rows.length < pageSize) return;
      }
    },
    /**
     * A fingerprint of a survey's answers, cheap to read (no answer text is read), that changes whenever one is
     * saved, submitted or reopened through this store (a count of writes), a response is removed (the count of
     * the survey's responses, e.g. a city deleted) or another connection commits (SQLite's data_version): the key
     * of the analysis cache.
     */
    answersVersion({ surveyId }: { surveyId: number }): string {
      const dataVersion = db.pragma('data_version', { simple: true }) as number;
      return `${writes}:${countBySurvey.get(surveyId)!.n}:${dataVersion}`;
    },
    /**
     * One page of a survey's responses ordered by city code, after `afterCode` (keyset paging). Exports read
     * page by page rather than holding a cursor open across awaits: better-sqlite3 refuses other statements on
     * the connection while an iterator is open.
     */
    page({ surveyId, afterCode, limit }: { surveyId: number; afterCode: string; limit: number }): (StoredResponse & { cityCode: string })[] {
      return pageBySurvey.all(surveyId, afterCode, limit).map((r) => ({ ...toResponse(r), cityCode: r.city_code }));
    },
  };
}
export type ResponseStore = ReturnType<typeof responseStore>;
