// Deployment leases (sql/013 `leases`): which daemon runs a deployment, proven by a fencing token.
// A daemon acquires a free or expired lease and gets a new token (a sequence: tokens only grow);
// it renews before expires_at; any other daemon may take the lease over once it has expired.
// Every order write of the deployment carries the token (`applyFence`), and a trigger refuses the
// write, in the same transaction, unless the token is still the current, unexpired one. Times
// are the database's (clock_timestamp()), the one clock all daemons share.
import { AppError } from '../../core/errors';
import type { Pool, PoolClient } from '../../db/pool';

type Queryable = Pool | PoolClient;

/** What an order write must carry: the deployment and the token it holds. */
export interface Fence {
  deploymentId: number;
  token: number;
}

export interface Lease extends Fence {
  holder: string;
  ttlMs: number;
  /** Database time the lease lapses unless renewed, epoch ms. */
  expiresAt: number;
}

/** Default lease lifetime: a dead holder's deployment is taken over within this (issue 10 §5). */
export const DEFAULT_LEASE_TTL_MS = 10_000;

/** SQLSTATE raised by ledger_check_fence (sql/013): the writer's token is not the current lease. */
export const FENCE_SQLSTATE = 'QTL01';

interface LeaseRow {
  deployment_id: number;
  holder: string;
  token: number;
  ttl_ms: number;
  expires_at: Date;
}

const toLease = (r: LeaseRow): Lease => ({
  deploymentId: Number(r.deployment_id),
  holder: r.holder,
  token: Number(r.token),
  ttlMs: r.ttl_ms,
  expiresAt: r.expires_at.getTime(),
});

const RETURNING = 'RETURNING deployment_id, holder, token, ttl_ms, expires_at';

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 100 || ttlMs > 3_600_000)
    throw new AppError(
      'VALIDATION_FAILED',
      `lease ttlMs: got ${ttlMs}, expected an integer from 100 to 3600000`,
    );
}

/**
 * Takes the deployment's lease for `holder` when nobody holds it or the holder let it expire.
 * Returns undefined while another daemon (or this holder, through an earlier lease: renew that)
 * holds it. NOT_FOUND when the deployment does not exist.
 */
export async function acquireLease(
  db: Queryable,
  request: { deploymentId: number; holder: string; ttlMs?: number },
): Promise<Lease | undefined> {
  const ttlMs = request.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  checkTtl(ttlMs);
  const { rows } = await db.query<LeaseRow>(
    `INSERT INTO leases (deployment_id, owner_id, holder, token, ttl_ms, acquired_at, renewed_at, expires_at)
     SELECT d.id, d.owner_id, $2, nextval('lease_tokens'), $3::integer, clock_timestamp(), clock_timestamp(),
            clock_timestamp() + make_interval(secs => $3::integer / 1000.0)
       FROM deployments d WHERE d.id = $1
     ON CONFLICT (deployment_id) DO UPDATE
        SET holder = EXCLUDED.holder, token = EXCLUDED.token, ttl_ms = EXCLUDED.ttl_ms,
            acquired_at = EXCLUDED.acquired_at, renewed_at = EXCLUDED.renewed_at, expires_at = EXCLUDED.expires_at
      WHERE leases.expires_at <= clock_timestamp()
     ${RETURNING}`,
    [request.deploymentId, request.holder, ttlMs],
  );
  if (rows[0]) return toLease(rows[0]);
  const exists = await db.query('SELECT 1 FROM deployments WHERE id = $1', [request.deploymentId]);
  if (exists.rowCount === 0)
    throw new AppError('NOT_FOUND', `deployment ${request.deploymentId} does not exist`, {
      deploymentId: request.deploymentId,
    });
  return undefined;
}

/** Extends a lease still held (same token, not expired); undefined when it was lost. */
export async function renewLease(
  db: Queryable,
  lease: Fence & { ttlMs: number },
): Promise<Lease | undefined> {
  const { rows } = await db.query<LeaseRow>(
    `UPDATE leases SET renewed_at = clock_timestamp(),
            expires_at = clock_timestamp() + make_interval(secs => ttl_ms / 1000.0)
      WHERE deployment_id = $1 AND token = $2 AND expires_at > clock_timestamp()
     ${RETURNING}`,
    [lease.deploymentId, lease.token],
  );
  return rows[0] ? toLease(rows[0]) : undefined;
}

/** Gives the lease up at once (another daemon may take it immediately); the token stays spent. */
export async function releaseLease(db: Queryable, lease: Fence): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE leases SET expires_at = clock_timestamp()
      WHERE deployment_id = $1 AND token = $2 AND expires_at > clock_timestamp()`,
    [lease.deploymentId, lease.token],
  );
  return (rowCount ?? 0) > 0;
}

export interface LeaseState extends Lease {
  /** Whether it is unexpired now (database time). */
  held: boolean;
}

/** The deployment's lease as stored, or undefined when none was ever taken. */
export async function readLease(db: Queryable, deploymentId: number): Promise<LeaseState | undefined> {
  const { rows } = await db.query<LeaseRow & { held: boolean }>(
    `SELECT deployment_id, holder, token, ttl_ms, expires_at, expires_at > clock_timestamp() AS held
       FROM leases WHERE deployment_id = $1`,
    [deploymentId],
  );
  return rows[0] ? { ...toLease(rows[0]), held: rows[0].held } : undefined;
}

/**
 * Marks the transaction as written under `fence`: the orders trigger checks it on every fenced
 * write (create, send, cancel request). Must run inside the transaction (SET LOCAL semantics).
 */
export async function applyFence(client: PoolClient, fence: Fence | null): Promise<void> {
  await client.query("SELECT set_config('app.lease_token', $1, true)", [fence ? String(fence.token) : '']);
}

/** True for the error a write raises when its fence is not the current lease. */
export function isFenceError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === FENCE_SQLSTATE;
}

/** A fence refusal as the application error the caller sees (LEASE_LOST), anything else as is. */
export function fenceErrorToAppError(err: unknown, fence: Fence | null): unknown {
  if (!isFenceError(err)) return err;
  return new AppError(
    'LEASE_LOST',
    `deployment ${fence?.deploymentId}: this daemon no longer holds its lease (token ${fence?.token}); the write was refused`,
    { deploymentId: fence?.deploymentId, token: fence?.token },
    { cause: err },
  );
}
