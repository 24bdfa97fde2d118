import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { idParam, parseInput } from '../http/validate';
import type { SurveysAdmin } from '../services/surveys-admin';
import type { MailLogStore } from '../stores/mail-log';

const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).default(1000) });

/**
 * `GET /api/surveys/:id/mail-log` (admin): the emails of a survey, newest first, with their status (queued,
 * sending, sent, failed with the error, cancelled) and counts per status. Admins only: it lists addresses.
 */
export function mailLogRoutes(d: { admin: SurveysAdmin; mailLog: MailLogStore }): Router {
  const r = Router();
  r.get('/:id/mail-log', requireRole('admin'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const { limit } = parseInput(listQuery, req.query, 'query');
    d.admin.requireSurvey(surveyId);
    res.set('Cache-Control', 'no-store');
    res.json({ counts: d.mailLog.countsBySurvey({ surveyId }), entries: d.mailLog.listBySurvey({ surveyId, limit }) });
  });
  return r;
}
