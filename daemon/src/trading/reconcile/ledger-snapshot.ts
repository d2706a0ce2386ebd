// The ledger's side of a reconciliation for one broker account, read in one consistent snapshot
// (REPEATABLE READ): the orders that matter — every active one, every one sent this IST day, and
// every one the venue lists — with their fills, and the account's positions with today's traded
// quantity. Instruments come back as the venue names them (segment + security id), so both sides
// key positions the same way (broker/reconciliation.ts instrumentKey).
import type { BrokerInstrumentRef } from '../../broker/broker-link';
import type {
  LedgerFillView,
  LedgerOrderView,
  LedgerPositionView,
  LedgerSnapshot,
} from '../../broker/reconciliation';
import { formatDays, istDayNumber, istMidnightOfDay } from '../../core/calendar/civil-date';
import type { Exchange, ExchangeSegment } from '../../core/instrument';
import type { LedgerOrderStatus } from '../../core/order-lifecycle';
import type { Pool, PoolClient } from '../../db/pool';
import { NOT_FOUND_AT_BROKER } from '../ledger/order-state';

const refOf = (r: {
  symbol: string;
  exchange: Exchange;
  segment: ExchangeSegment;
  security_id: string | null;
}) =>
  ({
    symbol: r.symbol,
    exchange: r.exchange,
    segment: r.segment,
    ...(r.security_id ? { securityId: r.security_id } : {}),
  }) satisfies BrokerInstrumentRef;

async function readOrders(db: PoolClient, accountId: number, from: Date, venueIds: readonly string[]) {
  const { rows } = await db.query<{
    client_order_id: string;
    broker_order_id: string | null;
    status: LedgerOrderStatus;
    qty: string;
    filled_qty: string;
    reopenable: boolean;
    sent_day: string | null;
  }>(
    `SELECT o.client_order_id, o.broker_order_id, o.status, o.qty, o.filled_qty,
            (o.status = 'cancelled' AND o.end_source = 'recovery' AND o.reason = $4) AS reopenable,
            to_char((o.sent_at AT TIME ZONE 'UTC') + interval '5 hours 30 minutes', 'YYYY-MM-DD') AS sent_day
       FROM orders o
      WHERE o.broker_account_id = $1
        AND (o.status IN ('new', 'sent', 'open', 'partially_filled') OR o.sent_at >= $2
             OR o.client_order_id = ANY($3::text[]))
      ORDER BY o.id`,
    [accountId, from, venueIds, NOT_FOUND_AT_BROKER],
  );
  return rows.map((r): LedgerOrderView => ({
    clientOrderId: r.client_order_id,
    brokerOrderId: r.broker_order_id,
    status: r.status,
    qty: Number(r.qty),
    filledQty: Number(r.filled_qty),
    reopenable: r.reopenable,
    sentDay: r.sent_day,
  }));
}

async function readFills(db: PoolClient, clientOrderIds: readonly string[]): Promise<LedgerFillView[]> {
  const { rows } = await db.query<{ client_order_id: string; broker_trade_id: string; qty: string }>(
    `SELECT o.client_order_id, f.broker_trade_id, f.qty
       FROM fills f JOIN orders o ON o.id = f.order_id
      WHERE o.client_order_id = ANY($1::text[])`,
    [clientOrderIds],
  );
  return rows.map((r) => ({
    clientOrderId: r.client_order_id,
    tradeId: r.broker_trade_id,
    qty: Number(r.qty),
  }));
}

async function readPositions(
  db: PoolClient,
  accountId: number,
  today: string,
): Promise<LedgerPositionView[]> {
  const { rows } = await db.query<{
    symbol: string;
    exchange: Exchange;
    segment: ExchangeSegment;
    security_id: string | null;
    product: string;
    net_qty: string;
    day_net_qty: string;
  }>(
    `SELECT i.symbol, i.exchange, i.segment, i.security_id, p.product,
            sum(p.net_qty) AS net_qty,
            sum(CASE WHEN p.day = $2::date THEN p.day_buy_qty - p.day_sell_qty ELSE 0 END) AS day_net_qty
       FROM positions p JOIN instruments i ON i.id = p.instrument_id
      WHERE p.broker_account_id = $1
      GROUP BY i.symbol, i.exchange, i.segment, i.security_id, p.product`,
    [accountId, today],
  );
  return rows.map((r) => ({
    instrument: refOf(r),
    product: r.product,
    netQty: Number(r.net_qty),
    dayNetQty: Number(r.day_net_qty),
  }));
}

/** The ledger of `accountId` as of `now`, for the venue's books that list `venueClientOrderIds`. */
export async function readLedgerSnapshot(
  pool: Pool,
  accountId: number,
  venueClientOrderIds: readonly string[],
  now: number,
): Promise<LedgerSnapshot> {
  const day = istDayNumber(now);
  const today = formatDays(day);
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const orders = await readOrders(client, accountId, new Date(istMidnightOfDay(day)), venueClientOrderIds);
    const fills = await readFills(
      client,
      orders.map((o) => o.clientOrderId),
    );
    const positions = await readPositions(client, accountId, today);
    await client.query('COMMIT');
    return { orders, fills, positions, today };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Whether the account has orders the venue may still act on (the loop polls only then). */
export async function hasOpenOrders(pool: Pool, accountId: number): Promise<boolean> {
  const { rows } = await pool.query<{ open: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM orders WHERE broker_account_id = $1
                      AND status IN ('sent', 'open', 'partially_filled')) AS open`,
    [accountId],
  );
  return rows[0]!.open;
}
