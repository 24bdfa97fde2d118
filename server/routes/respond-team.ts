/**
 * The coordination team as the city sees it, through its survey link (Rec 7): the coordinator keeps the list
 * current (`GET/POST /api/respond/:token/team`, `PATCH/DELETE /api/respond/:token/team/:personId`) so the ICC
 * Unit does not have to chase it. A link holder only ever reaches the team of the link's own city; a revoked or
 * expired link reaches nothing. Consent to email given here is dated like the Unit's.
 */
import { Router, type Response } from 'express';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import type { RespondService } from '../services/respond';
import type { TeamService } from '../services/teams';
import { newPerson, personChanges } from './people';
import { tokenOf } from './respond';

export function respondTeamRoutes(d: { respond: RespondService; teams: TeamService }): Router {
  const r = Router();
  const cityOf = (raw: string | string[] | undefined) => d.respond.holder({ token: tokenOf(raw) }).cityId;
  /** Changes made through a link are audited as the city's link (no token is written down). */
  const asLink = (res: Response, cityId: number) => {
    res.locals.auditActor = `link of city ${cityId}`;
    return cityId;
  };
  const personId = (raw: unknown) => parseInput(idParam, raw, 'person id');

  r.get('/:token/team', (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(d.teams.list({ cityId: cityOf(req.params.token) }));
  });
  r.post('/:token/team', audited('team.add'), (req, res) => {
    const cityId = asLink(res, cityOf(req.params.token));
    // The date of agreement is the moment it is recorded here: a link holder cannot backdate it.
    const body = parseInput(newPerson.omit({ consentAt: true }), req.body);
    const added = d.teams.add({ cityId, ...body });
    // As for the Unit's additions: the new person's id goes into the audit entry, for the person's data export.
    res.locals.auditDetail = { personId: String(added.id) };
    res.status(201).json(added);
  });
  r.patch('/:token/team/:personId', audited('team.update'), (req, res) => {
    const cityId = asLink(res, cityOf(req.params.token));
    const changes = parseInput(personChanges.omit({ consentAt: true }), req.body);
    res.json(d.teams.update({ cityId, personId: personId(req.params.personId), changes }));
  });
  r.delete('/:token/team/:personId', audited('team.delete'), (req, res) => {
    const cityId = asLink(res, cityOf(req.params.token));
    d.teams.remove({ cityId, personId: personId(req.params.personId) });
    res.status(204).end();
  });
  return r;
}
