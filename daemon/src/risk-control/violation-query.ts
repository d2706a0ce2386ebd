// Reading risk_violations for the API and the CLI: filters by deployment, account, rule,
// severity and time, newest first, paged. Under the caller's row-level security for the API.
import type { PoolClient } from '../db/pool';

export interface ViolationFilter {
  deploymentId?: number;
  accountId?: number;
  rule?: string;
  severity?: 'deny' | 'warning';
  /** Epoch ms bounds (from inclusive, to exclusive). */
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export interface ViolationRow {
  id: number;
  at: string;
  ownerId: number;
  severity: 'deny' | 'warning';
  rule: string;
  scope: string | null;
  accountId: number | null;
  deploymentId: number | null;
  signalId: number | null;
  clientOrderId: string | null;
  limitName: string | null;
  limit: string | null;
  value: string | null;
  profileId: number | null;
  profileVersion: number | null;
  checkId: string | null;
  message: string;
  details: Record<string, unknown>;
}

export async function listViolations(
  db: Pick<PoolClient, 'query'>,
  f: ViolationFilter,
): Promise<ViolationRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, created_at, owner_id, severity, rule, scope, broker_account_id, deployment_id, signal_id, client_order_id,
            limit_name, limit_value, actual_value, profile_id, profile_version, check_id, message, details
       FROM risk_violations
      WHERE ($1::bigint IS NULL OR deployment_id = $1) AND ($2::bigint IS NULL OR broker_account_id = $2)
        AND ($3::text IS NULL OR rule = $3) AND ($4::text IS NULL OR severity = $4)
        AND ($5::float8 IS NULL OR created_at >= to_timestamp($5 / 1000.0))
        AND ($6::float8 IS NULL OR created_at < to_timestamp($6 / 1000.0))
      ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8`,
    [
      f.deploymentId ?? null,
      f.accountId ?? null,
      f.rule ?? null,
      f.severity ?? null,
      f.from ?? null,
      f.to ?? null,
      f.limit,
      f.offset,
    ],
  );
  return rows.map((r) => ({
    id: r.id as number,
    at: (r.created_at as Date).toISOString(),
    ownerId: r.owner_id as number,
    severity: r.severity as ViolationRow['severity'],
    rule: r.rule as string,
    scope: r.scope as string | null,
    accountId: r.broker_account_id as number | null,
    deploymentId: r.deployment_id as number | null,
    signalId: r.signal_id as number | null,
    clientOrderId: r.client_order_id as string | null,
    limitName: r.limit_name as string | null,
    limit: r.limit_value as string | null,
    value: r.actual_value as string | null,
    profileId: r.profile_id as number | null,
    profileVersion: r.profile_version as number | null,
    checkId: r.check_id as string | null,
    message: r.message as string,
    details: r.details as Record<string, unknown>,
  }));
}
