// Cancelling a backtest, or a sweep or walk-forward run with all its children. Queued runs are
// cancelled on the spot (and their jobs withdrawn); running ones are asked to stop: the job
// queue aborts the handler on whichever daemon runs it, which stops the engine at its next
// checkpoint and terminates the worker thread if that takes longer than a moment. The worker's
// heartbeat also reads the request, so a lost event delays the stop by a second at most.
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { JobQueue } from '../jobs/job-queue';
import { publishProgress } from './backtest-events';
import { getBacktest, notFound, type Backtest, type BacktestStatus } from './backtest-store';
import type { Caller } from './backtest-submit';
import { coordinateParent } from './coordinate-parent';

interface Changed {
  id: number;
  owner_id: number;
  parent_id: number | null;
  kind: string;
  status: BacktestStatus;
  job_id: string | null;
}

const MARK = `
  UPDATE backtests
     SET cancel_requested_at = coalesce(cancel_requested_at, now()),
         status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
         finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
         error = CASE WHEN status = 'queued' THEN 'cancelled before it started' ELSE error END
   WHERE (id = $1 OR parent_id = $1) AND status IN ('queued', 'running')
   RETURNING id, owner_id, parent_id, kind, status, job_id`;

const queueOf = (kind: string) => (kind === 'single' ? 'backtest.run' : 'backtest.sweep');

async function withdrawJobs(jobs: JobQueue, changed: Changed[]): Promise<void> {
  const queued = changed.filter((c) => c.status === 'cancelled' && c.job_id);
  for (const queue of ['backtest.run', 'backtest.sweep'] as const) {
    const ids = queued.filter((c) => queueOf(c.kind) === queue).map((c) => c.job_id!);
    if (ids.length) await jobs.boss.cancel(queue, ids);
  }
  // Running: cancel through the seam, which aborts the running handler wherever it is.
  for (const c of changed.filter((r) => r.status === 'running' && r.kind === 'single' && r.job_id))
    await jobs.cancel('backtest.run', c.job_id!);
}

export async function cancelBacktest(
  caller: Caller & { jobs: JobQueue; pool: Pool; log: Logger },
  id: number,
): Promise<Backtest> {
  const changed = await caller.asUser(async (db) => {
    // Lock the target first: a sweep being planned right now either sees this cancel, or has
    // committed its children before the UPDATE below takes its snapshot.
    const { rowCount } = await db.query(`SELECT 1 FROM backtests WHERE id = $1 FOR UPDATE`, [id]);
    if (!rowCount) throw notFound(id);
    return (await db.query<Changed>(MARK, [id])).rows;
  });
  await withdrawJobs(caller.jobs, changed);
  for (const c of changed.filter((r) => r.status === 'cancelled'))
    await publishProgress(caller.bus, c.owner_id, {
      backtestId: c.id,
      parentId: c.parent_id,
      status: 'cancelled',
      percent: 0,
      barsPerSecond: null,
    });
  // A parent may have nothing left to wait for: let it finish now rather than at the reaper's pass.
  const parents = new Set(
    changed.flatMap((c) => (c.kind !== 'single' ? [c.id] : c.parent_id ? [c.parent_id] : [])),
  );
  for (const parentId of parents)
    await coordinateParent(
      { pool: caller.pool, boss: caller.boss, bus: caller.bus, log: caller.log },
      parentId,
    );
  return caller.asUser((db) => getBacktest(db, id));
}
