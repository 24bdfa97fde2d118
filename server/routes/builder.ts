import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, jsonObjectSchema, parseInput } from '../http/validate';
import type { BuilderService, VersionRef } from '../services/builder';

const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const saveBody = z.strictObject({ definition: jsonObjectSchema, baseRevision: revision, versionId: idParam.optional() });
const code = z.string().min(1).max(200);
/** Old code / value → new one (null: dropped on purpose). */
const mappingSchema = z.strictObject({
  questions: z.record(code, code.nullable()).default({}),
  values: z.record(code, z.record(code, code.nullable())).default({}),
});
const publishBody = z.strictObject({ revision: revision.optional(), mapping: mappingSchema.optional() });
const isoDay = z.iso.date().nullable();
const datesBody = z.strictObject({ opensAt: isoDay, closesAt: isoDay });
const nextYearBody = z.strictObject({ year: z.number().int().min(2000).max(2100).optional() });
const versionRef = z.union([z.literal('draft'), idParam]);
const diffQuery = z.object({ from: versionRef.optional(), to: versionRef.optional() });

/**
 * The builder's API under /api/surveys/:id (issue 4). Admins write; analysts read versions and diffs. The draft
 * itself is admin-only, since reading it creates it when missing.
 */
export function builderRoutes(builder: BuilderService): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');

  r.get('/:id/draft', admins, (req, res) => {
    res.json(builder.getDraft({ surveyId: surveyId(req.params.id) }));
  });

  r.put('/:id/draft', admins, (req, res) => {
    const id = surveyId(req.params.id);
    const body = parseInput(saveBody, req.body, 'draft');
    res.json(builder.saveDraft({ surveyId: id, ...body }));
  });

  r.post('/:id/publish', admins, audited('survey.publish'), (req, res) => {
    const id = surveyId(req.params.id);
    const body = parseInput(publishBody, req.body ?? {}, 'request body');
    res.json(builder.publish({ surveyId: id, revision: body.revision, mapping: body.mapping }));
  });

  r.post('/:id/next-year', admins, audited('survey.next_year'), (req, res) => {
    const id = surveyId(req.params.id);
    const body = parseInput(nextYearBody, req.body ?? {}, 'request body');
    res.status(201).json(builder.nextYear({ surveyId: id, year: body.year }));
  });

  r.get('/:id/versions', readers, (req, res) => {
    res.json(builder.versions({ surveyId: surveyId(req.params.id) }));
  });

  r.get('/:id/versions/:versionId', readers, (req, res) => {
    const ref = parseInput(versionRef, req.params.versionId, 'version id') as VersionRef;
    res.json(builder.version({ surveyId: surveyId(req.params.id), ref }));
  });

  r.put('/:id/dates', admins, audited('survey.dates'), (req, res) => {
    const id = surveyId(req.params.id);
    const body = parseInput(datesBody, req.body, 'dates');
    res.json(builder.setDates({ surveyId: id, ...body }));
  });

  r.get('/:id/mappings', readers, (req, res) => {
    res.json(builder.mappings({ surveyId: surveyId(req.params.id) }));
  });

  // Analysts read answers (responses.csv); these are the ones no export column holds.
  r.get('/:id/flagged-answers', readers, (req, res) => {
    res.json(builder.flaggedAnswers({ surveyId: surveyId(req.params.id) }));
  });

  r.get('/:id/diff', readers, (req, res) => {
    const id = surveyId(req.params.id);
    const q = parseInput(diffQuery, req.query, 'query');
    res.json(builder.diff({ surveyId: id, from: q.from as VersionRef | undefined, to: q.to as VersionRef | undefined }));
  });

  return r;
}
