// A run's life in the backtests table, as the worker sees it. These queries act for the system
// (job handlers are not a user) and every write after the claim is conditional on the attempt the
// worker claimed: once another worker has taken the run over (after this daemon was presumed
// dead) or it was cancelled, a late write changes nothing.
import type { Pool } from '../db/pool';
import type { BacktestStatus } from './backtest-store';
import type { RunSpec } from './run-spec';

export interface Claim {
  backtestId: number;
  ownerId: number;
  parentId: number | null;
  attempt: number;
  spec: RunSpec;
  queuedAt: number;
  startedAt: number;
  /** True on the first claim (not a retry): submit-to-start is measured on these. */
  firstStart: boolean;
}

/**
 * Marks the run started by this worker. Undefined when there is nothing to run: cancelled,
 * finished, not a single run, or unknown.
 */
export async function claimRun(pool: Pool, backtestId: number, worker: string): Promise<Claim | undefined> {
  const { rows } = await pool.query<{
    owner_id: number;
    parent_id: number | null;
    attempt: number;
    spec: RunSpec;
    queued_at: Date;
    started_at: Date;
    first: boolean;
  }>(
    `UPDATE backtests
        SET status = 'running', attempt = attempt + 1, started_at = coalesce(started_at, now()),
            heartbeat_at = now(), worker = $2, progress = 0, bars_per_second = NULL
      WHERE id = $1 AND kind = 'single' AND status IN ('queued', 'running') AND cancel_requested_at IS NULL
      RETURNING owner_id, parent_id, attempt, spec, queued_at, started_at, attempt = 1 AS first`,
    [backtestId, worker],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    backtestId,
    ownerId: r.owner_id,
    parentId: r.parent_id,
    attempt: r.attempt,
    spec: r.spec,
    queuedAt: r.queued_at.getTime(),
    startedAt: r.started_at.getTime(),
    firstStart: r.first,
  };
}

export type Beat = 'running' | 'cancel' | 'lost';

/**
 * Proves the worker alive and stores progress. 'cancel': a user asked to cancel; 'lost': the run
 * is no longer this attempt's (taken over or finished) and must stop without writing.
 */
export async function beat(
  pool: Pool,
  claim: Claim,
  progress?: { percent: number; barsPerSecond: number },
): Promise<Beat> {
  const { rows } = await pool.query<{ cancel: boolean }>(
    `UPDATE backtests
        SET heartbeat_at = now(), progress = coalesce($3, progress), bars_per_second = coalesce($4, bars_per_second)
      WHERE id = $1 AND attempt = $2 AND status = 'running'
      RETURNING cancel_requested_at IS NOT NULL AS cancel`,
    [claim.backtestId, claim.attempt, progress?.percent ?? null, progress?.barsPerSecond ?? null],
  );
  if (!rows[0]) return 'lost';
  return rows[0].cancel ? 'cancel' : 'running';
}

/**
 * Ends this attempt without results: failed or cancelled for good, or back to queued when the job
 * will be retried (the message says why). False when the attempt no longer owns the run.
 */
export async function endAttempt(
  pool: Pool,
  claim: Claim,
  status: Extract<BacktestStatus, 'failed' | 'cancelled' | 'queued'>,
  error: string | null,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE backtests
        SET status = $3, error = $4, finished_at = CASE WHEN $3 = 'queued' THEN NULL ELSE now() END
      WHERE id = $1 AND attempt = $2 AND status = 'running'`,
    [claim.backtestId, claim.attempt, status, error],
  );
  return rowCount === 1;
}
