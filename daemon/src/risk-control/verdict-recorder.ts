// Every verdict leaves a record. A denial: one risk_violations row per limit crossed (sharing a
// check id), quanttrade_risk_denials_total{rule}, and a risk.violation event that notifications
// subscribe to. An allowed order: a risk_approvals row with the profile versions, written in the
// runner's own order-write transaction so the two commit together. Soft-limit warnings from the
// scan are violations with severity 'warning'.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Pool, PoolClient } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { RiskMetrics } from '../metrics/risk-metrics';
import type { ProfileRef, RiskOrder, RiskVerdict, Violation } from '../risk/index';
import './risk-events';

export interface VerdictContext {
  ownerId: number;
  accountId: number;
  deploymentId: number | null;
  /** The order's client order id, when it had one before the check. */
  clientOrderId?: string | null;
  /** The persisted signal the order came from. */
  signalId?: number | null;
}

export interface RecorderDeps {
  pool: Pool;
  bus?: EventBus;
  metrics?: RiskMetrics;
  log: Logger;
}

function text(value: number | string | null): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A gate violation, or a scan warning (whose code may be a soft-only limit's, e.g. max_leverage). */
export type RecordedViolation = Omit<Violation, 'code'> & { code: string };

export interface ViolationInsert {
  severity: 'deny' | 'warning';
  violations: readonly RecordedViolation[];
  ctx: VerdictContext;
  details?: Record<string, unknown>;
}

/** Inserts the rows of one verdict (or one scan's warnings for an account); returns the check id. */
export async function insertViolations(db: Pick<PoolClient, 'query'>, v: ViolationInsert): Promise<string> {
  const checkId = randomUUID();
  const cols = {
    rule: [] as string[],
    message: [] as string[],
    scope: [] as string[],
    limitName: [] as string[],
    limit: [] as (string | null)[],
    value: [] as (string | null)[],
    profileId: [] as (number | null)[],
    profileVersion: [] as (number | null)[],
    details: [] as string[],
  };
  for (const x of v.violations) {
    cols.rule.push(x.code);
    cols.message.push(x.message);
    cols.scope.push(x.scope);
    cols.limitName.push(x.limitName);
    cols.limit.push(text(x.limit));
    cols.value.push(text(x.value));
    cols.profileId.push(x.profile?.profileId ?? null);
    cols.profileVersion.push(x.profile?.version ?? null);
    cols.details.push(
      JSON.stringify({
        ...v.details,
        ...(x.retryAfterMs === undefined ? {} : { retryAfterMs: x.retryAfterMs }),
        scopeId: x.scopeId,
      }),
    );
  }
  await db.query(
    `INSERT INTO risk_violations (owner_id, deployment_id, signal_id, broker_account_id, client_order_id, severity, check_id,
                                  rule, message, scope, limit_name, limit_value, actual_value, profile_id, profile_version, details)
     SELECT $1, $2, $3, $4, $5, $6, $7, u.*
       FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::bigint[], $15::int[], $16::jsonb[]) AS u`,
    [
      v.ctx.ownerId,
      v.ctx.deploymentId,
      v.ctx.signalId ?? null,
      v.ctx.accountId,
      v.ctx.clientOrderId ?? null,
      v.severity,
      checkId,
      cols.rule,
      cols.message,
      cols.scope,
      cols.limitName,
      cols.limit,
      cols.value,
      cols.profileId,
      cols.profileVersion,
      cols.details,
    ],
  );
  return checkId;
}

function orderSummary(order: RiskOrder): Record<string, unknown> {
  return {
    order: {
      symbol: order.symbol,
      side: order.side,
      qty: order.qty,
      orderType: order.orderType,
      product: order.product,
      origin: order.origin,
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
    },
  };
}

/** Stores a denial, counts it, and announces it. Returns the check id shared by its rows. */
export async function recordDenial(
  deps: RecorderDeps,
  verdict: RiskVerdict,
  order: RiskOrder,
  ctx: VerdictContext,
): Promise<string> {
  if (verdict.allowed) throw new Error('recordDenial: the verdict allowed the order');
  const checkId = await insertViolations(deps.pool, {
    severity: 'deny',
    violations: verdict.violations,
    ctx,
    details: orderSummary(order),
  });
  for (const v of verdict.violations) deps.metrics?.denials.inc({ rule: v.code });
  await publishViolation(deps, checkId, 'deny', verdict.violations, ctx);
  return checkId;
}

export async function publishViolation(
  deps: Pick<RecorderDeps, 'bus' | 'log'>,
  checkId: string,
  severity: 'deny' | 'warning',
  violations: readonly RecordedViolation[],
  ctx: VerdictContext,
): Promise<void> {
  await deps.bus
    ?.publish(
      'risk.violation',
      {
        checkId,
        severity,
        rules: [...new Set(violations.map((v) => v.code))],
        accountId: ctx.accountId,
        deploymentId: ctx.deploymentId,
        clientOrderId: ctx.clientOrderId ?? null,
        signalId: ctx.signalId ?? null,
        message: violations[0]?.message.slice(0, 500) ?? '',
      },
      { ownerId: ctx.ownerId },
    )
    .catch((err: Error) => deps.log.warn({ err: err.message }, 'risk.violation event not published'));
}

/**
 * Records the profile versions an allowed order was checked with. Call it inside the
 * transaction that writes the order (same client), so an order never exists without its
 * approval; a second call for the same order changes nothing.
 */
export async function recordApproval(
  db: PoolClient,
  verdict: RiskVerdict,
  ctx: VerdictContext & { clientOrderId: string },
): Promise<void> {
  if (!verdict.allowed) throw new Error('recordApproval: the verdict denied the order');
  const a: ProfileRef = verdict.profiles.account;
  const d = verdict.profiles.deployment;
  await db.query(
    `INSERT INTO risk_approvals (client_order_id, owner_id, broker_account_id, deployment_id, signal_id,
                                 account_profile_id, account_profile_version, account_profile_name,
                                 deployment_profile_id, deployment_profile_version, deployment_profile_name, checked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, to_timestamp($12 / 1000.0))
     ON CONFLICT (client_order_id) DO NOTHING`,
    [
      ctx.clientOrderId,
      ctx.ownerId,
      ctx.accountId,
      ctx.deploymentId,
      ctx.signalId ?? null,
      a.profileId,
      a.version,
      a.name,
      d?.profileId ?? null,
      d?.version ?? null,
      d?.name ?? null,
      verdict.checkedAt,
    ],
  );
}
