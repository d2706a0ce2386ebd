// A deployment's ledger as export tables: every fill with its charges by component (as booked,
// exact decimals), and its end-of-day reports one row per trading day. Read through the caller's
// client, so row-level security decides what exists: another user's deployment is NOT_FOUND.
// Fills are read with a cursor, a batch at a time; EOD reports are one row per day.
import Cursor from 'pg-cursor';
import { COST_COMPONENTS } from '../costs';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { decimal, int32, text, timestamp, type ExportTable } from './table';

const FILL_BATCH = 10_000;
export const DEPLOYMENT_TABLES = ['fills', 'eod'] as const;
export type DeploymentTableName = (typeof DEPLOYMENT_TABLES)[number];

export interface DeploymentExport {
  id: number;
  tables: ExportTable[];
}

// Charges are numeric(24, 6) in the ledger (a percentage commission keeps fractions of a paisa);
// 18 digits with 6 decimals hold ₹10^12, far beyond any one fill.
const charge = decimal(18, 6);
const price = decimal(18, 4);
const rupees = decimal(18, 2);

type FillRow = Record<string, string | number | null>;

const FILLS = `SELECT f.id::int AS id, (extract(epoch FROM f.filled_at) * 1000)::float8 AS time_ms,
    o.client_order_id, i.exchange || ':' || i.symbol AS symbol, f.product, f.side, f.qty::int AS qty,
    f.price::text AS price, f.value::text AS value,
    ${COST_COMPONENTS.map((c) => `f.${c}::text AS ${c}`).join(', ')},
    f.costs::text AS charges, f.realised_pnl::text AS realised_pnl, f.broker_trade_id
  FROM fills f JOIN orders o ON o.id = f.order_id JOIN instruments i ON i.id = f.instrument_id
  WHERE o.deployment_id = $1 ORDER BY f.filled_at, f.id`;

function fillsTable(db: PoolClient, id: number): ExportTable {
  const columns = [
    { name: 'fill_id', type: int32 },
    { name: 'time', type: timestamp },
    { name: 'client_order_id', type: text },
    { name: 'symbol', type: text },
    { name: 'product', type: text },
    { name: 'side', type: text },
    { name: 'qty', type: int32 },
    { name: 'price', type: price },
    { name: 'value', type: rupees },
    ...COST_COMPONENTS.map((c) => ({ name: c, type: charge })),
    { name: 'charges', type: charge },
    { name: 'realised_pnl', type: rupees },
    { name: 'broker_trade_id', type: text },
  ];
  const keys = [
    'id',
    'time_ms',
    'client_order_id',
    'symbol',
    'product',
    'side',
    'qty',
    'price',
    'value',
    ...COST_COMPONENTS,
    'charges',
    'realised_pnl',
    'broker_trade_id',
  ];
  return {
    name: `deployment-${id}-fills`,
    columns,
    async *batches() {
      const cursor = db.query(new Cursor<FillRow>(FILLS, [id]));
      try {
        for (;;) {
          const rows = await cursor.read(FILL_BATCH);
          if (rows.length === 0) return;
          yield {
            length: rows.length,
            values: keys.map((key, k) => {
              const kind = columns[k]!.type.kind;
              if (kind === 'int32') return Int32Array.from(rows, (r) => r[key] as number);
              if (kind === 'timestamp') return Float64Array.from(rows, (r) => r[key] as number);
              return rows.map((r) => r[key] as string | null);
            }),
          };
          if (rows.length < FILL_BATCH) return;
        }
      } finally {
        await cursor.close();
      }
    },
  };
}

interface EodRow {
  trading_date: string;
  report: {
    trades: unknown[];
    pnl: {
      realised: string;
      unrealised: string;
      dayPnl: string;
      net: string;
      charges: Record<string, string>;
    };
    orders: {
      total: number;
      filled: number;
      cancelled: number;
      rejected: number;
      expired: number;
      open: number;
    };
    positions: unknown[];
  };
}

function eodTable(db: PoolClient, id: number): ExportTable {
  const counts = ['filled', 'cancelled', 'rejected', 'expired', 'open'] as const;
  return {
    name: `deployment-${id}-eod`,
    columns: [
      { name: 'trading_date', type: text },
      { name: 'trades', type: int32 },
      { name: 'orders', type: int32 },
      ...counts.map((c) => ({ name: `orders_${c}`, type: int32 })),
      { name: 'positions_carried', type: int32 },
      { name: 'realised_pnl', type: rupees },
      { name: 'unrealised_pnl', type: rupees },
      { name: 'day_pnl', type: rupees },
      ...COST_COMPONENTS.map((c) => ({ name: c, type: charge })),
      { name: 'charges', type: charge },
      { name: 'net_pnl', type: rupees },
    ],
    async *batches() {
      const { rows } = await db.query<EodRow>(
        `SELECT trading_date::text AS trading_date, report FROM eod_reports
          WHERE deployment_id = $1 ORDER BY trading_date`,
        [id],
      );
      if (rows.length === 0) return;
      const r = rows.map((row) => row.report);
      const ints = (f: (x: EodRow['report']) => number) => Int32Array.from(r, f);
      yield {
        length: rows.length,
        values: [
          rows.map((row) => row.trading_date),
          ints((x) => x.trades.length),
          ints((x) => x.orders.total),
          ...counts.map((c) => ints((x) => x.orders[c])),
          ints((x) => x.positions.length),
          r.map((x) => x.pnl.realised),
          r.map((x) => x.pnl.unrealised),
          r.map((x) => x.pnl.dayPnl),
          ...COST_COMPONENTS.map((c) => r.map((x) => x.pnl.charges[c] ?? null)),
          r.map((x) => x.pnl.charges.total ?? null),
          r.map((x) => x.pnl.net),
        ],
      };
    },
  };
}

/** The tables of a deployment visible on `db` (NOT_FOUND otherwise). */
export async function deploymentTables(db: PoolClient, id: number): Promise<DeploymentExport> {
  const { rowCount } = await db.query('SELECT 1 FROM deployments WHERE id = $1', [id]);
  if (!rowCount) throw new AppError('NOT_FOUND', `deployment ${id} does not exist`);
  return { id, tables: [fillsTable(db, id), eodTable(db, id)] };
}
