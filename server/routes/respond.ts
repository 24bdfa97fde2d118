import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { answersSchema, parseInput } from '../http/validate';
import { TOKEN_PATTERN } from '../security/tokens';
import type { RespondService } from '../services/respond';

const saveSchema = z.object({
  data: answersSchema,
  revision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  author: z.string().trim().max(100).nullish(),
  pageNo: z.number().int().min(0).max(1000).optional(),
  progress: z.number().min(0).max(1).optional(),
});
const submitSchema = saveSchema.extend({ locale: z.enum(['en', 'fr']).default('en') });

export function tokenOf(raw: string | string[] | undefined): string {
  const token = String(raw ?? '');
  if (!TOKEN_PATTERN.test(token)) {
    throw new AppError('not_found', 'This link is not valid. Please check that you copied the whole address from the email.', {
      reason: 'unknown',
    });
  }
  return token;
}

/** The link holder's API: `/api/respond/:token`. Link tokens identify the city; no session is involved. */
export function respondRoutes(respond: RespondService): Router {
  const r = Router();
  r.get('/:token', (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(respond.load({ token: tokenOf(req.params.token) }));
  });
  r.put('/:token', (req, res) => {
    const token = tokenOf(req.params.token);
    const body = parseInput(saveSchema, req.body);
    res.json(respond.save({ token, ...body, author: body.author || null }));
  });
  r.post('/:token/submit', (req, res) => {
    const token = tokenOf(req.params.token);
    const body = parseInput(submitSchema, req.body);
    res.json(respond.submit({ token, ...body, author: body.author || null }));
  });
  return r;
}
