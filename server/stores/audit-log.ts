import type { Db } from '../db';

/** One sensitive action: who (an account's email and role, or a city's link), what, on what, when. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: unknown;
}

/**
 * The audit log of sensitive actions (sign-ins, exports, publishing, links, invitations, imports, deletions,
 * accounts), for accountability: append-only, read newest first, page by page.
 */
export function auditLogStore(db: Db) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
  const page = db.prepare<[number, string, string, number], { id: number; at: string; actor: string; action: string; detail: string | null }>(
    `SELECT id, at, actor, action, detail FROM audit_log
     WHERE id < ? AND (? = '' OR action LIKE ? || '%')
     ORDER BY id DESC LIMIT ?`,
  );
  return {
    record({ actor, action, detail, now }: { actor: string; action: string; detail: unknown; now: Date }): void {
      insert.run(now.toISOString(), actor, action, JSON.stringify(detail));
    },
    /** Newest first: entries with an id below `before`; `action` keeps those whose action starts with it. */
    list({ before = Number.MAX_SAFE_INTEGER, action = '', limit }: { before?: number; action?: string; limit: number }): AuditEntry[] {
      return page.all(before, action, action, limit).map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
      }));
    },
  };
}
export type AuditLogStore = ReturnType<typeof auditLogStore>;
