import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { parseInput } from '../http/validate';
import type { RosterImport } from '../services/roster-import';

/** A roster of ~150 cities is ~20 KB; this leaves room for thousands, under the JSON body limit. */
export const MAX_ROSTER_CHARS = 400_000;
const rosterBody = z.strictObject({ csv: z.string().max(MAX_ROSTER_CHARS, `must be at most ${MAX_ROSTER_CHARS} characters`) });

/**
 * Roster import (admin): `POST /api/roster/preview {csv}` answers each row's problems and what importing would
 * do; `POST /api/roster/import {csv}` applies it in one transaction, or refuses (400) when anything is wrong.
 */
export function rosterRoutes(d: { roster: RosterImport }): Router {
  const r = Router();
  const admins = requireRole('admin');
  r.post('/preview', admins, (req, res) => {
    const { csv } = parseInput(rosterBody, req.body);
    res.set('Cache-Control', 'no-store');
    res.json(d.roster.preview({ csv }));
  });
  r.post('/import', admins, (req, res) => {
    const { csv } = parseInput(rosterBody, req.body);
    res.json(d.roster.apply({ csv, actor: req.user!.email }));
  });
  return r;
}
