// backtests.results: a finished run's statistics, its equity and drawdown curves downsampled to
// the points a chart asked for, and a page of its trades (exact decimal strings, as stored). For
// sweeps and walk-forward runs: the parent's summary and a page of children ranked by its
// statistic. Every query runs in the caller's row-level-security scope.
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { getBacktest, type Backtest } from './backtest-store';
import { rankOrderBy } from './rank-stats';
import { downsampleEquity, type EquitySeries } from './series-downsample';

export const resultsInput = z.strictObject({
  id: z.number().int().positive(),
  points: z.int().min(10).max(20_000).default(500).describe('Most points of the equity and drawdown curves'),
  offset: z.int().min(0).default(0).describe('First trade (or ranked child) of the page'),
  limit: z.int().min(1).max(1000).default(100).describe('Trades (or ranked children) per page'),
});
export type ResultsInput = z.output<typeof resultsInput>;

export interface TradeRow {
  seq: number;
  symbol: string;
  side: 'long' | 'short';
  qty: string;
  entryTime: string;
  entryPrice: string;
  exitTime: string;
  exitPrice: string;
  pnl: string;
  netPnl: string;
  costs: string;
}

export interface RankedChild {
  rank: number;
  backtestId: number;
  status: string;
  plan: Record<string, unknown>;
  value: unknown;
  stats: Record<string, unknown> | null;
}

export interface Results {
  backtest: Backtest;
  equity: EquitySeries | null;
  trades: { total: number; offset: number; items: TradeRow[] } | null;
  ranking: { total: number; offset: number; items: RankedChild[] } | null;
}

/**
 * The stored benchmark (the universe's price, or its mean price ratio) as the value of buying and
 * holding with the run's starting equity: what the equity chart draws as its second line.
 */
export function buyAndHold(
  equity: number[],
  benchmark: (number | null)[] | null,
): (number | null)[] | undefined {
  if (!benchmark || benchmark.length !== equity.length) return undefined;
  const first = benchmark.find((b): b is number => b !== null && Number.isFinite(b) && b > 0);
  if (first === undefined || equity.length === 0) return undefined;
  const start = equity[0]!;
  return benchmark.map((b) => (b === null || !Number.isFinite(b) ? null : (start * b) / first));
}

async function readEquity(db: PoolClient, id: number, points: number): Promise<EquitySeries | null> {
  const { rows } = await db.query<{
    time: number[];
    equity: number[];
    drawdown: number[];
    benchmark: (number | null)[] | null;
  }>(`SELECT ts::float8[] AS time, equity, drawdown, benchmark FROM backtest_equity WHERE backtest_id = $1`, [
    id,
  ]);
  const row = rows[0];
  if (!row) return null;
  const benchmark = buyAndHold(row.equity, row.benchmark);
  return downsampleEquity({ time: row.time, equity: row.equity, drawdown: row.drawdown, benchmark }, points);
}

/** ISO 8601 in UTC, as the API returns every time. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function readTrades(
  db: PoolClient,
  id: number,
  page: ResultsInput,
): Promise<NonNullable<Results['trades']>> {
  const [{ rows }, count] = [
    await db.query<TradeRow>(
      `SELECT seq, symbol, side, qty::text AS qty, ${iso('entry_time')} AS "entryTime", entry_price::text AS "entryPrice",
              ${iso('exit_time')} AS "exitTime", exit_price::text AS "exitPrice", pnl::text AS pnl,
              net_pnl::text AS "netPnl", costs::text AS costs
         FROM backtest_trades WHERE backtest_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
      [id, page.limit, page.offset],
    ),
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM backtest_trades WHERE backtest_id = $1`, [
      id,
    ]),
  ];
  return { total: count.rows[0]!.n, offset: page.offset, items: rows };
}

async function readRanking(
  db: PoolClient,
  parent: Backtest,
  page: ResultsInput,
): Promise<NonNullable<Results['ranking']>> {
  const rankBy = parent.rankBy ?? 'sharpe';
  const { rows } = await db.query(
    `SELECT b.id, b.status, b.plan, b.stats -> $2::text AS value, b.stats, count(*) OVER ()::int AS total
       FROM backtests b WHERE b.parent_id = $1
      ORDER BY (b.status = 'succeeded') DESC, ${rankOrderBy(rankBy)} LIMIT $3 OFFSET $4`,
    [parent.id, rankBy, page.limit, page.offset],
  );
  return {
    total: rows[0]?.total ?? 0,
    offset: page.offset,
    items: rows.map((r, i) => ({
      rank: page.offset + i + 1,
      backtestId: r.id,
      status: r.status,
      plan: r.plan,
      value: r.value,
      stats: r.stats,
    })),
  };
}

export async function readResults(db: PoolClient, input: ResultsInput): Promise<Results> {
  const backtest = await getBacktest(db, input.id);
  if (backtest.kind !== 'single')
    return { backtest, equity: null, trades: null, ranking: await readRanking(db, backtest, input) };
  if (backtest.status !== 'succeeded') {
    const why = backtest.error ? `: ${backtest.error}` : '';
    throw new AppError('CONFLICT', `backtest ${backtest.id} has no results: it is ${backtest.status}${why}`, {
      status: backtest.status,
    });
  }
  return {
    backtest,
    equity: await readEquity(db, backtest.id, input.points),
    trades: await readTrades(db, backtest.id, input),
    ranking: null,
  };
}
