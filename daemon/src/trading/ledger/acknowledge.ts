// The usual answer to a placement — the venue took the order and it is working, nothing booked
// yet — applied in one statement instead of a transaction of five round trips: the `ack` event
// and the order's move sent → open, exactly what applyAckInTransaction writes for that case.
// Anything else (a rejection in the acknowledgement, an order that moved on meanwhile — a fill
// delivered before place() returned, a cancel) returns undefined and takes the general path.
//
// Its commit does not wait for the WAL flush (synchronous_commit off, for this transaction only).
// That is safe here and only here: an acknowledgement books no amount, and it is a venue fact
// the ledger can always read again — if the database crashed before flushing it, the order is
// still `sent`, and restart recovery looks it up at the venue by client order id and applies its
// status and fills (never placing it again). Any later durable commit (the next order, a fill)
// flushes the WAL up to itself, this record included, so nothing that depends on the
// acknowledgement can outlive it. Orders, fills and positions keep synchronous commits.
import type { Pool } from '../../db/pool';
import type { PlaceAck } from '../../broker/broker-link';
import type { ApplyOutcome } from './apply-update';
import type { LedgerOrder } from './ledger-types';
import { ORDER_COLUMNS, toLedgerOrder, type OrderRow } from './order-store';

const ACK_OPEN = `
WITH cur AS (
  SELECT o.id, o.owner_id, set_config('synchronous_commit', 'off', true) AS async_commit
    FROM orders o
   WHERE o.id = $1 AND o.status = 'sent' AND o.filled_qty = 0 AND o.end_source IS NULL AND o.reason IS NULL
     FOR UPDATE),
ev AS (
  INSERT INTO order_events (owner_id, order_id, event_key, kind, status, filled_qty, source, payload)
  SELECT cur.owner_id, cur.id, 'ack', 'acknowledged', 'open', 0, 'broker', $3::jsonb FROM cur
  ON CONFLICT (order_id, event_key) DO NOTHING
  RETURNING order_id),
up AS (
  UPDATE orders o SET status = 'open', broker_order_id = coalesce(o.broker_order_id, $2),
                      acknowledged_at = coalesce(o.acknowledged_at, clock_timestamp())
    FROM ev WHERE o.id = ev.order_id
  RETURNING o.*)
SELECT ${ORDER_COLUMNS} FROM up o`;

/** Applies an 'open' acknowledgement of a sent, unfilled order; undefined: use the general path. */
export async function acknowledgeOpen(
  pool: Pool,
  order: LedgerOrder,
  ack: PlaceAck,
): Promise<ApplyOutcome | undefined> {
  if (ack.status !== 'open' || order.status !== 'sent' || order.filledQty !== 0) return undefined;
  const { rows } = await pool.query<OrderRow>(ACK_OPEN, [
    order.id,
    ack.brokerOrderId,
    JSON.stringify(ack.raw ?? {}),
  ]);
  return rows[0] ? { applied: true, order: toLedgerOrder(rows[0]), previous: order } : undefined;
}
