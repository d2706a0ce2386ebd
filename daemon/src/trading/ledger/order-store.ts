// The orders family of queries: reading and locking ledger orders, appending their events and
// writing the progress derived from them. Callers run these inside their own transaction.
import type { PoolClient, Pool } from '../../db/pool';
import type { OrderProgress } from './order-state';
import type { LedgerOrder } from './ledger-types';
import { sqlParams, type Param } from './sql-params';

type Queryable = Pool | PoolClient;

export const ORDER_COLUMNS = `o.id, o.owner_id, o.deployment_id, o.signal_id, o.broker_account_id, o.client_order_id,
  o.broker_order_id, o.instrument_id, o.side, o.qty, o.filled_qty, o.order_type, o.product, o.validity,
  o.limit_price::text AS limit_price, o.trigger_price::text AS trigger_price, o.avg_fill_price::text AS avg_fill_price,
  o.filled_value::text AS filled_value, o.costs::text AS costs, o.status, o.reason, o.end_source, o.broker_status,
  o.cost_model, o.cancel_source, o.lease_token, o.created_at, o.sent_at, o.acknowledged_at, o.closed_at`;

export interface OrderRow {
  id: number;
  owner_id: number;
  deployment_id: number | null;
  signal_id: number | null;
  broker_account_id: number;
  client_order_id: string;
  broker_order_id: string | null;
  instrument_id: number;
  side: LedgerOrder['side'];
  qty: number;
  filled_qty: number;
  order_type: LedgerOrder['orderType'];
  product: LedgerOrder['product'];
  validity: LedgerOrder['validity'];
  limit_price: string | null;
  trigger_price: string | null;
  avg_fill_price: string | null;
  filled_value: string;
  costs: string;
  status: LedgerOrder['status'];
  reason: string | null;
  end_source: LedgerOrder['endSource'];
  broker_status: string | null;
  cost_model: string;
  cancel_source: LedgerOrder['cancelSource'];
  lease_token: number | null;
  created_at: Date;
  sent_at: Date | null;
  acknowledged_at: Date | null;
  closed_at: Date | null;
}

export function toLedgerOrder(r: OrderRow): LedgerOrder {
  return {
    id: r.id,
    ownerId: r.owner_id,
    deploymentId: r.deployment_id,
    signalId: r.signal_id,
    brokerAccountId: r.broker_account_id,
    clientOrderId: r.client_order_id,
    brokerOrderId: r.broker_order_id,
    instrumentId: r.instrument_id,
    side: r.side,
    qty: r.qty,
    filledQty: r.filled_qty,
    orderType: r.order_type,
    product: r.product,
    validity: r.validity,
    limitPrice: r.limit_price,
    triggerPrice: r.trigger_price,
    avgFillPrice: r.avg_fill_price,
    filledValue: r.filled_value,
    costs: r.costs,
    status: r.status,
    reason: r.reason,
    endSource: r.end_source,
    brokerStatus: r.broker_status,
    costModel: r.cost_model,
    cancelSource: r.cancel_source,
    leaseToken: r.lease_token,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    acknowledgedAt: r.acknowledged_at,
    closedAt: r.closed_at,
  };
}

export function progressOf(o: LedgerOrder): OrderProgress {
  return {
    status: o.status,
    qty: o.qty,
    filledQty: o.filledQty,
    endSource: o.endSource,
    reason: o.reason,
    cancelSource: o.cancelSource,
  };
}

/** The order with this id or client order id, locked for the rest of the transaction. */
export async function lockOrder(
  client: PoolClient,
  key: { id: number } | { clientOrderId: string },
): Promise<LedgerOrder | undefined> {
  const where = 'id' in key ? 'o.id = $1' : 'o.client_order_id = $1';
  const { rows } = await client.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${where} FOR UPDATE`,
    ['id' in key ? key.id : key.clientOrderId],
  );
  return rows[0] ? toLedgerOrder(rows[0]) : undefined;
}

export async function readOrder(
  db: Queryable,
  key: { id: number } | { clientOrderId: string },
): Promise<LedgerOrder | undefined> {
  const where = 'id' in key ? 'o.id = $1' : 'o.client_order_id = $1';
  const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${where}`, [
    'id' in key ? key.id : key.clientOrderId,
  ]);
  return rows[0] ? toLedgerOrder(rows[0]) : undefined;
}

export interface NewEvent {
  order: LedgerOrder;
  key: string;
  kind:
    | 'created'
    | 'sent'
    | 'acknowledged'
    | 'status'
    | 'modified'
    | 'fill'
    | 'send_unknown'
    | 'cancel_requested'
    | 'closed';
  /** Status and booked quantity after the event. */
  status: LedgerOrder['status'];
  filledQty: number;
  source: 'ledger' | 'broker' | 'recovery';
  leaseToken?: number | null;
  payload?: unknown;
  venueTime?: number;
}

/** Appends an event; false when an event with the same key was already there (a repeat). */
export async function appendEvent(client: PoolClient, e: NewEvent): Promise<boolean> {
  const { values, p } = sqlParams();
  const { rowCount } = await client.query(eventInsertSql(e, p), values);
  return (rowCount ?? 0) > 0;
}

/** appendEvent's statement (RETURNING the event's id), for statements that fold it in a CTE. */
export function eventInsertSql(e: NewEvent, p: Param): string {
  const venueTime = e.venueTime === undefined || !Number.isFinite(e.venueTime) ? null : new Date(e.venueTime);
  return `INSERT INTO order_events (owner_id, order_id, event_key, kind, status, filled_qty, source, lease_token,
                                    payload, venue_time)
     VALUES (${p(e.order.ownerId)}, ${p(e.order.id)}, ${p(e.key.slice(0, 200))}, ${p(e.kind)}, ${p(e.status)},
             ${p(e.filledQty)}, ${p(e.source)}, ${p(e.leaseToken ?? null)}, ${p(JSON.stringify(e.payload ?? {}))},
             ${p(venueTime)})
     ON CONFLICT (order_id, event_key) DO NOTHING
     RETURNING id`;
}

/** What a fill adds to its order: the new booked totals. */
export interface FillTotals {
  filledQty: number;
  /** Decimal rupees, exact. */
  filledValue: string;
  /** Decimal rupees (6 places) to add to the order's charges. */
  costs: string;
}

/** What a modification at the venue changed: the quantity (never below what filled) and prices. */
export interface OrderTerms {
  qty?: number;
  limitPrice?: string;
  triggerPrice?: string;
}

/**
 * Writes a new status/end/reason (and the venue's status word and order id, a fill's totals, and
 * the terms a modification changed, when given) in one statement.
 */
export async function writeProgress(
  client: PoolClient,
  order: LedgerOrder,
  p: OrderProgress,
  extra: ProgressExtra = {},
): Promise<LedgerOrder> {
  const params = sqlParams();
  const { rows } = await client.query<OrderRow>(
    progressUpdateSql(order.id, p, extra, params.p),
    params.values,
  );
  return toLedgerOrder(rows[0]!);
}

export interface ProgressExtra {
  brokerOrderId?: string;
  brokerStatus?: string;
  acknowledged?: boolean;
  fill?: FillTotals;
  terms?: OrderTerms;
}

/**
 * writeProgress's statement, RETURNING the order's columns; `where` narrows it further (a
 * statement that folds it in a CTE makes it depend on the event's insertion).
 */
export function progressUpdateSql(
  orderId: number,
  progress: OrderProgress,
  extra: ProgressExtra,
  p: Param,
  where = '',
): string {
  const status = p(progress.status);
  const filledQty = p(extra.fill?.filledQty ?? null);
  const filledValue = p(extra.fill?.filledValue ?? null);
  return `UPDATE orders o SET status = ${status}, end_source = ${p(progress.endSource)}, reason = ${p(progress.reason)},
            broker_order_id = coalesce(o.broker_order_id, ${p(extra.brokerOrderId ?? null)}),
            broker_status = coalesce(${p(extra.brokerStatus ?? null)}, o.broker_status),
            acknowledged_at = CASE WHEN ${p(extra.acknowledged ?? false)}
                                   THEN coalesce(o.acknowledged_at, clock_timestamp()) ELSE o.acknowledged_at END,
            sent_at = CASE WHEN ${status} = 'sent' THEN coalesce(o.sent_at, clock_timestamp()) ELSE o.sent_at END,
            closed_at = CASE WHEN ${status} IN ('filled', 'cancelled', 'rejected', 'expired')
                             THEN coalesce(o.closed_at, clock_timestamp()) ELSE NULL END,
            filled_qty = coalesce(${filledQty}::bigint, o.filled_qty),
            filled_value = coalesce(${filledValue}::numeric, o.filled_value),
            costs = o.costs + coalesce(${p(extra.fill?.costs ?? null)}::numeric, 0),
            avg_fill_price = CASE WHEN ${filledQty}::bigint > 0 THEN round(${filledValue}::numeric / ${filledQty}::bigint, 4)
                                  ELSE o.avg_fill_price END,
            qty = coalesce(${p(extra.terms?.qty ?? null)}::bigint, o.qty),
            limit_price = coalesce(${p(extra.terms?.limitPrice ?? null)}::numeric, o.limit_price),
            trigger_price = coalesce(${p(extra.terms?.triggerPrice ?? null)}::numeric, o.trigger_price)
      WHERE o.id = ${p(orderId)} ${where}
      RETURNING ${ORDER_COLUMNS}`;
}
