// Creating backtest rows and their pg-boss jobs in one transaction (a transactional outbox): a
// row without a job, or a job without a row, can never exist. Rows are written in the caller's
// scope (RLS checks owner_id for user requests); the jobs go into pg-boss' tables, which only the
// daemon's own database role may touch, so the scope steps out of the app role for that insert.
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { PoolClient } from '../db/pool';
import type { Boss } from '../jobs/boss';
import type { QueueName } from '../jobs/queues';
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
}

export interface CreatedBacktest {
  id: number;
  jobId: string;
  queuedAt: string;
}

const INSERT = `
  INSERT INTO backtests (owner_id, kind, parent_id, strategy_id, strategy_version, spec, initial_cash,
                         range_from, range_to, job_id, rank_by, plan)
  SELECT owner_id, kind, parent_id, strategy_id, strategy_version, spec, initial_cash,
         to_timestamp(range_from / 1000.0), to_timestamp(range_to / 1000.0), job_id, rank_by, plan
    FROM jsonb_to_recordset($1::jsonb) AS x(owner_id bigint, kind text, parent_id bigint, strategy_id bigint,
         strategy_version int, spec jsonb, initial_cash numeric, range_from float8, range_to float8, job_id uuid,
         rank_by text, plan jsonb)
  RETURNING id, job_id, queued_at`;

/** The pg-boss Db shape over one of our clients, so pg-boss writes inside our transaction. */
export function bossDb(client: PoolClient): PgBoss.Db {
  return { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
}

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
    job_id: randomUUID(),
    rank_by: r.rankBy ?? null,
    plan: r.plan ?? {},
  }));
  const { rows: inserted } = await client.query<{ id: number; job_id: string; queued_at: Date }>(INSERT, [
    JSON.stringify(records),
  ]);
  const byJob = new Map(inserted.map((r) => [r.job_id, r]));
  await asDaemonRole(client, scopeRole, () => bossInsert(client, boss, queue, inserted));
  return records.map((r) => {
    const row = byJob.get(r.job_id)!;
    return { id: row.id, jobId: row.job_id, queuedAt: row.queued_at.toISOString() };
  });
}

/**
 * Runs `fn` as the daemon's own role, then returns to `scopeRole` (RLS applies again) — the role
 * the caller's scope had set (db/user-scope.ts), or none for system callers.
 */
async function asDaemonRole(
  client: PoolClient,
  scopeRole: string | null,
  fn: () => Promise<void>,
): Promise<void> {
  if (scopeRole) await client.query('SET LOCAL ROLE NONE');
  await fn();
  if (scopeRole) await client.query(`SELECT set_config('role', $1, true)`, [scopeRole]);
}

async function bossInsert(
  client: PoolClient,
  boss: Boss,
  queue: QueueName,
  rows: { id: number; job_id: string }[],
) {
  const jobs = rows.map((r) => ({ name: queue, id: r.job_id, data: { backtestId: r.id } }));
  await boss.insert(jobs, { db: bossDb(client) });
}
