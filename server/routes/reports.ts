/**
 * Per-city feedback reports (issue 7):
 * - GET /api/surveys/:id/cities/:cityId/report — any city's report, for the ICC Unit (admin, analyst);
 *   `?submittedOnly=1` compares with submitted answers only, like the dashboard;
 * - GET /api/respond/:token/report — the link's own city's report, once the survey is closed (see
 *   services/reports.ts for the rule). A link only ever reaches its own city: there is no city in the path.
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { idParam, parseInput } from '../http/validate';
import type { RespondService } from '../services/respond';
import { reportService } from '../services/reports';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import { tokenOf } from './respond';

const unitQuery = z.object({ submittedOnly: z.enum(['0', '1']).optional() }).strict();

export function reportRoutes(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore; respond: RespondService }): Router {
  const r = Router();
  const reports = reportService(d);
  r.get('/surveys/:id/cities/:cityId/report', requireRole('admin', 'analyst'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const cityId = parseInput(idParam, req.params.cityId, 'city id');
    const q = parseInput(unitQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store');
    res.json(reports.forUnit({ surveyId, cityId, submittedOnly: q.submittedOnly === '1' }));
  });
  r.get('/respond/:token/report', (req, res) => {
    const holder = d.respond.holder({ token: tokenOf(req.params.token) });
    res.set('Cache-Control', 'no-store');
    res.json(reports.forCity({ surveyId: holder.surveyId, cityId: holder.cityId }));
  });
  return r;
}
