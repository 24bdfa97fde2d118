import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import { AppError, invalid, unauthorised } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { generatePassword, hashPassword, verifyPassword } from '../security/passwords';
import type { SessionStore } from '../stores/sessions';
import type { UserStore } from '../stores/users';

const newUser = z.object({
  email: z.email().max(254),
  name: z.string().trim().max(100).default(''),
  role: z.enum(['admin', 'analyst']),
});
/** At least 12 characters, not only letters or only digits: long passphrases beat composition rules. */
export const newPasswordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200)
  .refine((p) => !/^[a-zA-Z]+$/.test(p) && !/^\d+$/.test(p), 'must not be only letters or only digits');
const accountChange = z
  .object({ role: z.enum(['admin', 'analyst']).optional(), resetPassword: z.literal(true).optional() })
  .strict()
  .refine((c) => c.role !== undefined || c.resetPassword, 'give a new role or resetPassword: true');
const passwordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema });

/** The per-account sign-in limit of routes/session.ts (10 failures in 15 minutes), to show who is locked out. */
const SIGN_IN_LOCK = { max: 10, windowMs: 15 * 60 * 1000 };

/** Accounts of the ICC Unit: admins create analysts and admins with a temporary password changed at first sign-in. */
export function userRoutes(d: { users: UserStore; sessions: SessionStore; clock: Clock }): Router {
  const r = Router();
  /** The accounts with their last sign-in and, while locked out after failed sign-ins, when the lock ends. */
  r.get('/', requireRole('admin'), (_req, res) => {
    const state = d.users.signInState({ now: d.clock.now(), ...SIGN_IN_LOCK });
    res.json(d.users.list().map((u) => ({ ...u, lastSignInAt: null, lockedUntil: null, ...state.get(u.email) })));
  });
  r.post('/', requireRole('admin'), audited('user.create'), async (req, res) => {
    const u = parseInput(newUser, req.body);
    const email = u.email.toLowerCase();
    if (d.users.findByEmail({ email })) throw new AppError('conflict', `An account for ${email} already exists.`);
    const temporaryPassword = generatePassword();
    const id = d.users.create({
      email,
      name: u.name,
      role: u.role,
      passwordHash: await hashPassword(temporaryPassword),
      mustChangePassword: true,
      now: d.clock.now(),
    });
    res.locals.auditDetail = { email, role: u.role };
    // Shown once to the admin, who passes it on; it must be changed at first sign-in.
    res.status(201).json({ id, email, role: u.role, temporaryPassword });
  });
  /**
   * An admin changes another account's role or resets its password (a temporary one, shown once). Either ends
   * all of that person's sessions: the change takes effect at once, not at the next sign-in. One's own role is
   * not changed here (so the last admin cannot demote themselves); one's own password has its own page.
   */
  r.patch('/:id', requireRole('admin'), audited('user.update'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, 'account id');
    const change = parseInput(accountChange, req.body);
    const user = d.users.get({ id });
    if (!user) throw new AppError('not_found', 'No such account.');
    if (user.id === req.user!.id) {
      throw new AppError('conflict', 'You cannot change your own account here: another admin changes your role, and you change your password on your account page.');
    }
    let temporaryPassword: string | undefined;
    if (change.resetPassword) {
      temporaryPassword = generatePassword();
      d.users.resetPassword({ id, passwordHash: await hashPassword(temporaryPassword) });
    }
    if (change.role && change.role !== user.role) d.users.setRole({ id, role: change.role });
    const sessionsEnded = d.sessions.deleteAllForUser({ userId: id });
    const updated = d.users.get({ id })!;
    // What changed, for the audit log: never the temporary password.
    res.locals.auditDetail = {
      email: user.email,
      ...(change.role && change.role !== user.role ? { role: { from: user.role, to: change.role } } : {}),
      ...(change.resetPassword ? { passwordReset: true } : {}),
      sessionsEnded,
    };
    res.json({ ...updated, sessionsEnded, ...(temporaryPassword ? { temporaryPassword } : {}) });
  });
  return r;
}

/** `POST /api/session/password`: the signed-in person changes their own password. */
export function passwordRoute(d: { users: UserStore; sessions: SessionStore }): Router {
  const r = Router();
  r.post('/', audited('user.password_change'), async (req, res) => {
    if (!req.user) throw unauthorised();
    const body = parseInput(passwordChange, req.body);
    const stored = d.users.findByEmail({ email: req.user.email });
    if (!stored || !(await verifyPassword(body.currentPassword, stored.passwordHash))) {
      throw invalid('The current password is wrong.', { problems: ['currentPassword: wrong password'] });
    }
    if (body.currentPassword === body.newPassword) {
      throw invalid('Choose a password different from the current one.', { problems: ['newPassword: unchanged'] });
    }
    d.users.setPassword({ id: stored.id, passwordHash: await hashPassword(body.newPassword) });
    // Whoever else held a session of this account (a forgotten computer, a stolen cookie) is signed out.
    d.sessions.deleteAllForUser({ userId: stored.id, keepToken: req.sessionToken });
    res.status(204).end();
  });
  return r;
}
