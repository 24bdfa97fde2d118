/**
 * GET /api/surveys/:id/analysis: the indicators of one survey year, for the ICC Unit and analysts;
 * GET /api/surveys/:id/trend: the headline figures of every year of the same questionnaire up to this one;
 * GET /api/surveys/:id/questions/:code/years: one question across those years (shares or mean per year, panel n).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { idParam, parseInput } from '../http/validate';
import { analysisService } from '../services/analysis';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';

const filterValue = z.string().trim().min(1).max(80).optional();
/** The dashboard's filters; the indicator table downloads take the same ones (routes/exports.ts). */
export const analysisQuery = z
  .object({
    network: filterValue,
    country: filterValue,
    size: filterValue,
    submittedOnly: z.enum(['0', '1']).optional(),
  })
  .strict();

/** A question's code (its SurveyJS value name) as it appears in the analysis. */
const questionCode = z.string().min(1).max(200);

export function analysisRoutes(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }): Router {
  const r = Router();
  const service = analysisService(d);
  const readRequest = (req: Request) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const q = parseInput(analysisQuery, req.query, 'query');
    const filters = {
      ...(q.network ? { network: q.network } : {}),
      ...(q.country ? { country: q.country } : {}),
      ...(q.size ? { size: q.size } : {}),
    };
    return { surveyId, filters, submittedOnly: q.submittedOnly === '1' };
  };
  r.get('/:id/analysis', requireRole('admin', 'analyst'), (req, res) => {
    const input = readRequest(req);
    res.set('Cache-Control', 'no-store');
    res.json(service.analyse(input));
  });
  r.get('/:id/trend', requireRole('admin', 'analyst'), (req, res) => {
    const input = readRequest(req);
    res.set('Cache-Control', 'no-store');
    res.json(service.trend(input));
  });
  r.get('/:id/questions/:code/years', requireRole('admin', 'analyst'), (req, res) => {
    const input = readRequest(req);
    const code = parseInput(questionCode, req.params.code, 'question code');
    res.set('Cache-Control', 'no-store');
    res.json(service.questionYears({ ...input, code }));
  });
  return r;
}
