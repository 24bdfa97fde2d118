/**
 * The audit log for admins: `GET /api/audit?limit=&before=&action=` (newest first, JSON, paged by id) and
 * `GET /api/audit.csv` (everything, streamed; formula cells escaped; `?bom=1`). Reading it is not logged;
 * exporting it is.
 */
import { Router } from 'express';
import Papa from 'papaparse';
import { z } from 'zod';
import { escapeCell } from '../../surveys/answer-columns';
import { audited } from '../http/audit';
import { requireRole } from '../http/auth';
import { parseInput } from '../http/validate';
import type { AuditLogStore } from '../stores/audit-log';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().trim().max(60).regex(/^[a-z_.]*$/, 'letters, dots and underscores only').optional(),
});
const csvQuery = z.strictObject({ bom: z.enum(['0', '1']).optional() });
const PAGE = 1000;

export function auditRoutes(d: { auditLog: AuditLogStore }): Router {
  const r = Router();
  const admins = requireRole('admin');

  r.get('/audit', admins, (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store');
    res.json(d.auditLog.list({ limit: q.limit, before: q.before, action: q.action }));
  });

  r.get('/audit.csv', admins, audited('audit.export'), async (req, res) => {
    const { bom } = parseInput(csvQuery, req.query, 'query');
    res.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="icc-audit-log.csv"',
      'Cache-Control': 'no-store',
    });
    const write = (text: string) => (res.write(text) ? Promise.resolve() : new Promise<void>((resolve) => res.once('drain', () => resolve())));
    if (bom === '1') await write('\uFEFF');
    await write(`${Papa.unparse([['id', 'at', 'actor', 'action', 'detail']])}\r\n`);
    let before: number | undefined;
    for (;;) {
      const page = d.auditLog.list({ before, limit: PAGE });
      if (page.length === 0) break;
      const rows = page.map((e) => [e.id, e.at, e.actor, e.action, e.detail === null ? '' : JSON.stringify(e.detail)].map(escapeCell));
      await write(`${Papa.unparse(rows)}\r\n`);
      before = page[page.length - 1]!.id;
      if (page.length < PAGE) break;
    }
    res.end();
  });
  return r;
}
