/**
 * GET /api/surveys/:id/analysis: the indicators of one survey year, for the ICC Unit and analysts;
 * GET /api/surveys/:id/trend: the headline figures of every year of the same questionnaire up to this one;
 * GET /api/surveys/:id/questions/:code/years: one question across those years (shares or mean per year, panel n).
 */
import zlib from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { idParam, parseInput } from '../http/validate';
import { analysisService } from '../services/analysis';
import { analysisHeadlines } from '../services/analysis-headlines';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';

const filterValue = z.string().trim().min(1).max(80).optional();
/** The dashboard's filters; the indicator table downloads take the same ones (routes/exports.ts). */
export const analysisQuery = z
  .object({
    network: filterValue,
    country: filterValue,
    size: filterValue,
    submittedOnly: z.enum(['0', '1']).optional(),
  })
  .strict();

/** The dashboard's analysis takes the filters and `part=headlines` (only the headline figures: services/analysis-headlines.ts). */
const analysisPartQuery = analysisQuery.extend({ part: z.enum(['headlines']).optional() }).strict();

/** The headline part of each analysis result, made once per result (so that its body is cached below too). */
const headlineParts = new WeakMap<object, object>();

/**
 * The analysis as sent (JSON, and gzipped when asked), kept per result object: the service returns the same
 * cached object while nothing it depends on has changed, so a repeated request skips serialising and
 * compressing half a megabyte, and a new result (after any save) gets a new body. Weak: dropped with the result.
 */
const bodies = new WeakMap<object, { json: Buffer; gzip?: Buffer }>();
function sendCachedJson(req: Request, res: Response, value: object) {
  let body = bodies.get(value);
  if (!body) {
    body = { json: Buffer.from(JSON.stringify(value)) };
    bodies.set(value, body);
  }
  res.set('Cache-Control', 'no-store');
  res.type('json');
  res.vary('Accept-Encoding');
  // Small bodies are left alone, as the compression middleware does (app.ts); an encoded body is not re-encoded.
  if (body.json.length >= 1024 && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    body.gzip ??= zlib.gzipSync(body.json);
    res.set('Content-Encoding', 'gzip');
    res.send(body.gzip);
  } else {
    res.send(body.json);
  }
}

/** A question's code (its SurveyJS value name) as it appears in the analysis. */
const questionCode = z.string().min(1).max(200);

export function analysisRoutes(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }): Router {
  const r = Router();
  const service = analysisService(d);
  const readRequest = (req: Request, schema: typeof analysisQuery = analysisQuery) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const q = parseInput(schema, req.query, 'query');
    const filters = {
      ...(q.network ? { network: q.network } : {}),
      ...(q.country ? { country: q.country } : {}),
      ...(q.size ? { size: q.size } : {}),
    };
    return { surveyId, filters, submittedOnly: q.submittedOnly === '1' };
  };
  r.get('/:id/analysis', requireRole('admin', 'analyst'), (req, res) => {
    const input = readRequest(req, analysisPartQuery);
    const view = service.analyse(input);
    if (req.query.part !== 'headlines') return sendCachedJson(req, res, view);
    let part = headlineParts.get(view);
    if (!part) {
      part = analysisHeadlines(view);
      headlineParts.set(view, part);
    }
    sendCachedJson(req, res, part);
  });
  r.get('/:id/trend', requireRole('admin', 'analyst'), (req, res) => {
    const input = readRequest(req);
    res.set('Cache-Control', 'no-store');
    res.json(service.trend(input));
  });
  r.get('/:id/questions/:code/years', requireRole('admin', 'analyst'), (req, res) => {
    const input = readRequest(req);
    const code = parseInput(questionCode, req.params.code, 'question code');
    res.set('Cache-Control', 'no-store');
    res.json(service.questionYears({ ...input, code }));
  });
  return r;
}
