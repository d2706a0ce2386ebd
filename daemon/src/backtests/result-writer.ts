// Writes a finished run's results — the row's statistics and booked amounts, the compact equity
// curve, every closed trade — once, in one transaction. The first statement flips the row from
// running to succeeded for the attempt that claimed it; if that matches nothing (the run was
// cancelled, or taken over by another worker after this one was presumed dead), nothing is
// written. The primary keys of backtest_equity (backtest_id) and backtest_trades (backtest_id,
// seq) are the last line: a second result set for one backtest cannot exist.
import { formatRupees } from '../core/money';
import type { Trade } from '../core/position';
import { withTransaction, type Pool, type PoolClient } from '../db/pool';
import type { BacktestResult } from '../engine/result';
import { statsToJson } from './stats-json';

export interface ResultOwner {
  backtestId: number;
  attempt: number;
  ownerId: number;
}

/** Rows per INSERT: big enough to amortise the round trip, small enough for one message. */
const TRADE_CHUNK = 5000;

/** Prices are stored to 4 decimals (numeric(20,4)); the engine's are tick multiples already. */
const price = (p: number) => p.toFixed(4);
const quantity = (q: number) => (Number.isInteger(q) ? String(q) : q.toFixed(4));

async function markSucceeded(c: PoolClient, owner: ResultOwner, result: BacktestResult, barsPerSecond: number) {
  const { rowCount } = await c.query(
    `UPDATE backtests
        SET status = 'succeeded', progress = 100, stats = $3, final_value = $4, final_cash = $5,
            total_costs = $6, bars_processed = $7, bars_per_second = $8, finished_at = now(),
            heartbeat_at = now(), error = NULL
      WHERE id = $1 AND attempt = $2 AND status = 'running'`,
    [
      owner.backtestId,
      owner.attempt,
      statsToJson(result.stats),
      formatRupees(result.finalValue),
      formatRupees(result.cash),
      formatRupees(result.stats.costs.total),
      result.barsProcessed,
      barsPerSecond,
    ],
  );
  return rowCount === 1;
}

async function insertEquity(c: PoolClient, owner: ResultOwner, result: BacktestResult) {
  const e = result.equity;
  await c.query(
    `INSERT INTO backtest_equity (backtest_id, owner_id, ts, equity, drawdown, benchmark)
     VALUES ($1, $2, $3::float8[]::bigint[], $4, $5, $6)`,
    [owner.backtestId, owner.ownerId, Array.from(e.time), Array.from(e.value), Array.from(e.drawdown), Array.from(e.benchmark)],
  );
}

async function insertTrades(c: PoolClient, owner: ResultOwner, trades: BacktestResult['trades']) {
  for (let start = 0; start < trades.length; start += TRADE_CHUNK) {
    const rows: Trade[] = [];
    for (let i = start; i < Math.min(trades.length, start + TRADE_CHUNK); i++) rows.push(trades.at(i)!);
    await c.query(
      `INSERT INTO backtest_trades (backtest_id, owner_id, seq, symbol, side, qty, entry_time, entry_price,
                                    exit_time, exit_price, pnl, net_pnl, costs)
       SELECT $1, $2, $3::int + ord - 1, symbol, side, qty, to_timestamp(entry_ms / 1000.0), entry_price,
              to_timestamp(exit_ms / 1000.0), exit_price, pnl, net_pnl, costs
         FROM unnest($4::text[], $5::text[], $6::numeric[], $7::float8[], $8::numeric[], $9::float8[],
                     $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])
              WITH ORDINALITY AS t(symbol, side, qty, entry_ms, entry_price, exit_ms, exit_price, pnl, net_pnl, costs, ord)`,
      [
        owner.backtestId,
        owner.ownerId,
        start,
        rows.map((t) => t.symbol),
        rows.map((t) => t.side),
        rows.map((t) => quantity(t.qty)),
        rows.map((t) => t.entryTime),
        rows.map((t) => price(t.entryPrice)),
        rows.map((t) => t.exitTime),
        rows.map((t) => price(t.exitPrice)),
        rows.map((t) => formatRupees(t.pnl)),
        rows.map((t) => formatRupees(t.netPnl)),
        rows.map((t) => formatRupees(t.costs)),
      ],
    );
  }
}

/** True when written; false when this attempt no longer owns the run (nothing was written). */
export function writeResult(
  pool: Pool,
  owner: ResultOwner,
  result: BacktestResult,
  barsPerSecond: number,
): Promise<boolean> {
  return withTransaction(pool, async (c) => {
    if (!(await markSucceeded(c, owner, result, barsPerSecond))) return false;
    await insertEquity(c, owner, result);
    await insertTrades(c, owner, result.trades);
    return true;
  });
}
