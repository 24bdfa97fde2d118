import { Router } from 'express';
import { z } from 'zod';
import { invalid } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import type { PersonExport } from '../services/person-export';
import type { TeamService } from '../services/teams';

// No control characters: names go into emails ("Dear ...") and the To header.
const personName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const consentAt = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).nullable();
const person = {
  name: personName,
  role: z.enum(['staff', 'elected', 'other']),
  email: z.email('must be an email address').max(254),
  lang: z.enum(['en', 'fr']),
  consent: z.boolean(),
  consentAt,
};
export const newPerson = z.strictObject({
  ...person,
  lang: person.lang.default('en'),
  consent: person.consent.default(false),
  consentAt: consentAt.optional(),
});
export const personChanges = z.strictObject({
  name: person.name.optional(),
  role: person.role.optional(),
  email: person.email.optional(),
  lang: person.lang.optional(),
  consent: person.consent.optional(),
  consentAt: consentAt.optional(),
});

/**
 * A city's coordination team: `GET/POST /api/cities/:id/people`, `PATCH/DELETE /api/cities/:cityId/people/:personId`.
 * The ICC Unit (admins) edits; analysts read.
 */
export function peopleRoutes(d: { teams: TeamService }): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const cityId = (raw: unknown) => parseInput(idParam, raw, 'city id');
  const personId = (raw: unknown) => parseInput(idParam, raw, 'person id');

  r.get('/:id/people', readers, (req, res) => {
    res.json(d.teams.list({ cityId: cityId(req.params.id) }));
  });

  r.post('/:id/people', admins, audited('team.add'), (req, res) => {
    const id = cityId(req.params.id);
    const body = parseInput(newPerson, req.body);
    const added = d.teams.add({ cityId: id, ...body });
    // The new person's id goes into the audit entry, so the person's data export finds it.
    res.locals.auditDetail = { personId: String(added.id) };
    res.status(201).json(added);
  });

  r.patch('/:cityId/people/:personId', admins, audited('team.update'), (req, res) => {
    const ids = { cityId: cityId(req.params.cityId), personId: personId(req.params.personId) };
    const changes = parseInput(personChanges, req.body);
    if (Object.keys(changes).length === 0) throw invalid('Nothing to change: send at least one field.', { problems: ['empty body'] });
    res.json(d.teams.update({ ...ids, changes }));
  });

  r.delete('/:cityId/people/:personId', admins, audited('team.delete'), (req, res) => {
    d.teams.remove({ cityId: cityId(req.params.cityId), personId: personId(req.params.personId) });
    res.status(204).end();
  });

  return r;
}

/**
 * `GET /api/people/:id/export` (admin, audited): everything held about one team member, as a JSON file, for a
 * data-protection request. Deletion is `DELETE /api/cities/:cityId/people/:personId` (teams.remove).
 */
export function personDataRoutes(d: { personExport: PersonExport }): Router {
  const r = Router();
  r.get('/:id/export', requireRole('admin'), audited('person.export'), (req, res) => {
    const id = parseInput(idParam, req.params.id, 'person id');
    const body = d.personExport.export({ personId: id });
    res.set('Cache-Control', 'no-store');
    res.set('Content-Disposition', `attachment; filename="icc-person-${id}-data.json"`);
    res.json(body);
  });
  return r;
}
