// Who acts on risk settings, and the audit_log rows their changes leave. Written in the same
// transaction as the change. (api/auth/audit.ts writes the same table for sign-ins; risk-control
// sits below api/ and cannot import it.)
import type { PoolClient } from '../db/pool';
import type { Role } from '../db/user-scope';

export interface RiskActor {
  /** 'user:<id>', 'token:<id>' or 'system' (the CLI, the rules). */
  label: string;
  userId: number | null;
  /** The CLI acts with every right (it holds the database); the API passes the caller's role. */
  role: Role | 'system';
  ip?: string;
}

export const SYSTEM_ACTOR: RiskActor = Object.freeze({ label: 'system', userId: null, role: 'system' });

export function isAdmin(actor: RiskActor): boolean {
  return actor.role === 'admin' || actor.role === 'system';
}

export async function auditRisk(
  db: PoolClient,
  actor: RiskActor,
  action: string,
  target: string,
  details: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor, actor_user_id, action, target, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [actor.label, actor.userId, action, target, actor.ip ?? null, JSON.stringify(details)],
  );
}
