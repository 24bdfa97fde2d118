import type { Db } from '../db';
import type { AnswerMapping } from '../../surveys/definition-diff';

/** A mapping published with a version of a survey from an earlier version of the same survey (same year). */
export interface SameYearMapping {
  /** The version it was published with, and that version's number. */
  versionId: number;
  number: number;
  mapping: AnswerMapping;
}

/**
 * What reading a year's answers in the codes of its latest version needs (services/same-year-answers.ts): the
 * mappings published within the survey (not those from last year's version, which the year-over-year readers
 * apply), the numbers of its versions, and which responses are on a version older than a given one. Reads no
 * answers.
 */
export function sameYearMappingStore(db: Db) {
  const mappings = db.prepare<[number], { version_id: number; number: number; mapping: string }>(
    `SELECT m.version_id, v.number, m.mapping FROM survey_version_mappings m
     JOIN survey_versions v ON v.id = m.version_id
     JOIN survey_versions f ON f.id = m.from_version_id
     WHERE v.survey_id = ? AND f.survey_id = v.survey_id ORDER BY v.number`,
  );
  // The version a survey's answers are read with: its latest published version, else its only (draft) one.
  const readNumber = db.prepare<[number], { number: number | null }>(
    `SELECT coalesce(max(CASE WHEN published_at IS NOT NULL THEN number END), max(number)) AS number FROM survey_versions WHERE survey_id = ?`,
  );
  const versionNumbers = db.prepare<[number], { id: number; number: number }>('SELECT id, number FROM survey_versions WHERE survey_id = ?');
  const olderResponses = db.prepare<[number, number], { city_code: string; version_id: number }>(
    `SELECT c.code AS city_code, r.version_id FROM responses r JOIN cities c ON c.id = r.city_id
     JOIN survey_versions v ON v.id = r.version_id
     WHERE r.survey_id = ? AND r.revision > 0 AND v.number < ?`,
  );
  return {
    /** The survey's same-year mappings, oldest first. */
    mappingsOf({ surveyId }: { surveyId: number }): SameYearMapping[] {
      return mappings.all(surveyId).map((r) => ({ versionId: r.version_id, number: r.number, mapping: JSON.parse(r.mapping) as AnswerMapping }));
    },
    /** The number of the version the survey's answers are read with: the latest published one, else the latest. */
    readNumber({ surveyId }: { surveyId: number }): number | undefined {
      return readNumber.get(surveyId)?.number ?? undefined;
    },
    /** Version id → number, for every version of the survey. */
    versionNumbers({ surveyId }: { surveyId: number }): Map<number, number> {
      return new Map(versionNumbers.all(surveyId).map((r) => [r.id, r.number]));
    },
    /** City code → version id of the saved responses given a version numbered below `number`. */
    responsesBefore({ surveyId, number }: { surveyId: number; number: number }): Map<string, number> {
      return new Map(olderResponses.all(surveyId, number).map((r) => [r.city_code, r.version_id]));
    },
  };
}
export type SameYearMappingStore = ReturnType<typeof sameYearMappingStore>;
