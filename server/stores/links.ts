import type { Db } from '../db';
import { deriveLinkToken, hashToken, randomNonce } from '../security/tokens';

export interface LinkHolder {
  linkId: number;
  surveyId: number;
  cityId: number;
}

export function linkStore(db: Db, secret: Buffer) {
  const active = db.prepare<[number, number], { id: number; nonce: string }>(
    'SELECT id, nonce FROM links WHERE survey_id = ? AND city_id = ? AND revoked_at IS NULL',
  );
  const insert = db.prepare(
    'INSERT INTO links (survey_id, city_id, nonce, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<[string], { id: number; survey_id: number; city_id: number; expires_at: string | null; revoked_at: string | null }>(
    'SELECT id, survey_id, city_id, expires_at, revoked_at FROM links WHERE token_hash = ?',
  );
  const revoke = db.prepare('UPDATE links SET revoked_at = ? WHERE survey_id = ? AND city_id = ? AND revoked_at IS NULL');

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
    /** Resolves a token; `undefined` for unknown, and a reason for revoked or expired links. */
    resolve({ token, now }: { token: string; now: Date }): { holder?: LinkHolder; problem?: 'unknown' | 'revoked' | 'expired' } {
      const r = byHash.get(hashToken(token));
      if (!r) return { problem: 'unknown' };
      if (r.revoked_at) return { problem: 'revoked' };
      if (r.expires_at && r.expires_at <= now.toISOString()) return { problem: 'expired' };
      return { holder: { linkId: r.id, surveyId: r.survey_id, cityId: r.city_id } };
    },
  };
}
export type LinkStore = ReturnType<typeof linkStore>;
