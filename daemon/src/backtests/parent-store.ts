// SQL for sweep and walk-forward parents, acting for the system (the sweep job and the
// coordinator). Every change to a parent happens with its row locked (FOR UPDATE): the planner,
// each finishing child's coordinator and a cancel take turns, so none of them sees half of
// another's work.
import type { PoolClient } from '../db/pool';
import type { BacktestStatus } from './backtest-store';
import type { ParentRow } from './plan-children';

export interface LockedParent extends ParentRow {
  status: BacktestStatus;
  cancelRequested: boolean;
}

export async function lockParent(c: PoolClient, id: number): Promise<LockedParent | undefined> {
  const { rows } = await c.query(
    `SELECT id, owner_id, kind, status, strategy_id, strategy_version, initial_cash, rank_by, spec, plan,
            synthetic, cancel_requested_at IS NOT NULL AS cancel,
            extract(epoch FROM range_from) * 1000 AS from_ms, extract(epoch FROM range_to) * 1000 AS to_ms
       FROM backtests WHERE id = $1 AND kind <> 'single' FOR UPDATE`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    ownerId: r.owner_id,
    kind: r.kind,
    status: r.status,
    strategyId: r.strategy_id,
    strategyVersion: r.strategy_version,
    initialCash: r.initial_cash,
    rankBy: r.rank_by ?? 'sharpe',
    spec: r.spec,
    plan: r.plan,
    cancelRequested: r.cancel,
    range: { from: Number(r.from_ms), to: Number(r.to_ms) },
    synthetic: r.synthetic === true,
  };
}

export async function hasChildren(c: PoolClient, parentId: number): Promise<boolean> {
  const { rows } = await c.query(`SELECT EXISTS (SELECT 1 FROM backtests WHERE parent_id = $1) AS any`, [
    parentId,
  ]);
  return rows[0].any as boolean;
}

export async function markParentRunning(c: PoolClient, parentId: number): Promise<void> {
  await c.query(
    `UPDATE backtests SET status = 'running', started_at = coalesce(started_at, now()), attempt = attempt + 1
      WHERE id = $1`,
    [parentId],
  );
}

export async function setParentProgress(c: PoolClient, parentId: number, percent: number): Promise<void> {
  await c.query(`UPDATE backtests SET progress = $2 WHERE id = $1`, [parentId, percent]);
}

export async function finishParent(
  c: PoolClient,
  parentId: number,
  status: Extract<BacktestStatus, 'succeeded' | 'failed' | 'cancelled'>,
  stats: Record<string, unknown> | null,
  error: string | null,
): Promise<void> {
  await c.query(
    `UPDATE backtests SET status = $2, stats = $3, error = $4, progress = 100, finished_at = now() WHERE id = $1`,
    [parentId, status, stats, error],
  );
}

export interface ChildRow {
  id: number;
  status: BacktestStatus;
  role: string;
  fold: number | null;
  /** Index of the child's point in the grid (null for out-of-sample runs). */
  point: number | null;
  values: Record<string, unknown>;
  params: Record<string, unknown>;
  /** The parent's ranking statistic (null without one); "Infinity" arrives as a string. */
  value: number | string | null;
  totalReturn: number | null;
}

/** Every child with its ranking value, best first (by the parent's rankBy), unfinished last. */
export async function readChildren(c: PoolClient, parentId: number, orderBy: string): Promise<ChildRow[]> {
  const { rows } = await c.query(
    `SELECT b.id, b.status, b.plan ->> 'role' AS role, (b.plan ->> 'fold')::int AS fold,
            (b.plan ->> 'point')::int AS point, b.plan -> 'values' AS values,
            b.spec -> 'params' AS params, b.stats -> p.rank_by AS value, (b.stats ->> 'totalReturn')::float8 AS total_return
       FROM backtests b JOIN backtests p ON p.id = b.parent_id
      WHERE b.parent_id = $1
      ORDER BY (b.status = 'succeeded') DESC, ${orderBy}`,
    [parentId],
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    role: r.role,
    fold: r.fold,
    point: r.point,
    values: r.values ?? {},
    params: r.params ?? {},
    value: r.value,
    totalReturn: r.total_return,
  }));
}
