// A backtest's results as export tables: its closed trades (exact decimals, as stored), its
// orders (the engine's order log) and its equity curve. Read through the caller's client, so row-level security decides what exists: a
// backtest of another user is NOT_FOUND, as everywhere else. Trades are read with a cursor, a
// batch at a time; the equity curve is one row of arrays of at most a few thousand points.
//
// Orders are not here: a backtest stores its trades and curve, not its order log. Storing it (a
// table written with the results) makes `orders` one more table in this file.
import Cursor from 'pg-cursor';
import { getBacktest } from '../backtests/backtest-store';
import type { PoolClient } from '../db/pool';
import { decimal, float64, int32, text, timestamp, type ColumnType, type ExportTable } from './table';

const TRADE_BATCH = 10_000;

export interface BacktestExport {
  id: number;
  tables: ExportTable[];
}

interface TradeRow {
  seq: number;
  symbol: string;
  side: string;
  qty: string;
  entry_ms: number;
  entry_price: string;
  exit_ms: number;
  exit_price: string;
  pnl: string;
  net_pnl: string;
  costs: string;
}

const TRADES = `SELECT seq, symbol, side, qty::text AS qty,
    (extract(epoch FROM entry_time) * 1000)::float8 AS entry_ms, entry_price::text AS entry_price,
    (extract(epoch FROM exit_time) * 1000)::float8 AS exit_ms, exit_price::text AS exit_price,
    pnl::text AS pnl, net_pnl::text AS net_pnl, costs::text AS costs
  FROM backtest_trades WHERE backtest_id = $1 ORDER BY seq`;

function tradesTable(db: PoolClient, id: number): ExportTable {
  const price = decimal(18, 4);
  const rupees = decimal(18, 2);
  return {
    name: `backtest-${id}-trades`,
    columns: [
      { name: 'seq', type: int32 },
      { name: 'symbol', type: text },
      { name: 'side', type: text },
      { name: 'qty', type: price },
      { name: 'entry_time', type: timestamp },
      { name: 'entry_price', type: price },
      { name: 'exit_time', type: timestamp },
      { name: 'exit_price', type: price },
      { name: 'pnl', type: rupees },
      { name: 'net_pnl', type: rupees },
      { name: 'costs', type: rupees },
    ],
    async *batches() {
      const cursor = db.query(new Cursor<TradeRow>(TRADES, [id]));
      try {
        for (;;) {
          const rows = await cursor.read(TRADE_BATCH);
          if (rows.length === 0) return;
          const column = <K extends keyof TradeRow>(key: K) => rows.map((r) => r[key]);
          yield {
            length: rows.length,
            values: [
              Int32Array.from(rows, (r) => r.seq),
              column('symbol'),
              column('side'),
              column('qty'),
              Float64Array.from(rows, (r) => r.entry_ms),
              column('entry_price'),
              Float64Array.from(rows, (r) => r.exit_ms),
              column('exit_price'),
              column('pnl'),
              column('net_pnl'),
              column('costs'),
            ],
          };
          if (rows.length < TRADE_BATCH) return;
        }
      } finally {
        await cursor.close();
      }
    },
  };
}

interface EquityRow {
  time: number[];
  equity: number[];
  drawdown: number[];
  benchmark: number[] | null;
}

function equityTable(db: PoolClient, id: number): ExportTable {
  return {
    name: `backtest-${id}-equity`,
    columns: [
      { name: 'time', type: timestamp },
      { name: 'equity', type: float64 },
      { name: 'drawdown', type: float64 },
      { name: 'benchmark', type: float64, nullable: true },
    ],
    async *batches() {
      const { rows } = await db.query<EquityRow>(
        `SELECT ts::float8[] AS time, equity, drawdown, benchmark FROM backtest_equity WHERE backtest_id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return;
      const n = row.time.length;
      const benchmark =
        row.benchmark && row.benchmark.length === n ? row.benchmark : new Array<number>(n).fill(Number.NaN);
      yield {
        length: n,
        values: [
          Float64Array.from(row.time),
          Float64Array.from(row.equity),
          Float64Array.from(row.drawdown),
          Float64Array.from(benchmark),
        ],
      };
    },
  };
}

const ORDER_BATCH = 50_000;

interface OrdersRow {
  symbol: string[];
  side: string[];
  type: string[];
  status: string[];
  reason: (string | null)[];
  tag: (string | null)[];
  qty: string[];
  limit_price: (string | null)[];
  stop_price: (string | null)[];
  created_ms: number[];
  done_ms: (number | null)[];
  fill_price: (string | null)[];
  costs: (string | null)[];
  parent_id: (number | null)[];
  oco_id: (number | null)[];
}

function ordersTable(db: PoolClient, id: number): ExportTable {
  const price = decimal(18, 4);
  const optional = (type: ColumnType) => ({ type, nullable: true });
  return {
    name: `backtest-${id}-orders`,
    columns: [
      { name: 'id', type: int32 },
      { name: 'symbol', type: text },
      { name: 'side', type: text },
      { name: 'type', type: text },
      { name: 'status', type: text },
      { name: 'reason', ...optional(text) },
      { name: 'tag', ...optional(text) },
      { name: 'qty', type: price },
      { name: 'limit_price', ...optional(price) },
      { name: 'stop_price', ...optional(price) },
      { name: 'created_time', type: timestamp },
      { name: 'done_time', ...optional(timestamp) },
      { name: 'fill_price', ...optional(price) },
      { name: 'costs', ...optional(decimal(18, 2)) },
      { name: 'parent_id', ...optional(int32) },
      { name: 'oco_id', ...optional(int32) },
    ],
    async *batches() {
      // Numbers as float8 (ms fit exactly), decimals as text: exact strings for the writers.
      const { rows } = await db.query<OrdersRow>(
        `SELECT symbol, side, type, status, reason, tag, qty::text[] AS qty, limit_price::text[] AS limit_price,
                stop_price::text[] AS stop_price, created_ms::float8[] AS created_ms, done_ms::float8[] AS done_ms,
                fill_price::text[] AS fill_price, costs::text[] AS costs, parent_id, oco_id
           FROM backtest_orders WHERE backtest_id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return;
      for (let start = 0; start < row.symbol.length; start += ORDER_BATCH) {
        const end = Math.min(row.symbol.length, start + ORDER_BATCH);
        const part = <T>(values: T[]) => values.slice(start, end);
        yield {
          length: end - start,
          values: [
            Int32Array.from({ length: end - start }, (_, i) => start + i + 1),
            part(row.symbol),
            part(row.side),
            part(row.type),
            part(row.status),
            part(row.reason),
            part(row.tag),
            part(row.qty),
            part(row.limit_price),
            part(row.stop_price),
            part(row.created_ms),
            part(row.done_ms),
            part(row.fill_price),
            part(row.costs),
            part(row.parent_id),
            part(row.oco_id),
          ],
        };
      }
    },
  };
}

/** The tables of a backtest visible on `db` (NOT_FOUND otherwise). */
export async function backtestTables(db: PoolClient, id: number): Promise<BacktestExport> {
  await getBacktest(db, id);
  return { id, tables: [tradesTable(db, id), ordersTable(db, id), equityTable(db, id)] };
}
