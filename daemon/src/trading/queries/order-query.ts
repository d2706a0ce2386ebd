// Orders as the API and CLI show them: the ledger's rows with the instrument's name, filtered by
// deployment, account, status, symbol and time; one order with its append-only events and fills.
// Under the caller's row-level security.
import { AppError } from '../../core/errors';
import type { LedgerOrderStatus } from '../../core/order-lifecycle';
import type { Pool, PoolClient } from '../../db/pool';
import { orderEvents } from '../ledger/ledger-reads';
import {
  Conditions,
  iso,
  pagingSql,
  rangeCondition,
  symbolCondition,
  type Paging,
  type TimeRange,
} from './view-filters';

type Queryable = Pool | PoolClient;

export interface OrderView {
  id: number;
  clientOrderId: string;
  brokerOrderId: string | null;
  deploymentId: number | null;
  signalId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  filledQty: number;
  orderType: string;
  product: string;
  validity: string;
  limitPrice: string | null;
  triggerPrice: string | null;
  avgFillPrice: string | null;
  filledValue: string;
  costs: string;
  status: LedgerOrderStatus;
  reason: string | null;
  endSource: string | null;
  cancelSource: string | null;
  createdAt: string;
  sentAt: string | null;
  closedAt: string | null;
}

export interface OrderViewFilter extends TimeRange, Paging {
  deploymentId?: number;
  brokerAccountId?: number;
  statuses?: LedgerOrderStatus[];
  symbol?: string;
}

const SELECT = `SELECT o.id, o.client_order_id, o.broker_order_id, o.deployment_id, o.signal_id, o.broker_account_id,
         o.instrument_id, i.exchange || ':' || i.symbol AS symbol, o.side, o.qty, o.filled_qty, o.order_type, o.product,
         o.validity, o.limit_price::text, o.trigger_price::text,
         CASE WHEN o.filled_qty > 0 THEN round(o.filled_value / o.filled_qty, 4)::text END AS avg_fill_price,
         o.filled_value::text, o.costs::text, o.status, o.reason, o.end_source, o.cancel_source, o.created_at, o.sent_at,
         o.closed_at
    FROM orders o JOIN instruments i ON i.id = o.instrument_id`;

// pg's row type: the columns above, times as Date.
type Row = Record<string, unknown> & { created_at: Date; sent_at: Date | null; closed_at: Date | null };

function toView(r: Row): OrderView {
  return {
    id: r.id as number,
    clientOrderId: r.client_order_id as string,
    brokerOrderId: r.broker_order_id as string | null,
    deploymentId: r.deployment_id as number | null,
    signalId: r.signal_id as number | null,
    brokerAccountId: r.broker_account_id as number,
    instrumentId: r.instrument_id as number,
    symbol: r.symbol as string,
    side: r.side as 'buy' | 'sell',
    qty: r.qty as number,
    filledQty: r.filled_qty as number,
    orderType: r.order_type as string,
    product: r.product as string,
    validity: r.validity as string,
    limitPrice: r.limit_price as string | null,
    triggerPrice: r.trigger_price as string | null,
    avgFillPrice: r.avg_fill_price as string | null,
    filledValue: r.filled_value as string,
    costs: r.costs as string,
    status: r.status as LedgerOrderStatus,
    reason: r.reason as string | null,
    endSource: r.end_source as string | null,
    cancelSource: r.cancel_source as string | null,
    createdAt: r.created_at.toISOString(),
    sentAt: iso(r.sent_at),
    closedAt: iso(r.closed_at),
  };
}

/** Newest first, with the number matched. */
export async function listOrderViews(
  db: Queryable,
  filter: OrderViewFilter = {},
): Promise<{ orders: OrderView[]; total: number }> {
  const c = new Conditions();
  if (filter.deploymentId !== undefined) c.add((p) => `o.deployment_id = ${p(filter.deploymentId)}`);
  if (filter.brokerAccountId !== undefined)
    c.add((p) => `o.broker_account_id = ${p(filter.brokerAccountId)}`);
  if (filter.statuses?.length) c.add((p) => `o.status = ANY(${p(filter.statuses)}::text[])`);
  symbolCondition(c, filter.symbol);
  rangeCondition(c, 'o.created_at', filter);
  const where = c.where;
  const { rows } = await db.query<Row & { total: number }>(
    `${SELECT.replace('SELECT ', 'SELECT count(*) OVER () AS total, ')} ${where} ORDER BY o.id DESC ${pagingSql(c, filter)}`,
    c.values,
  );
  return { orders: rows.map(toView), total: rows[0]?.total ?? (await countOnly(db, where, c.values)) };
}

// A page past the end has no rows to carry the total.
async function countOnly(db: Queryable, where: string, values: unknown[]): Promise<number> {
  const params = values.slice(0, -2);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders o JOIN instruments i ON i.id = o.instrument_id ${where}`,
    params,
  );
  return rows[0]!.n;
}

export interface FillView {
  id: number;
  tradeId: string;
  qty: number;
  price: string;
  value: string;
  realisedPnl: string;
  costs: string;
  charges: Record<string, string>;
  filledAt: string;
}

export interface OrderDetail {
  order: OrderView;
  events: {
    id: number;
    key: string;
    kind: string;
    status: string;
    filledQty: number;
    source: string;
    payload: unknown;
    venueTime: string | null;
    createdAt: string;
  }[];
  fills: FillView[];
}

/** One order (NOT_FOUND if missing or not the caller's), its events oldest first, its fills. */
export async function getOrderDetail(db: Queryable, id: number): Promise<OrderDetail> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE o.id = $1`, [id]);
  if (!rows[0]) throw new AppError('NOT_FOUND', `no order ${id}`);
  const events = await orderEvents(db, id);
  const fills = await db.query<Record<string, unknown> & { filled_at: Date }>(
    `SELECT id, broker_trade_id, qty, price::text, value::text, realised_pnl::text, costs::text, brokerage::text,
            stt::text, exchange::text, sebi::text, ipft::text, stamp::text, gst::text, dp::text, filled_at
       FROM fills WHERE order_id = $1 ORDER BY filled_at, id`,
    [id],
  );
  return {
    order: toView(rows[0]),
    events: events.map((e) => ({ ...e, venueTime: iso(e.venueTime), createdAt: e.createdAt.toISOString() })),
    fills: fills.rows.map((f) => ({
      id: f.id as number,
      tradeId: f.broker_trade_id as string,
      qty: f.qty as number,
      price: f.price as string,
      value: f.value as string,
      realisedPnl: f.realised_pnl as string,
      costs: f.costs as string,
      charges: Object.fromEntries(
        ['brokerage', 'stt', 'exchange', 'sebi', 'ipft', 'stamp', 'gst', 'dp'].map((k) => [
          k,
          f[k] as string,
        ]),
      ),
      filledAt: f.filled_at.toISOString(),
    })),
  };
}
