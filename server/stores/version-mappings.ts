import type { Db } from '../db';
import type { AnswerMapping } from '../../surveys/definition-diff';

/** A mapping stored with the version it was published with (migrations/009_version_mappings.sql). */
export interface StoredMapping {
  versionId: number;
  fromVersionId: number;
  mapping: AnswerMapping;
  createdAt: string;
}
interface Row {
  version_id: number;
  from_version_id: number;
  mapping: string;
  created_at: string;
}
const toMapping = (r: Row): StoredMapping => ({
  versionId: r.version_id,
  fromVersionId: r.from_version_id,
  mapping: JSON.parse(r.mapping) as AnswerMapping,
  createdAt: r.created_at,
});

export function versionMappingStore(db: Db) {
  const insert = db.prepare('INSERT INTO survey_version_mappings (version_id, from_version_id, mapping, created_at) VALUES (?, ?, ?, ?)');
  const bySurvey = db.prepare<[number], Row>(
    `SELECT m.* FROM survey_version_mappings m JOIN survey_versions v ON v.id = m.version_id WHERE v.survey_id = ? ORDER BY v.number`,
  );
  const byVersion = db.prepare<[number], Row>('SELECT * FROM survey_version_mappings WHERE version_id = ?');
  return {
    add({ versionId, fromVersionId, mapping, now }: { versionId: number; fromVersionId: number; mapping: AnswerMapping; now: Date }): void {
      insert.run(versionId, fromVersionId, JSON.stringify(mapping), now.toISOString());
    },
    /** The mappings of a survey's versions, oldest first. */
    ofSurvey({ surveyId }: { surveyId: number }): StoredMapping[] {
      return bySurvey.all(surveyId).map(toMapping);
    },
    ofVersion({ versionId }: { versionId: number }): StoredMapping | undefined {
      const r = byVersion.get(versionId);
      return r ? toMapping(r) : undefined;
    },
  };
}
export type VersionMappingStore = ReturnType<typeof versionMappingStore>;
