import { Router, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { parseInput } from '../http/validate';
import type { EngagementExport } from '../services/engagement';

const csvQuery = z.strictObject({ bom: z.enum(['0', '1']).optional() });

/**
 * Engagement across the years (Rec 10), admin and analyst, CSV with `?bom=1` for Excel:
 * - `GET /api/engagement.csv`: one row per city and survey (invited, answered, submitted, progress);
 * - `GET /api/engagement/networks.csv`: the same summed per network and survey, with the response rate.
 */
export function engagementRoutes(d: { engagement: EngagementExport; log: (line: string) => void }): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');

  async function send(res: Response, filename: string, write: () => Promise<void>) {
    res.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    });
    try {
      await write();
    } catch (err) {
      if (!res.headersSent) {
        for (const h of ['Content-Type', 'Content-Disposition', 'Cache-Control']) res.removeHeader(h);
        throw err;
      }
      // The file has started: cutting the connection is the only way to say it is incomplete.
      d.log(`export ${filename} stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      res.destroy();
      return;
    }
    res.end();
  }

  r.get('/engagement.csv', readers, async (req, res) => {
    const { bom } = parseInput(csvQuery, req.query, 'query');
    await send(res, 'icc-engagement-cities.csv', () => d.engagement.writeCities({ out: res, bom: bom === '1' }));
  });
  r.get('/engagement/networks.csv', readers, async (req, res) => {
    const { bom } = parseInput(csvQuery, req.query, 'query');
    await send(res, 'icc-engagement-networks.csv', () => d.engagement.writeNetworks({ out: res, bom: bom === '1' }));
  });
  return r;
}
