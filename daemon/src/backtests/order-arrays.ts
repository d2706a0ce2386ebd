// A run's order log as the array literals of one backtest_orders row (sql/010): parallel arrays,
// element i = order id i + 1, NULL where an order has no such value (a market order's limit
// price, a cancelled order's fill). Built as text here for the same reason result-writer.ts
// builds its trade arrays: the driver escapes arrays element by element, which is slow.
import { formatRupees } from '../core/money';
import type { OrderLog, OrderRecord } from '../engine/order-log';

/** Columns of backtest_orders after backtest_id and owner_id, in order, with their SQL types. */
export const ORDER_COLUMNS: [string, string][] = [
  ['symbol', 'text[]'],
  ['side', 'text[]'],
  ['type', 'text[]'],
  ['status', 'text[]'],
  ['reason', 'text[]'],
  ['tag', 'text[]'],
  ['qty', 'numeric[]'],
  ['limit_price', 'numeric[]'],
  ['stop_price', 'numeric[]'],
  ['created_ms', 'bigint[]'],
  ['done_ms', 'bigint[]'],
  ['fill_price', 'numeric[]'],
  ['costs', 'numeric[]'],
  ['parent_id', 'integer[]'],
  ['oco_id', 'integer[]'],
];

const NULL = 'NULL';
const text = (v: string | undefined) => (v === undefined ? NULL : `"${v.replace(/["\\]/g, '\\$&')}"`);
const decimal = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : NULL);
const integer = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? NULL : String(Math.round(v));
const literal = (values: string[]) => `{${values.join(',')}}`;

export function orderArrays(log: OrderLog): string[] {
  const orders: OrderRecord[] = log.toArray();
  const column = (f: (o: OrderRecord) => string) => literal(orders.map(f));
  return [
    column((o) => text(o.symbol)),
    column((o) => text(o.side)),
    column((o) => text(o.type)),
    column((o) => text(o.status)),
    column((o) => text(o.reason)),
    column((o) => text(o.tag)),
    column((o) => decimal(o.qty, 4)),
    column((o) => decimal(o.limitPrice, 4)),
    column((o) => decimal(o.stopPrice, 4)),
    column((o) => integer(o.createdTime)),
    column((o) => integer(o.time)),
    column((o) => (o.status === 'filled' ? decimal(o.price, 4) : NULL)),
    column((o) => (Number.isFinite(o.costs) ? formatRupees(o.costs) : NULL)),
    column((o) => integer(o.parentId)),
    column((o) => integer(o.ocoId)),
  ];
}

/** The INSERT … SELECT of the orders row, from parameters $first.. (15 of them). */
export function insertOrders(first: number, from: string): string {
  const names = ORDER_COLUMNS.map(([name]) => name).join(', ');
  const values = ORDER_COLUMNS.map(([, type], i) => `$${first + i}::${type}`).join(', ');
  return `INSERT INTO backtest_orders (backtest_id, owner_id, ${names}) SELECT id, owner_id, ${values} FROM ${from}`;
}
