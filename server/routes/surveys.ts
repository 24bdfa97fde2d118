import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import { notFound } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, jsonObjectSchema, parseInput } from '../http/validate';
import { writeResponsesCsv } from '../services/csv-export';
import type { InvitationService } from '../services/invitations';
import type { SurveysAdmin } from '../services/surveys-admin';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import type { SameYearMappingStore } from '../stores/same-year-mappings';

const createQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), code: z.string().regex(/^[a-z0-9-]{1,40}$/).optional() });
const blankTitle = z.string().trim().min(1).max(200);
const blankBody = z.strictObject({ year: z.number().int().min(2000).max(2100), title: z.strictObject({ en: blankTitle, fr: blankTitle }) });
const invitationsBody = z.object({ cityIds: z.array(z.number().int().positive()).min(1).max(1000) });
const csvQuery = z.object({ bom: z.enum(['0', '1']).optional() });

export function surveyRoutes(d: {
  admin: SurveysAdmin;
  invitations: InvitationService;
  surveys: SurveyStore;
  cities: CityStore;
  responses: ResponseStore;
  clock: Clock;
  sameYearMappings?: SameYearMappingStore;
}): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');

  r.get('/', readers, (_req, res) => {
    res.json(d.admin.listWithTitles().map((s) => ({ id: s.id, title: s.title, titleFr: s.titleFr, year: s.year, status: s.status, code: s.code })));
  });

  r.post('/', admins, audited('survey.create'), (req, res) => {
    const query = parseInput(createQuery, req.query, 'query');
    const definition = parseInput(jsonObjectSchema, req.body, 'survey definition');
    const id = d.admin.create({ definition, year: query.year ?? d.clock.now().getFullYear(), code: query.code });
    res.status(201).json({ id });
  });

  // An empty questionnaire to build from nothing in the builder (issue 4); POST / above takes a finished definition.
  r.post('/blank', admins, audited('survey.create'), (req, res) => {
    const body = parseInput(blankBody, req.body, 'new survey');
    res.status(201).json(d.admin.createBlank(body));
  });

  r.get('/:id', readers, (req, res) => {
    res.json(d.admin.surveyWithTitles(surveyId(req.params.id)));
  });

  r.post('/:id/open', admins, audited('survey.open'), (req, res) => {
    const s = d.admin.setStatus({ id: surveyId(req.params.id), status: 'open' });
    res.json({ id: s.id, status: s.status });
  });
  r.post('/:id/close', admins, audited('survey.close'), (req, res) => {
    const s = d.admin.setStatus({ id: surveyId(req.params.id), status: 'closed' });
    res.json({ id: s.id, status: s.status });
  });

  r.get('/:id/definition', readers, (req, res) => {
    const id = surveyId(req.params.id);
    d.admin.requireSurvey(id);
    // The published version (what cities answer); a survey never published returns its latest (posted or built) one.
    const version = d.surveys.currentVersion({ surveyId: id });
    if (!version) throw notFound('This survey has no definition.');
    res.json(version.definition);
  });

  r.get('/:id/cities', readers, (req, res) => {
    res.json(d.admin.cityStatuses({ surveyId: surveyId(req.params.id) }));
  });

  r.post('/:id/cities/:cityId/link', admins, audited('link.get_or_reissue'), (req, res) => {
    const cityId = parseInput(idParam, req.params.cityId, 'city id');
    const reissue = parseInput(z.object({ reissue: z.boolean().default(false) }), req.body ?? {}).reissue;
    res.json(d.admin.linkFor({ surveyId: surveyId(req.params.id), cityId, reissue }));
  });

  r.post('/:id/cities/:cityId/reopen', admins, audited('response.reopen'), (req, res) => {
    const cityId = parseInput(idParam, req.params.cityId, 'city id');
    d.admin.reopen({ surveyId: surveyId(req.params.id), cityId });
    res.status(204).end();
  });

  r.post('/:id/invitations', admins, audited('invitations.send'), (req, res) => {
    const id = surveyId(req.params.id);
    const { cityIds } = parseInput(invitationsBody, req.body);
    const out = d.invitations.invite({ surveyId: id, cityIds, requestedBy: req.user?.id ?? null });
    // The body stays the contract's array of links; the emails go out in the background (mail/mail-queue.ts)
    // and their outcome is in GET /api/surveys/:id/mail-log. These headers say what was queued.
    res.set({ 'X-Emails-Queued': String(out.queued), 'X-Emails-Without-Consent': String(out.withoutConsent) });
    res.json(out.links);
  });

  r.get('/:id/responses.csv', readers, audited('export.responses'), async (req, res) => {
    const id = surveyId(req.params.id);
    const { bom } = parseInput(csvQuery, req.query, 'query');
    const survey = d.admin.requireSurvey(id);
    const version = d.surveys.currentVersion({ surveyId: id });
    if (!version) throw notFound('This survey has no definition.');
    res.status(200);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="icc-survey-${survey.year}-responses.csv"`,
      'Cache-Control': 'no-store',
    });
    await writeResponsesCsv({ out: res, surveyId: id, version, responses: d.responses, cities: d.cities, bom: bom === '1', sameYearMappings: d.sameYearMappings });
    res.end();
  });

  return r;
}
