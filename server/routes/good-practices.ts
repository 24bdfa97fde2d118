/**
 * GET /api/surveys/:id/good-practices.csv (admin, analyst; audited as an export): the 'most important change'
 * answers, one row per city × policy area, for the Unit's good-practice database (Rec 14). Every cell is escaped
 * against formula injection; `?bom=1` adds a byte order mark (Excel), `?submittedOnly=1` keeps submitted answers.
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { csvLines } from '../services/csv-export';
import { goodPracticeService } from '../services/good-practices';
import type { CityStore } from '../stores/cities';
import type { ResponseStore } from '../stores/responses';
import type { SurveyStore } from '../stores/surveys';

const query = z.object({ bom: z.enum(['0', '1']).optional(), submittedOnly: z.enum(['0', '1']).optional() }).strict();

export function goodPracticeRoutes(d: { surveys: SurveyStore; responses: ResponseStore; cities: CityStore }): Router {
  const r = Router();
  const service = goodPracticeService(d);
  r.get('/surveys/:id/good-practices.csv', requireRole('admin', 'analyst'), audited('export.good_practices'), (req, res) => {
    const surveyId = parseInput(idParam, req.params.id, 'survey id');
    const q = parseInput(query, req.query, 'query');
    const { year, table } = service.table({ surveyId, submittedOnly: q.submittedOnly === '1' });
    const csv =
      (q.bom === '1' ? '\uFEFF' : '') +
      csvLines([table.columns.map((c) => c.name)]) +
      (table.rows.length > 0 ? csvLines(table.rows.map((row) => row.map((cell) => cell ?? ''))) : '');
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="icc-survey-${year}-good-practices${q.submittedOnly === '1' ? '-submitted' : ''}.csv"`,
      'Cache-Control': 'no-store',
    });
    res.send(csv);
  });
  return r;
}
