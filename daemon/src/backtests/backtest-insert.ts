// Creating backtest rows and their pg-boss jobs in one transaction, through the jobs domain's
// outbox (jobs/transactional-enqueue.ts): a row without a job, or a job without a row, can never
// exist. Rows are written in the caller's scope (RLS checks owner_id for user requests); the jobs
// go into pg-boss' tables, which only the daemon's own database role may touch.
import type { PoolClient } from '../db/pool';
import type { Boss } from '../jobs/boss';
import type { QueueName } from '../jobs/queues';
import { enqueueInTransaction, newJobId } from '../jobs/transactional-enqueue';
import type { RunSpec } from './run-spec';

export interface NewBacktest {
  ownerId: number;
  kind: 'single' | 'sweep' | 'walk-forward';
  parentId: number | null;
  strategyId: number | null;
  strategyVersion: number | null;
  spec: RunSpec | Record<string, unknown>;
  /** Rupees as an exact decimal string (core/money formatRupees). */
  initialCash: string;
  range: { from: number; to: number };
  rankBy?: string | null;
  plan?: Record<string, unknown>;
  /** The universe holds synthetic (generated) bars. */
  synthetic?: boolean;
}

export interface CreatedBacktest {
  id: number;
  jobId: string;
  queuedAt: string;
}

const INSERT = `
  INSERT INTO backtests (owner_id, kind, parent_id, strategy_id, strategy_version, spec, initial_cash,
                         range_from, range_to, job_id, rank_by, plan, synthetic)
  SELECT owner_id, kind, parent_id, strategy_id, strategy_version, spec, initial_cash,
         to_timestamp(range_from / 1000.0), to_timestamp(range_to / 1000.0), job_id, rank_by, plan,
         coalesce(synthetic, false)
    FROM jsonb_to_recordset($1::jsonb) AS x(owner_id bigint, kind text, parent_id bigint, strategy_id bigint,
         strategy_version int, spec jsonb, initial_cash numeric, range_from float8, range_to float8, job_id uuid,
         rank_by text, plan jsonb, synthetic boolean)
  RETURNING id, job_id, queued_at`;

/**
 * Inserts the rows and one job per row on `queue` (data: { backtestId }), inside the caller's
 * open transaction: in a user's scope (`scopeRole` 'quanttrade_app'), or as the system (null).
 * Wake the workers after COMMIT (wakeWorkers).
 */
export async function insertBacktests(
  client: PoolClient,
  boss: Boss,
  queue: QueueName,
  rows: readonly NewBacktest[],
  scopeRole: string | null,
): Promise<CreatedBacktest[]> {
  if (rows.length === 0) return [];
  const records = rows.map((r) => ({
    owner_id: r.ownerId,
    kind: r.kind,
    parent_id: r.parentId,
    strategy_id: r.strategyId,
    strategy_version: r.strategyVersion,
    spec: r.spec,
    initial_cash: r.initialCash,
    range_from: r.range.from,
    range_to: r.range.to,
    job_id: newJobId(),
    rank_by: r.rankBy ?? null,
    plan: r.plan ?? {},
    synthetic: r.synthetic ?? false,
  }));
  const { rows: inserted } = await client.query<{ id: number; job_id: string; queued_at: Date }>(INSERT, [
    JSON.stringify(records),
  ]);
  const byJob = new Map(inserted.map((r) => [r.job_id, r]));
  const jobs = inserted.map((r) => ({ id: r.job_id, data: { backtestId: r.id } }));
  await enqueueInTransaction(client, boss, queue, jobs, { scopeRole });
  return records.map((r) => {
    const row = byJob.get(r.job_id)!;
    return { id: row.id, jobId: row.job_id, queuedAt: row.queued_at.toISOString() };
  });
}
