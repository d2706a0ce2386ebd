// Writes a finished run's results — the row's statistics and booked amounts, the compact equity
// curve, every closed trade, the order log (order-arrays.ts) — once, in one transaction. The
// write flips the row from running to succeeded for the attempt that claimed it; if that matches
// nothing (the run was cancelled, or taken over by another worker after this one was presumed
// dead), nothing is written. The primary keys of backtest_equity and backtest_orders
// (backtest_id) and backtest_trades (backtest_id, seq) are the last line: a second result set for
// one backtest cannot exist.
import { formatRupees } from '../core/money';
import type { Trade } from '../core/position';
import { withTransaction, type Pool, type PoolClient } from '../db/pool';
import type { BacktestResult } from '../engine/result';
import { insertOrders, orderArrays } from './order-arrays';
import { statsToJson } from './stats-json';

export interface ResultOwner {
  backtestId: number;
  attempt: number;
  ownerId: number;
}

/** Rows per statement: big enough to amortise the round trip, small enough for one message. */
const TRADE_CHUNK = 5000;

/** Prices are stored to 4 decimals (numeric(20,4)); the engine's are tick multiples already. */
const price = (p: number) => p.toFixed(4);
const quantity = (q: number) => (Number.isInteger(q) ? String(q) : q.toFixed(4));

// Array literals built here rather than by the driver, which escapes every element of every
// array one by one: for a 2,000-point curve that was most of a small run's cost. Numbers and
// our decimal strings need no quoting; symbols are quoted.
// (A typed array's own join is several times faster than Array.prototype.join over it.)
const numbers = (values: Float64Array | number[]) => `{${values.join(',')}}`;
const decimals = (values: string[]) => `{${values.join(',')}}`;
const texts = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

function tradeArrays(trades: BacktestResult['trades'], start: number, end: number): string[] {
  const rows: Trade[] = [];
  for (let i = start; i < end; i++) rows.push(trades.at(i)!);
  return [
    texts(rows.map((t) => t.symbol)),
    texts(rows.map((t) => t.side)),
    decimals(rows.map((t) => quantity(t.qty))),
    numbers(rows.map((t) => t.entryTime)),
    decimals(rows.map((t) => price(t.entryPrice))),
    numbers(rows.map((t) => t.exitTime)),
    decimals(rows.map((t) => price(t.exitPrice))),
    decimals(rows.map((t) => formatRupees(t.pnl))),
    decimals(rows.map((t) => formatRupees(t.netPnl))),
    decimals(rows.map((t) => formatRupees(t.costs))),
  ];
}

/** INSERT … SELECT of one chunk of trades, from parameters $first.. (11 of them). */
function insertTrades(first: number, from: string): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO backtest_trades (backtest_id, owner_id, seq, symbol, side, qty, entry_time, entry_price,
                                      exit_time, exit_price, pnl, net_pnl, costs)
    SELECT b.id, b.owner_id, ${p(0)}::int + t.ord - 1, t.symbol, t.side, t.qty, to_timestamp(t.entry_ms / 1000.0),
           t.entry_price, to_timestamp(t.exit_ms / 1000.0), t.exit_price, t.pnl, t.net_pnl, t.costs
      FROM ${from} b,
           unnest(${p(1)}::text[], ${p(2)}::text[], ${p(3)}::numeric[], ${p(4)}::float8[], ${p(5)}::numeric[],
                  ${p(6)}::float8[], ${p(7)}::numeric[], ${p(8)}::numeric[], ${p(9)}::numeric[], ${p(10)}::numeric[])
             WITH ORDINALITY AS t(symbol, side, qty, entry_ms, entry_price, exit_ms, exit_price, pnl, net_pnl, costs, ord)`;
}

// One statement, hence one transaction: flip the row to succeeded for this attempt, and only if
// that matched, insert the curve and the first chunk of trades.
const WRITE = `
  WITH done AS (
    UPDATE backtests
       SET status = 'succeeded', progress = 100, stats = $3, final_value = $4, final_cash = $5,
           total_costs = $6, bars_processed = $7, bars_per_second = $8, finished_at = now(),
           heartbeat_at = now(), error = NULL
     WHERE id = $1 AND attempt = $2 AND status = 'running'
     RETURNING id, owner_id
  ), equity AS (
    INSERT INTO backtest_equity (backtest_id, owner_id, ts, equity, drawdown, benchmark)
    SELECT id, owner_id, $9::float8[]::bigint[], $10::float8[], $11::float8[], $12::float8[] FROM done
  ), trades AS (${insertTrades(13, 'done')}
  ), orders AS (${insertOrders(24, 'done')})
  SELECT count(*)::int AS written FROM done`;

function writeParams(
  owner: ResultOwner,
  result: BacktestResult,
  barsPerSecond: number,
  firstChunk: number,
): unknown[] {
  const e = result.equity;
  return [
    owner.backtestId,
    owner.attempt,
    statsToJson(result.stats),
    formatRupees(result.finalValue),
    formatRupees(result.cash),
    formatRupees(result.stats.costs.total),
    result.barsProcessed,
    barsPerSecond,
    numbers(e.time),
    numbers(e.value),
    numbers(e.drawdown),
    numbers(e.benchmark),
    0,
    ...tradeArrays(result.trades, 0, firstChunk),
    ...orderArrays(result.orders),
  ];
}

async function write(
  c: Pool | PoolClient,
  owner: ResultOwner,
  result: BacktestResult,
  barsPerSecond: number,
) {
  const first = Math.min(result.trades.length, TRADE_CHUNK);
  const { rows } = await c.query<{ written: number }>(
    WRITE,
    writeParams(owner, result, barsPerSecond, first),
  );
  if (rows[0]!.written !== 1) return false;
  for (let start = first; start < result.trades.length; start += TRADE_CHUNK) {
    const end = Math.min(result.trades.length, start + TRADE_CHUNK);
    await c.query(insertTrades(2, `(SELECT id, owner_id FROM backtests WHERE id = $1) `), [
      owner.backtestId,
      start,
      ...tradeArrays(result.trades, start, end),
    ]);
  }
  return true;
}

/** True when written; false when this attempt no longer owns the run (nothing was written). */
export function writeResult(
  pool: Pool,
  owner: ResultOwner,
  result: BacktestResult,
  barsPerSecond: number,
): Promise<boolean> {
  // Most runs fit one statement, which is a transaction of its own; more trades than a chunk
  // need several statements, in one explicit transaction.
  if (result.trades.length <= TRADE_CHUNK) return write(pool, owner, result, barsPerSecond);
  return withTransaction(pool, (c) => write(c, owner, result, barsPerSecond));
}
