import type { Db } from '../db';
import { hashToken, randomToken } from '../security/tokens';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function sessionStore(db: Db) {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, string], { user_id: number }>(
    'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?');

  return {
    /** Returns the raw token for the cookie; only its hash is stored. */
    create({ userId, now }: { userId: number; now: Date }): string {
      const token = randomToken();
      purge.run(now.toISOString());
      insert.run(hashToken(token), userId, now.toISOString(), new Date(now.getTime() + SESSION_TTL_MS).toISOString());
      return token;
    },
    findUserId({ token, now }: { token: string; now: Date }): number | undefined {
      return find.get(hashToken(token), now.toISOString())?.user_id;
    },
    delete({ token }: { token: string }): void {
      remove.run(hashToken(token));
    },
    /**
     * Ends every session of the user (sign out everywhere, a new password or role), except `keepToken`'s when
     * given (the person who changed their own password stays signed in here). Returns how many were ended.
     */
    deleteAllForUser({ userId, keepToken }: { userId: number; keepToken?: string }): number {
      return removeForUser.run(userId, keepToken === undefined ? null : hashToken(keepToken)).changes;
    },
  };
}
export type SessionStore = ReturnType<typeof sessionStore>;
