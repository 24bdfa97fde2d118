import type { Db } from '../db';

export type Role = 'admin' | 'analyst';
export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
}
interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  must_change_password: number;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  mustChangePassword: r.must_change_password === 1,
});

export function userStore(db: Db) {
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO users (email, name, password_hash, role, must_change_password, created_at)
     VALUES (@email, @name, @passwordHash, @role, @mustChange, @now)`,
  );
  const updatePassword = db.prepare('UPDATE users SET password_hash = ?, role = ? WHERE id = ?');
  const countByRole = db.prepare<[Role], { n: number }>('SELECT count(*) AS n FROM users WHERE role = ?');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY role, email');
  const setOwnPassword = db.prepare('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?');
  const setTemporaryPassword = db.prepare('UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?');
  const setRole = db.prepare('UPDATE users SET role = ? WHERE id = ?');
  // Sign-ins are in the audit log (routes/session.ts): its actor is `email (role)` for a sign-in, the typed
  // address for a failure. Read here for the accounts page, so the users table needs no extra columns.
  const lastSignIns = db.prepare<[], { actor: string; id: number; at: string }>(
    "SELECT actor, max(id) AS id, max(at) AS at FROM audit_log WHERE action = 'session.sign_in' GROUP BY actor",
  );
  const failuresSince = db.prepare<[string], { id: number; actor: string; at: string }>(
    "SELECT id, actor, at FROM audit_log WHERE action = 'session.sign_in_failed' AND at > ? ORDER BY id",
  );

  return {
    findByEmail({ email }: { email: string }): (User & { passwordHash: string }) | undefined {
      const r = byEmail.get(email);
      return r && { ...toUser(r), passwordHash: r.password_hash };
    },
    get({ id }: { id: number }): User | undefined {
      const r = byId.get(id);
      return r && toUser(r);
    },
    create(u: { email: string; name?: string; passwordHash: string; role: Role; mustChangePassword?: boolean; now: Date }): number {
      return Number(
        insert.run({
          email: u.email,
          name: u.name ?? '',
          passwordHash: u.passwordHash,
          role: u.role,
          mustChange: u.mustChangePassword ? 1 : 0,
          now: u.now.toISOString(),
        }).lastInsertRowid,
      );
    },
    /** Creates the admin, or resets its password and role when the account exists. */
    upsertAdmin({ email, passwordHash, now }: { email: string; passwordHash: string; now: Date }): void {
      const existing = byEmail.get(email);
      if (existing) updatePassword.run(passwordHash, 'admin', existing.id);
      else this.create({ email, passwordHash, role: 'admin', now });
    },
    list(): User[] {
      return all.all().map(toUser);
    },
    /** The person's own new password; a temporary one is no longer required to change. */
    setPassword({ id, passwordHash }: { id: number; passwordHash: string }): void {
      setOwnPassword.run(passwordHash, id);
    },
    /** A password set by an admin: temporary, to be changed at the next sign-in. */
    resetPassword({ id, passwordHash }: { id: number; passwordHash: string }): void {
      setTemporaryPassword.run(passwordHash, id);
    },
    setRole({ id, role }: { id: number; role: Role }): void {
      setRole.run(role, id);
    },
    /**
     * Per account email: the last successful sign-in, and while it is locked out (routes/session.ts: `max` failed
     * sign-ins within `windowMs` since the last success) when the lock ends. Read from the audit log, so it
     * survives a restart even though the in-memory limiter does not: a lock shown may already be lifted then.
     */
    signInState({ now, max, windowMs }: { now: Date; max: number; windowMs: number }): Map<string, { lastSignInAt: string | null; lockedUntil: string | null }> {
      const out = new Map<string, { lastSignInAt: string | null; lockedUntil: string | null }>();
      const lastSignInId = new Map<string, number>();
      const entry = (email: string) => {
        let e = out.get(email);
        if (!e) out.set(email, (e = { lastSignInAt: null, lockedUntil: null }));
        return e;
      };
      for (const r of lastSignIns.all()) {
        const email = r.actor.replace(/ \((admin|analyst)\)$/, '');
        const e = entry(email);
        if (!e.lastSignInAt || r.at > e.lastSignInAt) e.lastSignInAt = r.at;
        lastSignInId.set(email, Math.max(r.id, lastSignInId.get(email) ?? 0));
      }
      const failures = new Map<string, string[]>();
      for (const r of failuresSince.all(new Date(now.getTime() - windowMs).toISOString())) {
        // A successful sign-in clears the failures before it.
        if (r.id < (lastSignInId.get(r.actor) ?? 0)) continue;
        failures.set(r.actor, [...(failures.get(r.actor) ?? []), r.at]);
      }
      for (const [email, times] of failures) {
        if (times.length >= max) entry(email).lockedUntil = new Date(Date.parse(times[0]!) + windowMs).toISOString();
      }
      return out;
    },
    count({ role }: { role: Role }): number {
      return countByRole.get(role)?.n ?? 0;
    },
  };
}
export type UserStore = ReturnType<typeof userStore>;
