// Crash recovery. A daemon killed mid-run (SIGKILL, power loss) leaves its pg-boss job "active"
// until the queue's expiry — an hour for backtests, because a long run must not be expired while
// it is alive. pg-boss 10 has no worker heartbeat, so the backtest row carries one (written every
// second by the worker) and every worker daemon runs this reaper: a run whose heartbeat is older
// than `staleMs` has lost its worker, and its job is failed so that pg-boss retries it (on any
// daemon) within seconds. The new attempt's result write is guarded by the attempt number, so
// even a presumed-dead worker that wakes up cannot write a second result.
//
// It also settles rows whose job ended without the handler recording it, and finishes sweep
// parents whose last coordinator was lost.
import { withTransaction, type PoolClient } from '../db/pool';
import { bossDb, wakeWorkers } from '../jobs/transactional-enqueue';
import { publishProgress } from './backtest-events';
import { coordinateParent, type CoordinatorDeps } from './coordinate-parent';

// A run (or a sweep still to be planned) whose job pg-boss holds as active but that shows no sign
// of life — its heartbeat, or the job's start when it never got as far as claiming — or whose
// job ended without the row being settled.
const JOINED = `
  FROM backtests b
  LEFT JOIN pgboss.job j ON j.name = (CASE WHEN b.kind = 'single' THEN 'backtest.run' ELSE 'backtest.sweep' END)
                        AND j.id = b.job_id`;
const STALE = `
  b.status IN ('queued', 'running') AND (b.kind = 'single' OR b.status = 'queued')
  AND CASE
        WHEN j.state = 'active' THEN
          greatest(CASE WHEN b.status = 'running' THEN b.heartbeat_at END, j.started_on) < now() - make_interval(secs => $1)
        WHEN j.state IS NULL OR j.state IN ('completed', 'failed', 'cancelled') THEN
          coalesce(b.heartbeat_at, b.queued_at) < now() - make_interval(secs => $1)
        ELSE false
      END`;
const CANDIDATES = `SELECT b.id ${JOINED} WHERE ${STALE} LIMIT 50`;
const RECHECK = `
  SELECT b.owner_id, b.parent_id, b.kind, b.job_id, j.state ${JOINED}
   WHERE ${STALE} AND b.id = $2 FOR UPDATE OF b`;

const STRANDED_PARENTS = `
  SELECT p.id FROM backtests p
   WHERE p.kind <> 'single' AND p.status = 'running' AND p.started_at < now() - make_interval(secs => $1)
     AND NOT EXISTS (SELECT 1 FROM backtests c WHERE c.parent_id = p.id AND c.status IN ('queued', 'running'))
   LIMIT 20`;

interface Settled {
  ownerId: number;
  queue: 'backtest.run' | 'backtest.sweep';
  parentId: number | null;
  status: 'queued' | 'failed' | 'cancelled';
}

/** Re-checks one candidate under locks and settles it; undefined when it came back to life. */
async function settle(c: PoolClient, deps: CoordinatorDeps, id: number, staleSeconds: number) {
  const { rows } = await c.query(RECHECK, [staleSeconds, id]);
  const row = rows[0];
  if (!row) return undefined;
  const queue: Settled['queue'] = row.kind === 'single' ? 'backtest.run' : 'backtest.sweep';
  let state: string | null = row.state;
  const message = `worker lost: no sign of life for ${staleSeconds} s`;
  if (state === 'active') {
    await deps.boss.fail(queue, row.job_id, { message }, { db: bossDb(c) });
    state = (await c.query(`SELECT state FROM pgboss.job WHERE name = $1 AND id = $2`, [queue, row.job_id]))
      .rows[0]?.state;
  }
  const status: Settled['status'] =
    state === 'retry' ? 'queued' : state === 'cancelled' ? 'cancelled' : 'failed';
  const error =
    state === 'retry'
      ? `${message}; retrying`
      : state === 'active'
        ? message
        : `${message}; the job ended (${state ?? 'archived'})`;
  await c.query(
    `UPDATE backtests SET status = $2, error = $3, finished_at = CASE WHEN $2 = 'queued' THEN NULL ELSE now() END WHERE id = $1`,
    [id, status, error],
  );
  return { ownerId: row.owner_id, queue, parentId: row.parent_id, status } satisfies Settled;
}

export async function reapStaleRuns(deps: CoordinatorDeps, staleSeconds: number): Promise<number> {
  const { rows } = await deps.pool.query<{ id: number }>(CANDIDATES, [staleSeconds]);
  for (const { id } of rows) {
    const settled = await withTransaction(deps.pool, (c) => settle(c, deps, id, staleSeconds));
    if (!settled) continue;
    deps.log.warn({ backtestId: id, status: settled.status }, 'backtest run lost its worker');
    await publishProgress(deps.bus, settled.ownerId, {
      backtestId: id,
      parentId: settled.parentId,
      status: settled.status,
      percent: 0,
      barsPerSecond: null,
    });
    if (settled.status === 'queued') await wakeWorkers(deps.bus, settled.queue);
    if (settled.parentId && settled.status !== 'queued') await coordinateParent(deps, settled.parentId);
  }
  const parents = await deps.pool.query<{ id: number }>(STRANDED_PARENTS, [staleSeconds]);
  for (const { id } of parents.rows) await coordinateParent(deps, id);
  return rows.length;
}

/** Runs the reaper every `intervalMs` until the daemon's pool closes. */
export function startStaleRunReaper(
  deps: CoordinatorDeps,
  options: { intervalMs: number; staleSeconds: number },
) {
  let busy = false;
  const timer = setInterval(() => {
    if (deps.pool.ending) return clearInterval(timer);
    if (busy) return;
    busy = true;
    reapStaleRuns(deps, options.staleSeconds)
      .catch((err: Error) => deps.log.warn({ err: err.message }, 'backtest reaper pass failed'))
      .finally(() => (busy = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
