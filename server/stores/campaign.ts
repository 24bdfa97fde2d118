import type { Db } from '../db';

/**
 * Read-only queries across entities for the campaign page and the engagement export: when a survey opened,
 * when each city first saved, and every city's state in every survey.
 */
export function campaignStore(db: Db) {
  const firstPublished = db.prepare<[number], { at: string | null }>(
    'SELECT min(published_at) AS at FROM survey_versions WHERE survey_id = ?',
  );
  const milestones = db.prepare<[number], { city_id: number; first_saved_at: string | null; submitted_at: string | null }>(
    `SELECT r.city_id, (SELECT min(a.changed_at) FROM answer_changes a WHERE a.response_id = r.id) AS first_saved_at, r.submitted_at
     FROM responses r WHERE r.survey_id = ?`,
  );
  const engagement = db.prepare<
    [],
    { survey_id: number; city_id: number; invited: number; revision: number | null; status: string | null; progress: number | null }
  >(
    `SELECT s.id AS survey_id, c.id AS city_id,
       EXISTS (SELECT 1 FROM links l WHERE l.survey_id = s.id AND l.city_id = c.id) AS invited,
       r.revision, r.status, r.progress
     FROM surveys s CROSS JOIN cities c
     LEFT JOIN responses r ON r.survey_id = s.id AND r.city_id = c.id
     WHERE s.status <> 'draft'
     ORDER BY c.code, s.year, s.code`,
  );

  return {
    /** When the survey was first opened (its first version published), or null if never. */
    firstPublishedAt({ surveyId }: { surveyId: number }): string | null {
      return firstPublished.get(surveyId)?.at ?? null;
    },
    /** Per city with a response: its first saved answer and its submission (null when not yet). */
    milestones({ surveyId }: { surveyId: number }): { cityId: number; firstSavedAt: string | null; submittedAt: string | null }[] {
      return milestones.all(surveyId).map((r) => ({ cityId: r.city_id, firstSavedAt: r.first_saved_at, submittedAt: r.submitted_at }));
    },
    /** Every city × every survey that was opened: invited (has a link), saved (revision > 0), submitted, progress. */
    engagement(): { surveyId: number; cityId: number; invited: boolean; saved: boolean; submitted: boolean; progress: number }[] {
      return engagement.all().map((r) => ({
        surveyId: r.survey_id,
        cityId: r.city_id,
        invited: r.invited === 1,
        saved: (r.revision ?? 0) > 0 || r.status === 'submitted',
        submitted: r.status === 'submitted',
        progress: r.status === 'submitted' ? 1 : (r.revision ?? 0) > 0 ? (r.progress ?? 0) : 0,
      }));
    },
  };
}
export type CampaignStore = ReturnType<typeof campaignStore>;
