/**
 * The analyst's exports of a survey year (admin and analyst):
 * - GET /api/surveys/:id/responses-long.csv: one row per city and answer value;
 * - GET /api/surveys/:id/codebook.csv: every column of responses.csv, with texts and choices;
 * - GET /api/surveys/:id/indicators: the indicator tables available, `[{file, description, rows}]`;
 * - GET /api/surveys/:id/indicators/:file: one indicator table as CSV, with the dashboard's filters.
 * CSV downloads take `?bom=1` (a byte order mark, for Excel).
 */
import crypto from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { notFound } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { analysisQuery } from './analysis';
import { indicatorExports, writeCodebookCsv, writeLongCsv, writeTableCsv } from '../services/exports';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';
import type { SameYearMappingStore } from '../stores/same-year-mappings';

const bom = z.enum(['0', '1']).optional();
const csvQuery = z.object({ bom }).strict();
// The filters of GET /api/surveys/:id/analysis, so a table downloaded here matches the dashboard's figures.
const filtersQuery = analysisQuery;
const tableQuery = filtersQuery.extend({ bom }).strict();
const tableFile = z.string().regex(/^[a-z0-9_]{1,80}\.csv$/, 'must be a table file name such as rec19_by_area.csv');

/** A file-name fragment of the filters (`-network-ICC-submitted`), reduced to characters safe in any file system. */
function filterSlug(q: z.infer<typeof filtersQuery>): string {
  const parts = [
    ...(['network', 'country', 'size'] as const).flatMap((k) => (q[k] ? [k, q[k]] : [])),
    ...(q.submittedOnly === '1' ? ['submitted'] : []),
  ];
  return parts.map((p) => `-${p.replace(/[^A-Za-z0-9_.]+/g, '_')}`).join('');
}

export function exportRoutes(d: {
  surveys: SurveyStore;
  responses: ResponseStore;
  cities: CityStore;
  log: (line: string) => void;
  sameYearMappings?: SameYearMappingStore;
}): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const indicators = indicatorExports(d);
  const surveyId = (raw: unknown) => parseInput(idParam, raw, 'survey id');

  function surveyWithVersion(id: number) {
    const survey = d.surveys.get({ id });
    if (!survey) throw notFound(`No survey with id ${id}.`);
    const version = d.surveys.currentVersion({ surveyId: id });
    if (!version) throw notFound('This survey has no definition.');
    return { survey, version };
  }

  /**
   * Sends a CSV download. A failure before the first byte is answered as the usual JSON error; once the file
   * has started, the only honest signal left is to cut the connection, so a truncated file is never mistaken
   * for a complete one.
   */
  async function sendCsv(res: Response, filename: string, write: (out: Response) => Promise<void>): Promise<void> {
    res.status(200);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    });
    try {
      await write(res);
    } catch (err) {
      if (!res.headersSent) {
        // Nothing sent yet: the error handler answers with the usual JSON error, not a CSV attachment.
        for (const h of ['Content-Type', 'Content-Disposition', 'Cache-Control']) res.removeHeader(h);
        throw err;
      }
      const requestId = crypto.randomUUID();
      d.log(`[${requestId}] export ${filename} stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      res.destroy();
      return;
    }
    res.end();
  }

  r.get('/:id/responses-long.csv', readers, audited('export.responses_long'), async (req, res) => {
    const id = surveyId(req.params.id);
    const q = parseInput(csvQuery, req.query, 'query');
    const { survey, version } = surveyWithVersion(id);
    await sendCsv(res, `icc-survey-${survey.year}-responses-long.csv`, (out) =>
      writeLongCsv({ out, surveyId: id, version, responses: d.responses, cities: d.cities, bom: q.bom === '1', sameYearMappings: d.sameYearMappings }),
    );
  });

  r.get('/:id/codebook.csv', readers, audited('export.codebook'), async (req, res) => {
    const id = surveyId(req.params.id);
    const q = parseInput(csvQuery, req.query, 'query');
    const { survey, version } = surveyWithVersion(id);
    await sendCsv(res, `icc-survey-${survey.year}-codebook.csv`, (out) => writeCodebookCsv({ out, version, bom: q.bom === '1' }));
  });

  const filtersOf = (q: z.infer<typeof filtersQuery>) => ({
    filters: {
      ...(q.network ? { network: q.network } : {}),
      ...(q.country ? { country: q.country } : {}),
      ...(q.size ? { size: q.size } : {}),
    },
    submittedOnly: q.submittedOnly === '1',
  });

  r.get('/:id/indicators', readers, (req, res) => {
    const id = surveyId(req.params.id);
    const q = parseInput(filtersQuery, req.query, 'query');
    const { tables } = indicators.tables({ surveyId: id, ...filtersOf(q) });
    res.set('Cache-Control', 'no-store');
    res.json(tables.map((t) => ({ file: t.file, description: t.description, rows: t.rows.length })));
  });

  r.get('/:id/indicators/:file', readers, audited('export.indicator_table'), async (req, res) => {
    const id = surveyId(req.params.id);
    const file = parseInput(tableFile, req.params.file, 'table file');
    const { bom: withBom, ...q } = parseInput(tableQuery, req.query, 'query');
    const { year, tables } = indicators.tables({ surveyId: id, ...filtersOf(q) });
    const table = tables.find((t) => t.file === file);
    if (!table) throw notFound(`No indicator table ${file}. GET /api/surveys/${id}/indicators lists them.`);
    const filename = `icc-survey-${year}-${file.replace(/\.csv$/, '')}${filterSlug(q)}.csv`;
    await sendCsv(res, filename, (out) => writeTableCsv({ out, table, bom: withBom === '1' }));
  });

  return r;
}
