/**
 * Emails to one city or to the cities of a closed survey (issues 5 and 7):
 * - `POST /api/surveys/:id/cities/:cityId/reissue` (admin, audited): revokes the city's link, issues a new one
 *   and emails it to the team members who agreed to email; answers `{cityId, url, queued, withoutConsent}`;
 * - `POST /api/surveys/:id/reports/send` `{cityIds: [...] | "all", resend?}` (admin, audited): queues to each
 *   consenting member the link to their city's feedback report; 409 `not_closed` while the survey is not closed;
 *   a person already sent the report (or with it queued) is not sent it again unless `resend: true`; a report
 *   that failed or was cancelled is queued again by a plain call.
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import type { InvitationService } from '../services/invitations';

const reissueBody = z.strictObject({});
const reportsBody = z.strictObject({
  cityIds: z.union([z.literal('all'), z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1).max(1000)]),
  resend: z.boolean().default(false),
});

export function cityMailRoutes(d: { invitations: InvitationService }): Router {
  const r = Router();
  const admins = requireRole('admin');

  r.post('/:id/cities/:cityId/reissue', admins, audited('link.reissue_and_resend'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const cityId = parseInput(idParam, req.params.cityId, 'city id');
    parseInput(reissueBody, req.body ?? {});
    const out = d.invitations.reissue({ surveyId, cityId, requestedBy: req.user?.id ?? null });
    res.locals.auditDetail = { queued: out.queued, withoutConsent: out.withoutConsent };
    res.json(out);
  });

  r.post('/:id/reports/send', admins, audited('reports.send'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const { cityIds, resend } = parseInput(reportsBody, req.body);
    const out = d.invitations.sendReports({ surveyId, cityIds, resend, requestedBy: req.user?.id ?? null });
    res.locals.auditDetail = { cities: cityIds === 'all' ? 'all' : cityIds.length, resend, queued: out.queued };
    res.json(out);
  });

  return r;
}
