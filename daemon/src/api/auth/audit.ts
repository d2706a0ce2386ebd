// Appends to audit_log: logins, failed logins, user and role changes, token creation and
// revocation. Written as the table owner inside the same transaction as the change it records.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface AuditEntry {
  /** 'user:<id>', 'token:<id>', 'system', or the email tried in a failed login. */
  actor: string;
  actorUserId?: number;
  /** `domain.verb`, e.g. auth.login, auth.login_failed, users.create, tokens.create. */
  action: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, actor_user_id, action, target, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.actor,
      entry.actorUserId ?? null,
      entry.action,
      entry.target ?? null,
      entry.ip ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
