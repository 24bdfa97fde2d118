import { DEFAULT_LINK_EXPIRY_DAYS } from '../config';
import type { Db } from '../db';
import { deriveLinkToken, hashToken, randomNonce } from '../security/tokens';

export interface LinkHolder {
  linkId: number;
  surveyId: number;
  cityId: number;
}

/** A city's links to a survey, summed up for the campaign page and the reminders. */
export interface CityLinkActivity {
  cityId: number;
  /** When the city's first link was made: when it was first invited (or its link first copied). */
  firstCreatedAt: string;
  /** Whether a working (not revoked) link exists. */
  hasActiveLink: boolean;
  firstOpenedAt: string | null;
  lastOpenedAt: string | null;
}

/** Opening the survey again within this time is not written down again (a reload, a colleague's tab). */
const OPEN_RECORD_INTERVAL_MS = 60_000;

/**
 * When a link to a closed survey stops working: `expiryDays` after the later of the moment the survey was closed and
 * its close date (a survey closed early still gives until the announced date plus the grace period). `null` while the
 * survey is not closed: an open survey's links never expire, and reopening a survey extends its links.
 */
export function linkExpiryOf({ closedAt, closesAt, expiryDays }: { closedAt: string | null; closesAt: string | null; expiryDays: number }): Date | null {
  if (!closedAt) return null;
  const closed = Date.parse(closedAt);
  // A bare close date (YYYY-MM-DD) is the whole day: counted from the end of it (UTC).
  const deadline = !closesAt ? NaN : /^\d{4}-\d{2}-\d{2}$/.test(closesAt) ? Date.parse(`${closesAt}T00:00:00Z`) + 86_400_000 : Date.parse(closesAt);
  const from = Number.isFinite(deadline) && deadline > closed ? deadline : closed;
  return new Date(from + expiryDays * 86_400_000);
}

export function linkStore(db: Db, secret: Buffer, { expiryDays = DEFAULT_LINK_EXPIRY_DAYS }: { expiryDays?: number } = {}) {
  const active = db.prepare<[number, number], { id: number; nonce: string }>(
    'SELECT id, nonce FROM links WHERE survey_id = ? AND city_id = ? AND revoked_at IS NULL',
  );
  const insert = db.prepare(
    'INSERT INTO links (survey_id, city_id, nonce, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<
    [string],
    { id: number; survey_id: number; city_id: number; expires_at: string | null; revoked_at: string | null; closed_at: string | null; closes_at: string | null }
  >(
    `SELECT l.id, l.survey_id, l.city_id, l.expires_at, l.revoked_at, s.closed_at, s.closes_at
     FROM links l LEFT JOIN surveys s ON s.id = l.survey_id WHERE l.token_hash = ?`,
  );
  const revoke = db.prepare('UPDATE links SET revoked_at = ? WHERE survey_id = ? AND city_id = ? AND revoked_at IS NULL');
  const lastOpened = db.prepare<[number], { last_opened_at: string | null }>('SELECT last_opened_at FROM links WHERE id = ?');
  const recordOpen = db.prepare(
    `UPDATE links SET first_opened_at = coalesce(first_opened_at, @now), last_opened_at = @now
     WHERE id = @id AND (last_opened_at IS NULL OR last_opened_at <= @before)`,
  );
  const activityBySurvey = db.prepare<[number], { city_id: number; first_created_at: string; active: number; first_opened_at: string | null; last_opened_at: string | null }>(
    `SELECT city_id, min(created_at) AS first_created_at, sum(revoked_at IS NULL) AS active,
       min(first_opened_at) AS first_opened_at, max(last_opened_at) AS last_opened_at
     FROM links WHERE survey_id = ? GROUP BY city_id`,
  );

  return {
    /** Returns the city's working link token for the survey, creating it once (idempotent). */
    getOrCreate({ surveyId, cityId, now, expiresAt = null }: { surveyId: number; cityId: number; now: Date; expiresAt?: string | null }): {
      token: string;
      created: boolean;
    } {
      return db.transaction(() => {
        const existing = active.get(surveyId, cityId);
        if (existing) return { token: deriveLinkToken(secret, existing.nonce), created: false };
        const nonce = randomNonce();
        const token = deriveLinkToken(secret, nonce);
        insert.run(surveyId, cityId, nonce, hashToken(token), now.toISOString(), expiresAt);
        return { token, created: true };
      })();
    },
    /** Revokes the city's link and issues a new one. */
    reissue({ surveyId, cityId, now }: { surveyId: number; cityId: number; now: Date }): string {
      return db.transaction(() => {
        revoke.run(now.toISOString(), surveyId, cityId);
        return this.getOrCreate({ surveyId, cityId, now }).token;
      })();
    },
    /** The link holder opened the survey (GET /api/respond/:token): at most one write a minute per link. */
    recordOpen({ linkId, now }: { linkId: number; now: Date }): void {
      // Read first: most loads are within the minute and need no write (a write takes the database's write lock).
      const before = new Date(now.getTime() - OPEN_RECORD_INTERVAL_MS).toISOString();
      const last = lastOpened.get(linkId)?.last_opened_at;
      if (last && last > before) return;
      recordOpen.run({ id: linkId, now: now.toISOString(), before: new Date(now.getTime() - OPEN_RECORD_INTERVAL_MS).toISOString() });
    },
    /** Per city with a link to the survey: when it was first invited, whether a link works, when it was opened. */
    activityBySurvey({ surveyId }: { surveyId: number }): Map<number, CityLinkActivity> {
      const out = new Map<number, CityLinkActivity>();
      for (const r of activityBySurvey.all(surveyId)) {
        out.set(r.city_id, {
          cityId: r.city_id,
          firstCreatedAt: r.first_created_at,
          hasActiveLink: r.active > 0,
          firstOpenedAt: r.first_opened_at,
          lastOpenedAt: r.last_opened_at,
        });
      }
      return out;
    },
    /** Resolves a token; `undefined` for unknown, and a reason for revoked or expired links. */
    resolve({ token, now }: { token: string; now: Date }): { holder?: LinkHolder; problem?: 'unknown' | 'revoked' | 'expired' } {
      const r = byHash.get(hashToken(token));
      if (!r) return { problem: 'unknown' };
      if (r.revoked_at) return { problem: 'revoked' };
      if (r.expires_at && r.expires_at <= now.toISOString()) return { problem: 'expired' };
      const policyExpiry = linkExpiryOf({ closedAt: r.closed_at, closesAt: r.closes_at, expiryDays });
      if (policyExpiry && policyExpiry.getTime() <= now.getTime()) return { problem: 'expired' };
      return { holder: { linkId: r.id, surveyId: r.survey_id, cityId: r.city_id } };
    },
  };
}
export type LinkStore = ReturnType<typeof linkStore>;
