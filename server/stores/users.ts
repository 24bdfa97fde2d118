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
    count({ role }: { role: Role }): number {
      return countByRole.get(role)?.n ?? 0;
    },
  };
}
export type UserStore = ReturnType<typeof userStore>;
