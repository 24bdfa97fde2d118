import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock';
import { AppError, unauthorised } from '../errors';
import { audited, recordAudit } from '../http/audit';
import { SESSION_COOKIE, readCookie } from '../http/auth';
import { FailureLimiter } from '../http/rate-limit';
import { parseInput } from '../http/validate';
import { verifyPassword } from '../security/passwords';
import { SESSION_TTL_MS, type SessionStore } from '../stores/sessions';
import type { UserStore } from '../stores/users';

const signOutQuery = z.object({ everywhere: z.enum(['0', '1', 'true', 'false']).optional() });
const credentials = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) });

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function sessionRoutes(deps: { users: UserStore; sessions: SessionStore; clock: Clock; secureCookies: boolean }): Router {
  const r = Router();
  // Per account, so a guesser cannot lock everyone out by cycling addresses; per address too, to slow sprays.
  const perAccount = new FailureLimiter(deps.clock, 10, 15 * 60 * 1000);
  const perAddress = new FailureLimiter(deps.clock, 50, 15 * 60 * 1000);
  const setCookie = (res: Response, token: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/',
      maxAge: maxAgeMs,
    });

  r.post('/', async (req, res) => {
    const { email, password } = parseInput(credentials, req.body);
    const limits = [
      { limiter: perAccount, key: email.toLowerCase() },
      { limiter: perAddress, key: req.socket.remoteAddress ?? '' },
    ];
    const wait = Math.max(...limits.map((l) => l.limiter.retryAfter(l.key)));
    if (wait > 0) {
      recordAudit(req, res, 'session.locked_out', { retryAfterSeconds: Math.ceil(wait / 1000) }, email.toLowerCase());
      const minutes = Math.ceil(wait / 60000);
      throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    const user = deps.users.findByEmail({ email: email.toLowerCase() });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      for (const l of limits) l.limiter.fail(l.key);
      recordAudit(req, res, 'session.sign_in_failed', {}, email.toLowerCase());
      throw unauthorised('Wrong email or password.');
    }
    perAccount.succeed(email.toLowerCase());
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) deps.sessions.delete({ token: previous }); // a new session id at every sign-in
    setCookie(res, deps.sessions.create({ userId: user.id, now: deps.clock.now() }), SESSION_TTL_MS);
    recordAudit(req, res, 'session.sign_in', {}, `${user.email} (${user.role})`);
    res.status(204).end();
  });

  r.get('/', (req, res) => {
    if (!req.user) throw unauthorised();
    res.json({ email: req.user.email, role: req.user.role, name: req.user.name, mustChangePassword: req.user.mustChangePassword });
  });

  // `?everywhere=1`: signs the person out on every device (all their sessions), e.g. after losing a laptop.
  const signOutAll = audited('session.sign_out_everywhere');
  const signOutHere = audited('session.sign_out');
  r.delete('/', (req, res, next) => {
    if (!req.user || !req.sessionToken) throw unauthorised();
    const { everywhere } = parseInput(signOutQuery, req.query, 'query');
    res.locals.everywhere = everywhere === '1' || everywhere === 'true';
    (res.locals.everywhere ? signOutAll : signOutHere)(req, res, next);
  }, (req, res) => {
    if (res.locals.everywhere) deps.sessions.deleteAllForUser({ userId: req.user!.id });
    else deps.sessions.delete({ token: req.sessionToken! });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return r;
}
