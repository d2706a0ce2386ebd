// Reading backtests as users see them. Every function takes a client inside the caller's
// row-level-security scope: another user's backtest is simply not there (NOT_FOUND).
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';

export const BACKTEST_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];
export const FINISHED: readonly BacktestStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface Backtest {
  id: number;
  ownerId: number;
  kind: 'single' | 'sweep' | 'walk-forward';
  parentId: number | null;
  strategyId: number | null;
  strategyVersion: number | null;
  status: BacktestStatus;
  /** 0..100 */
  percent: number;
  barsPerSecond: number | null;
  barsProcessed: number | null;
  error: string | null;
  cancelRequested: boolean;
  attempt: number;
  spec: Record<string, unknown>;
  /** Rupees, exact decimal strings. */
  initialCash: string;
  finalValue: string | null;
  finalCash: string | null;
  totalCosts: string | null;
  rankBy: string | null;
  plan: Record<string, unknown>;
  /** Statistics (full in get, the headline figures in list); null until finished. */
  stats: Record<string, unknown> | null;
  rangeFrom: string | null;
  rangeTo: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The run's universe holds synthetic (generated) bars, not market prices. */
  synthetic: boolean;
  /** The saved strategy's name (null for inline templates). */
  strategyName: string | null;
}

// Sweeps and walk-forward runs list their best child and their stitched out-of-sample figures.
const HEADLINE = ['totalReturn', 'sharpe', 'maxDrawdown', 'trades', 'winRate', 'best', 'outOfSample'];

const COLUMNS = `b.id, b.owner_id, b.kind, b.parent_id, b.strategy_id, b.strategy_version, b.status, b.progress,
  b.bars_per_second, b.bars_processed, b.error, b.cancel_requested_at, b.attempt, b.spec, b.initial_cash,
  b.final_value, b.final_cash, b.total_costs, b.rank_by, b.plan, b.range_from, b.range_to, b.queued_at,
  b.started_at, b.finished_at, b.synthetic,
  (SELECT s.name FROM strategies s WHERE s.id = b.strategy_id) AS strategy_name`;

type Row = Record<string, unknown> & { stats: Record<string, unknown> | null };

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

function toBacktest(r: Row): Backtest {
  return {
    id: r.id as number,
    ownerId: r.owner_id as number,
    kind: r.kind as Backtest['kind'],
    parentId: (r.parent_id as number | null) ?? null,
    strategyId: (r.strategy_id as number | null) ?? null,
    strategyVersion: (r.strategy_version as number | null) ?? null,
    status: r.status as BacktestStatus,
    percent: r.progress as number,
    barsPerSecond: (r.bars_per_second as number | null) ?? null,
    barsProcessed: (r.bars_processed as number | null) ?? null,
    error: (r.error as string | null) ?? null,
    cancelRequested: r.cancel_requested_at !== null,
    attempt: r.attempt as number,
    spec: r.spec as Record<string, unknown>,
    initialCash: r.initial_cash as string,
    finalValue: (r.final_value as string | null) ?? null,
    finalCash: (r.final_cash as string | null) ?? null,
    totalCosts: (r.total_costs as string | null) ?? null,
    rankBy: (r.rank_by as string | null) ?? null,
    plan: r.plan as Record<string, unknown>,
    stats: r.stats,
    rangeFrom: iso(r.range_from),
    rangeTo: iso(r.range_to),
    queuedAt: iso(r.queued_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    synthetic: r.synthetic === true,
    strategyName: (r.strategy_name as string | null) ?? null,
  };
}

export function notFound(id: number): AppError {
  return new AppError('NOT_FOUND', `backtest ${id} does not exist (or is not yours)`, { id });
}

export async function getBacktest(db: PoolClient, id: number): Promise<Backtest> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS}, b.stats FROM backtests b WHERE b.id = $1`, [id]);
  if (!rows[0]) throw notFound(id);
  return toBacktest(rows[0]);
}

export interface BacktestFilter {
  status?: BacktestStatus[];
  kind?: Backtest['kind'];
  strategyId?: number;
  /** Children of this sweep or walk-forward run; top-level runs only when omitted. */
  parentId?: number;
  /** Runs whose universe includes this symbol. */
  symbol?: string;
  synthetic?: boolean;
  limit: number;
  offset: number;
}

export async function listBacktests(
  db: PoolClient,
  f: BacktestFilter,
): Promise<{ total: number; items: Backtest[] }> {
  const where = `WHERE ($1::text[] IS NULL OR b.status = ANY($1)) AND ($2::text IS NULL OR b.kind = $2)
      AND ($3::bigint IS NULL OR b.strategy_id = $3)
      AND (CASE WHEN $4::bigint IS NULL THEN b.parent_id IS NULL ELSE b.parent_id = $4 END)
      AND ($5::text IS NULL OR b.spec -> 'symbols' ? $5 OR b.spec -> 'base' -> 'symbols' ? $5)
      AND ($6::boolean IS NULL OR b.synthetic = $6)`;
  const params = [
    f.status ?? null,
    f.kind ?? null,
    f.strategyId ?? null,
    f.parentId ?? null,
    f.symbol?.toUpperCase() ?? null,
    f.synthetic ?? null,
  ];
  const headline = HEADLINE.map((k) => `'${k}', b.stats -> '${k}'`).join(', ');
  const items = await db.query<Row>(
    `SELECT ${COLUMNS}, CASE WHEN b.stats IS NULL THEN NULL ELSE jsonb_build_object(${headline}) END AS stats
       FROM backtests b ${where} ORDER BY b.queued_at DESC, b.id DESC LIMIT $7 OFFSET $8`,
    [...params, f.limit, f.offset],
  );
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM backtests b ${where}`, params);
  return { total: total.rows[0]!.n, items: items.rows.map(toBacktest) };
}

/** How many children a sweep or walk-forward run has, by status. */
export async function childCounts(db: PoolClient, parentId: number): Promise<Record<BacktestStatus, number>> {
  const { rows } = await db.query<{ status: BacktestStatus; n: number }>(
    `SELECT status, count(*)::int AS n FROM backtests WHERE parent_id = $1 GROUP BY status`,
    [parentId],
  );
  const counts = Object.fromEntries(BACKTEST_STATUSES.map((s) => [s, 0])) as Record<BacktestStatus, number>;
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
