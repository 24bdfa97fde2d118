import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import type { CampaignService } from '../services/campaign';
import type { ReminderService } from '../services/reminders';

const reminderDays = z.strictObject({
  days: z.array(z.number().int().min(0).max(120)).max(10),
});

/**
 * The Unit's campaign:
 * - `GET /api/surveys/:id/campaign` (admin, analyst): per city status, emails, response rates, responses per day;
 * - `GET/PUT /api/surveys/:id/reminders`: the reminder schedule (admins change it, analysts read).
 */
export function campaignRoutes(d: { reminders: ReminderService; campaign: CampaignService }): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');

  r.get('/:id/campaign', readers, (req, res) => {
    const id = surveyId(req.params.id);
    res.set('Cache-Control', 'no-store');
    // SMTP errors can name an address: only admins, who read the mail log, see them.
    res.json(d.campaign.campaign({ surveyId: id, includeErrors: req.user?.role === 'admin' }));
  });

  r.get('/:id/reminders', readers, (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(d.reminders.schedule({ surveyId: surveyId(req.params.id) }));
  });

  r.put('/:id/reminders', admins, audited('reminders.schedule'), (req, res) => {
    const id = surveyId(req.params.id);
    const { days } = parseInput(reminderDays, req.body);
    res.json(d.reminders.setDays({ surveyId: id, days }));
  });

  return r;
}
