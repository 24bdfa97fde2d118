/**
 * The audit trail of sensitive actions (sign-ins, exports, publishing, links, invitations, deletions, accounts):
 * `audited('survey.open')` in a route records the action once the response has gone out successfully
 * (status below 400), with the caller, the route's ids, the query of exports and the caller's address.
 * Failed sign-ins are recorded by the session route itself. The trail is set on the app (`app.locals`)
 * so routes need no extra wiring.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../clock';
import type { AuditLogStore } from '../stores/audit-log';

export interface AuditTrail {
  store: AuditLogStore;
  clock: Clock;
}

function trailOf(req: Request): AuditTrail | undefined {
  return (req.app.locals as { audit?: AuditTrail }).audit;
}

/** Who is acting: the signed-in account, or what the route put in `res.locals.auditActor` (a city's link). */
function actorOf(req: Request, res: Response): string {
  if (req.user) return `${req.user.email} (${req.user.role})`;
  const fromRoute = (res.locals as { auditActor?: string }).auditActor;
  return fromRoute ?? 'anonymous';
}

/** Records an action now (for outcomes a route decides itself, such as a refused sign-in). */
export function recordAudit(req: Request, res: Response, action: string, detail: Record<string, unknown> = {}, actor?: string): void {
  const trail = trailOf(req);
  if (!trail) return;
  trail.store.record({
    now: trail.clock.now(),
    actor: actor ?? actorOf(req, res),
    action,
    detail: { ...detail, ip: req.socket.remoteAddress ?? null },
  });
}

/** Middleware: records `action` when the response finishes with a status below 400. */
export function audited(action: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => {
      if (res.statusCode >= 400) return;
      const params = Object.fromEntries(Object.entries(req.params).filter(([k]) => k !== 'token'));
      const query = Object.keys(req.query).length > 0 ? { query: req.query } : {};
      // A route may say what it changed (never a secret) in `res.locals.auditDetail`.
      const fromRoute = (res.locals as { auditDetail?: Record<string, unknown> }).auditDetail ?? {};
      recordAudit(req, res, action, { method: req.method, path: req.baseUrl + req.route?.path, ...params, ...query, ...fromRoute, status: res.statusCode });
    });
    next();
  };
}
