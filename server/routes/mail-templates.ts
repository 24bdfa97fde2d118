/**
 * Editable email templates (issue 5), per survey:
 * - `GET /api/surveys/:id/mail-templates` and `GET .../mail-templates/:kind` (admin, analyst): each kind's
 *   templates in English and French (the survey's own or the default), the defaults and the placeholders;
 * - `PUT .../mail-templates/:kind` `{en: {subject, body}, fr: {subject, body}}` (admin, audited): 422 naming
 *   each unknown placeholder, a missing `{{link}}`, a too long text;
 * - `DELETE .../mail-templates/:kind` (admin, audited): back to the default;
 * - `POST .../mail-templates/:kind/preview` `{cityId?, en?, fr?}` (admin, analyst): one city's email rendered
 *   in both languages from the stored or the given (unsaved) templates; writes nothing.
 */
import { Router } from 'express';
import { z } from 'zod';
import { invalid } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { MAX_BODY, MAX_SUBJECT, type MailTemplateService } from '../services/mail-templates';

const kindParam = z.enum(['invitation', 'reminder', 'report']);
// Sizes are checked twice: loosely here (a body far too large is refused before any work), exactly by the
// service, whose message names the language and field.
const template = z.strictObject({ subject: z.string().max(MAX_SUBJECT * 4), body: z.string().max(MAX_BODY * 4) });
const templatesBody = z.strictObject({ en: template, fr: template });
const previewBody = z.strictObject({ cityId: idParam.optional(), en: template.optional(), fr: template.optional() });

export function mailTemplateRoutes(d: { mailTemplates: MailTemplateService }): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');
  const kind = (raw: unknown) => parseInput(kindParam, raw, 'email kind');

  r.get('/:id/mail-templates', readers, (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(d.mailTemplates.list({ surveyId: surveyId(req.params.id) }));
  });

  r.get('/:id/mail-templates/:kind', readers, (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(d.mailTemplates.get({ surveyId: surveyId(req.params.id), kind: kind(req.params.kind) }));
  });

  r.put('/:id/mail-templates/:kind', admins, audited('mail_templates.update'), (req, res) => {
    const id = surveyId(req.params.id);
    const k = kind(req.params.kind);
    const templates = parseInput(templatesBody, req.body);
    res.json(d.mailTemplates.save({ surveyId: id, kind: k, templates, updatedBy: req.user?.id ?? null }));
  });

  r.delete('/:id/mail-templates/:kind', admins, audited('mail_templates.reset'), (req, res) => {
    res.json(d.mailTemplates.reset({ surveyId: surveyId(req.params.id), kind: kind(req.params.kind) }));
  });

  r.post('/:id/mail-templates/:kind/preview', readers, (req, res) => {
    const id = surveyId(req.params.id);
    const k = kind(req.params.kind);
    const body = parseInput(previewBody, req.body ?? {});
    if ((body.en === undefined) !== (body.fr === undefined)) throw invalid('Give the preview both the en and the fr template, or neither.');
    const templates = body.en && body.fr ? { en: body.en, fr: body.fr } : undefined;
    res.set('Cache-Control', 'no-store');
    res.json(d.mailTemplates.preview({ surveyId: id, kind: k, cityId: body.cityId, templates }));
  });

  return r;
}
