/**
 * Peer pairing (Rec 13, issue 7), for the ICC Unit:
 * - GET /api/surveys/:id/pairing (admin, analyst): suggested pairs with score, reasons (EN and FR) and decision;
 * - PUT /api/surveys/:id/pairing/:cityA/:cityB {status, note?} (admin, audited): accept, reject or reset a pair;
 * - GET /api/surveys/:id/pairing.csv (admin, analyst; audited as an export): the same list as CSV, city names,
 *   score, reasons in words (`?lang=fr` for French), decision and note; `?bom=1` for Excel.
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { csvLines } from '../services/csv-export';
import type { PairingService } from '../services/pairing';

const decisionBody = z
  .object({
    status: z.enum(['accepted', 'rejected', 'pending']),
    note: z.string().max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
const csvQuery = z.object({ bom: z.enum(['0', '1']).optional(), lang: z.enum(['en', 'fr']).optional() }).strict();
const noQuery = z.object({}).strict();

export function pairingRoutes({ pairing }: { pairing: PairingService }): Router {
  const r = Router();
  r.get('/surveys/:id/pairing', requireRole('admin', 'analyst'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    parseInput(noQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store');
    res.json(pairing.view({ surveyId }));
  });
  r.put('/surveys/:id/pairing/:cityA/:cityB', requireRole('admin'), audited('pairing.decide'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const cityA = parseInput(idParam, req.params.cityA, 'city id');
    const cityB = parseInput(idParam, req.params.cityB, 'city id');
    const body = parseInput(decisionBody, req.body);
    const saved = pairing.decide({ surveyId, cityA, cityB, status: body.status, note: body.note, by: req.user!.email });
    res.locals.auditDetail = { decision: saved.status };
    res.json(saved);
  });
  r.get('/surveys/:id/pairing.csv', requireRole('admin', 'analyst'), audited('export.pairing'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const q = parseInput(csvQuery, req.query, 'query');
    const lang = q.lang ?? 'en';
    const { year, rows } = pairing.csvRows({ surveyId, lang });
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="icc-survey-${year}-pairing${lang === 'fr' ? '-fr' : ''}.csv"`,
      'Cache-Control': 'no-store',
    });
    res.send((q.bom === '1' ? '\uFEFF' : '') + csvLines(rows));
  });
  return r;
}
