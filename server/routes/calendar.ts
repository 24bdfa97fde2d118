import { Router, type Response } from 'express';
import { z } from 'zod';
import { invalid } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import type { CalendarService } from '../services/calendar';
import type { RespondService } from '../services/respond';
import { tokenOf } from './respond';

// Titles go into calendar SUMMARY lines and emails: one line, no control characters.
const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const description = z.string().trim().max(2000).nullable();
const fields = {
  date: z.iso.date(),
  endDate: z.iso.date().nullable(),
  titleEn: title,
  titleFr: title,
  descriptionEn: description,
  descriptionFr: description,
  kind: z.enum(['open', 'close', 'reminder', 'event']),
};
const newKeyDate = z.strictObject({
  ...fields,
  endDate: fields.endDate.optional(),
  descriptionEn: description.optional(),
  descriptionFr: description.optional(),
  kind: fields.kind.default('event'),
});
const keyDateChanges = z.strictObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
});
const icsQuery = z.strictObject({ lang: z.enum(['en', 'fr']).default('en') });

function sendIcs(res: Response, { filename, body }: { filename: string; body: string }) {
  res.set({
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  });
  res.send(body);
}

/**
 * A survey's key dates (Rec 12): `GET /api/surveys/:id/key-dates` (admin, analyst) lists the automatic entries
 * (opening, deadline, reminders) and the Unit's; `POST`, `PATCH /:keyDateId` and `DELETE /:keyDateId` (admin)
 * edit the Unit's; `GET /api/surveys/:id/calendar.ics?lang=en|fr` exports them.
 */
export function calendarRoutes(d: { calendar: CalendarService }): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');
  const keyDateId = (raw: unknown) => parseInput(idParam, raw, 'key date id');

  r.get('/:id/key-dates', readers, (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(d.calendar.list({ surveyId: surveyId(req.params.id) }));
  });
  r.post('/:id/key-dates', admins, audited('key_date.add'), (req, res) => {
    const id = surveyId(req.params.id);
    const input = parseInput(newKeyDate, req.body);
    res.status(201).json(d.calendar.create({ surveyId: id, input }));
  });
  r.patch('/:id/key-dates/:keyDateId', admins, audited('key_date.update'), (req, res) => {
    const ids = { surveyId: surveyId(req.params.id), id: keyDateId(req.params.keyDateId) };
    const changes = parseInput(keyDateChanges, req.body);
    if (Object.keys(changes).length === 0) throw invalid('Nothing to change: send at least one field.', { problems: ['empty body'] });
    res.json(d.calendar.update({ ...ids, changes }));
  });
  r.delete('/:id/key-dates/:keyDateId', admins, audited('key_date.delete'), (req, res) => {
    d.calendar.remove({ surveyId: surveyId(req.params.id), id: keyDateId(req.params.keyDateId) });
    res.status(204).end();
  });
  r.get('/:id/calendar.ics', readers, (req, res) => {
    const id = surveyId(req.params.id);
    const { lang } = parseInput(icsQuery, req.query, 'query');
    sendIcs(res, d.calendar.ics({ surveyId: id, lang }));
  });
  return r;
}

/** `GET /api/respond/:token/calendar.ics?lang=en|fr`: the key dates of the link's survey, for coordinators. */
export function respondCalendarRoutes(d: { respond: RespondService; calendar: CalendarService }): Router {
  const r = Router();
  r.get('/:token/calendar.ics', (req, res) => {
    const { surveyId } = d.respond.holder({ token: tokenOf(req.params.token) });
    const { lang } = parseInput(icsQuery, req.query, 'query');
    sendIcs(res, d.calendar.ics({ surveyId, lang }));
  });
  return r;
}
