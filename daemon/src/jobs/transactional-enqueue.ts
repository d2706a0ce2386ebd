// Enqueueing inside the caller's transaction — the outbox the domains use. A domain row that
// stands for work (a backtest, a market ingest) and the pg-boss job that does the work are written
// by one transaction, so a crash between the statements leaves neither, never a row without a job
// or a job without a row. pg-boss writes its job rows through our client (its `db` option).
//
// The caller picks each job's id (newJobId) so its own row can name the job in the same
// transaction. Wake the workers after COMMIT (wakeWorkers): before it, they would find nothing.
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Boss } from './boss';
import type { QueueName } from './queues';

export interface OutboxJob {
  /** A UUID (newJobId), stored on the caller's row too. */
  id: string;
  data: object;
}

export interface EnqueueInTransactionOptions {
  /**
   * The role the caller's transaction runs as, when it runs in a user's row-level-security scope
   * ('quanttrade_app', db/user-scope.ts); null or absent for system callers. pg-boss' tables are
   * open only to the daemon's own role, so the insert steps out of this role and back.
   */
  scopeRole?: string | null;
}

/**
 * pg-boss' database seam over one of our clients, so a pg-boss call (insert, fail, …) joins the
 * transaction open on it.
 */
export function bossDb(client: PoolClient): PgBoss.Db {
  return { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
}

/** A job id for enqueueInTransaction (pg-boss ids are UUIDs). */
export function newJobId(): string {
  return randomUUID();
}

/**
 * Inserts `jobs` on `queue` inside the transaction open on `client`. Throws CONFLICT — and the
 * caller's transaction rolls back — when pg-boss declined any of them (a stately queue already
 * holding one, an undeclared queue): a domain row must never be committed without its job.
 */
export async function enqueueInTransaction(
  client: PoolClient,
  boss: Boss,
  queue: QueueName,
  jobs: readonly OutboxJob[],
  options: EnqueueInTransactionOptions = {},
): Promise<void> {
  if (jobs.length === 0) return;
  const scopeRole = options.scopeRole ?? null;
  let inserted = 0;
  const db: PgBoss.Db = {
    async executeSql(text: string, values: unknown[]) {
      const result = await client.query(text, values);
      inserted += result.rowCount ?? 0;
      return result;
    },
  };
  if (scopeRole) await client.query('SET LOCAL ROLE NONE');
  await boss.insert(
    jobs.map((j) => ({ name: queue, id: j.id, data: j.data })),
    { db },
  );
  if (scopeRole) await client.query(`SELECT set_config('role', $1, true)`, [scopeRole]);
  const declined = jobs.length - inserted;
  if (declined > 0) {
    const message = `${declined} of ${jobs.length} ${queue} jobs were not queued`;
    throw new AppError('CONFLICT', message, { queue });
  }
}

/**
 * Wakes idle workers of `queue` on every daemon, as JobQueue.enqueue does after its own send.
 * Call it after the transaction that enqueued committed.
 */
export function wakeWorkers(bus: EventBus, queue: QueueName): Promise<void> {
  return bus.publish('jobs.enqueued', { queue });
}
