import type { Db } from '../db';

/** What the Unit did that changes shared data (imports, deletions), for accountability. */
export function auditLogStore(db: Db) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)');
  return {
    record({ actor, action, detail, now }: { actor: string; action: string; detail: unknown; now: Date }): void {
      insert.run(now.toISOString(), actor, action, JSON.stringify(detail));
    },
  };
}
export type AuditLogStore = ReturnType<typeof auditLogStore>;
