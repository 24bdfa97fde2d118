/**
 * Published summaries (issue 7):
 * - the ICC Unit: GET /api/surveys/:id/summary (admin, analyst: what is published and the preview to review),
 *   POST /api/surveys/:id/summary/publish and /unpublish (admin, audited);
 * - anyone, without signing in: GET /api/public/summaries (published years),
 *   GET /api/public/summaries/:year (headline figures), GET /api/public/summaries/:year/:file (one table as CSV,
 *   `?bom=1` for Excel). Aggregated figures only (analysis/public-summary.ts). Both take `?version=N` to read an
 *   earlier published version of the year (the list of versions is in the year's answer).
 * Public answers are cacheable for a short while (a withdrawn summary disappears within minutes) and carry an
 * ETag, so a revisit costs a 304.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { csvLines } from '../services/csv-export';
import type { PublicSummaryService } from '../services/public-summary';

const yearParam = z.string().regex(/^\d{4}$/, 'must be a year such as 2025').transform(Number);
const tableFile = z.string().regex(/^[a-z0-9_]{1,80}\.csv$/, 'must be a table file name such as rec19_changes.csv');
// Unknown query keys are ignored on public reads (a shared link may carry tracking parameters).
const versionQuery = z.string().regex(/^[1-9]\d{0,5}$/, 'must be a version number such as 2').transform(Number).optional();
const csvQuery = z.object({ bom: z.enum(['0', '1']).optional(), version: versionQuery });
const summaryQuery = z.object({ version: versionQuery });
const noBody = z.union([z.undefined(), z.object({}).strict()]);

/** Public, briefly cacheable, revalidated with the ETag (express answers 304 when If-None-Match matches). */
function publicCache(res: Response, etag: string | undefined, maxAge: number): void {
  res.set('Cache-Control', `public, max-age=${maxAge}, must-revalidate`);
  if (etag) res.set('ETag', etag);
}

export function summaryAdminRoutes({ summaries }: { summaries: PublicSummaryService }): Router {
  const r = Router();
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');
  r.get('/surveys/:id/summary', requireRole('admin', 'analyst'), (req, res) => {
    const id = surveyId(req.params.id);
    res.set('Cache-Control', 'no-store');
    res.json(summaries.status({ surveyId: id }));
  });
  r.post('/surveys/:id/summary/publish', requireRole('admin'), audited('summary.publish'), (req, res) => {
    const id = surveyId(req.params.id);
    parseInput(noBody, req.body);
    res.json(summaries.publish({ surveyId: id, by: req.user!.email }));
  });
  r.post('/surveys/:id/summary/unpublish', requireRole('admin'), audited('summary.unpublish'), (req, res) => {
    const id = surveyId(req.params.id);
    parseInput(noBody, req.body);
    res.json(summaries.unpublish({ surveyId: id }));
  });
  return r;
}

export function publicSummaryRoutes({ summaries }: { summaries: PublicSummaryService }): Router {
  const r = Router();
  r.get('/public/summaries', (_req, res) => {
    publicCache(res, undefined, 60);
    res.json({ summaries: summaries.list() });
  });
  r.get('/public/summaries/:year', (req, res) => {
    const year = parseInput(yearParam, req.params.year, 'year');
    const { version } = parseInput(summaryQuery, req.query, 'query');
    const { etag, view } = summaries.published({ year, version });
    publicCache(res, etag, 300);
    res.json(view);
  });
  r.get('/public/summaries/:year/:file', (req, res) => {
    const year = parseInput(yearParam, req.params.year, 'year');
    const file = parseInput(tableFile, req.params.file, 'table file');
    const q = parseInput(csvQuery, req.query, 'query');
    const bom = q.bom === '1';
    const { etag, table } = summaries.table({ year, file, version: q.version });
    const csv =
      (bom ? '\uFEFF' : '') +
      csvLines([table.columns.map((c) => c.name)]) +
      (table.rows.length > 0 ? csvLines(table.rows.map((row) => row.map((cell) => cell ?? ''))) : '');
    publicCache(res, `${etag.slice(0, -1)}-${file.replace(/\.csv$/, '')}${bom ? '-bom' : ''}"`, 300);
    const versionPart = q.version === undefined ? '' : `v${q.version}-`;
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="icc-summary-${year}-${versionPart}${file}"` });
    res.send(csv);
  });
  return r;
}
