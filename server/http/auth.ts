import type { NextFunction, Request, Response } from 'express';
import { AppError, forbidden, unauthorised } from '../errors';
import type { Role, User } from '../stores/users';

export const SESSION_COOKIE = 'icc_session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
    sessionToken?: string;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no session, not a server error
      }
    }
  }
  return undefined;
}

/** Only these roles may call the route; the check happens on the server for every request. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(unauthorised());
    if (!roles.includes(req.user.role)) return next(forbidden());
    if (req.user.mustChangePassword) {
      return next(new AppError('password_change_required', 'Please choose a new password before continuing.'));
    }
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a write authenticated by the session cookie is refused when the browser says it
 * comes from another site (`Sec-Fetch-Site: cross-site`, or an `Origin` other than ours). Scripts that send no
 * `Origin` are not refused for that reason; the cookie is also `SameSite=Lax`.
 */
export function refuseCrossSiteWrites(req: Request, _res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || !readCookie(req, SESSION_COOKIE)) return next();
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return next(new AppError('forbidden', 'Cross-site request refused'));
  }
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      return next(new AppError('forbidden', 'Cross-site request refused (malformed Origin)'));
    }
    if (host !== req.headers.host) return next(new AppError('forbidden', 'Cross-site request refused'));
  } else if (origin === 'null') {
    return next(new AppError('forbidden', 'Cross-site request refused'));
  }
  next();
}
