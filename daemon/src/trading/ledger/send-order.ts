// Sending an order from the outbox. The order moves new → sent in a committed, fenced transaction
// *before* the venue is called: if the database is unreachable or the lease has passed to another
// daemon, that commit fails and nothing is sent. After the call:
//   acknowledged          → the acknowledgement is applied like any venue update;
//   rejected by the venue → the order is closed (rejected, by the broker) with the venue's reason;
//   unknown outcome       → the order stays `sent`, an event records the error, and it is resolved
//                           later by looking it up (recovery.ts) — it is never placed again.
import type { Logger } from 'pino';
import { AppError } from '../../core/errors';
import type { Exchange, ExchangeSegment } from '../../core/instrument';
import { withTransaction, type Pool, type PoolClient } from '../../db/pool';
import {
  brokerOutcome,
  type BrokerLink,
  type BrokerInstrumentRef,
  type PlaceAck,
  type PlaceOrderRequest,
} from '../../broker/broker-link';
import { applyFence, fenceErrorToAppError, type Fence } from '../lease/lease-store';
import type { LedgerOrder } from './ledger-types';
import { allowFlatten } from './submit-order';
import { advanceOrder } from './order-state';
import {
  appendEvent,
  lockOrder,
  ORDER_COLUMNS,
  progressOf,
  readOrder,
  toLedgerOrder,
  writeProgress,
  type OrderRow,
} from './order-store';

export type SendOutcome = 'acknowledged' | 'rejected' | 'unknown' | 'not_new';

export interface SendResult {
  outcome: SendOutcome;
  order: LedgerOrder;
  /** The venue's error for 'rejected' and 'unknown'. */
  error?: string;
}

// An instrument's identity does not change while it trades: one lookup per instrument and process.
const refs = new Map<number, BrokerInstrumentRef>();

export async function instrumentRef(
  db: Pool | PoolClient,
  instrumentId: number,
): Promise<BrokerInstrumentRef> {
  const cached = refs.get(instrumentId);
  if (cached) return cached;
  const ref = await loadInstrumentRef(db, instrumentId);
  refs.set(instrumentId, ref);
  return ref;
}

async function loadInstrumentRef(db: Pool | PoolClient, instrumentId: number): Promise<BrokerInstrumentRef> {
  const { rows } = await db.query<{
    symbol: string;
    exchange: Exchange;
    segment: ExchangeSegment;
    security_id: string | null;
    freeze_qty: number | null;
  }>('SELECT symbol, exchange, segment, security_id, freeze_qty FROM instruments WHERE id = $1', [
    instrumentId,
  ]);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND', `instrument ${instrumentId} does not exist`);
  return {
    symbol: r.symbol,
    exchange: r.exchange,
    segment: r.segment,
    ...(r.security_id ? { securityId: r.security_id } : {}),
    ...(r.freeze_qty ? { freezeQty: Number(r.freeze_qty) } : {}),
  };
}

export function placeRequest(order: LedgerOrder, instrument: BrokerInstrumentRef): PlaceOrderRequest {
  return {
    clientOrderId: order.clientOrderId,
    instrument,
    side: order.side,
    qty: order.qty,
    orderType: order.orderType,
    product: order.product,
    validity: order.validity,
    ...(order.limitPrice !== null ? { limitPrice: Number(order.limitPrice) } : {}),
    ...(order.triggerPrice !== null ? { triggerPrice: Number(order.triggerPrice) } : {}),
  };
}

/** new → sent, committed under the fence. Undefined when the order is no longer `new`. */
async function markSent(
  pool: Pool,
  fence: Fence | null,
  orderId: number,
  flattenSwitchId: number | undefined,
): Promise<{ order: LedgerOrder; sent: boolean }> {
  try {
    return await withTransaction(pool, async (client) => {
      if (flattenSwitchId !== undefined) await allowFlatten(client, flattenSwitchId);
      // The fence goes on first: the trigger checks it on a deployment's order (and ignores it
      // on a manual one), so the update is the lock, the check and the write at once.
      await applyFence(client, fence);
      const { rows } = await client.query<OrderRow>(
        `UPDATE orders o SET status = 'sent', sent_at = clock_timestamp() WHERE o.id = $1 AND o.status = 'new'
         RETURNING ${ORDER_COLUMNS}`,
        [orderId],
      );
      if (!rows[0]) {
        const order = await readOrder(client, { id: orderId });
        if (!order) throw new AppError('NOT_FOUND', `order ${orderId} does not exist`);
        return { order, sent: false };
      }
      const written = toLedgerOrder(rows[0]);
      await appendEvent(client, {
        order: written,
        key: 'sent',
        kind: 'sent',
        status: 'sent',
        filledQty: 0,
        source: 'ledger',
        leaseToken: written.leaseToken,
      });
      return { order: written, sent: true };
    });
  } catch (err) {
    throw fenceErrorToAppError(err, fence);
  }
}

async function applyRejection(
  pool: Pool,
  order: LedgerOrder,
  message: string,
  details: unknown,
): Promise<LedgerOrder> {
  return withTransaction(pool, async (client) => {
    const locked = (await lockOrder(client, { id: order.id }))!;
    const next = advanceOrder(progressOf(locked), {
      kind: 'close',
      status: 'rejected',
      endSource: 'broker',
      reason: message,
    });
    const inserted = await appendEvent(client, {
      order: locked,
      key: 'rejected_on_send',
      kind: 'closed',
      status: next.status,
      filledQty: next.filledQty,
      source: 'broker',
      payload: details,
    });
    return inserted ? writeProgress(client, locked, next) : locked;
  });
}

async function recordUnknown(pool: Pool, order: LedgerOrder, message: string): Promise<LedgerOrder> {
  return withTransaction(pool, async (client) => {
    const locked = (await lockOrder(client, { id: order.id }))!;
    await appendEvent(client, {
      order: locked,
      key: 'send_unknown',
      kind: 'send_unknown',
      status: locked.status,
      filledQty: locked.filledQty,
      source: 'ledger',
      payload: { error: message },
    });
    return locked;
  });
}

export interface SendDeps {
  pool: Pool;
  log: Logger;
  /** Applies the acknowledgement as a venue update (the ledger's apply, with its notifications). */
  applyAck(order: LedgerOrder, ack: PlaceAck, request: PlaceOrderRequest): Promise<LedgerOrder>;
}

export async function sendOrder(
  deps: SendDeps,
  fence: Fence | null,
  orderId: number,
  link: BrokerLink,
  options: { flattenSwitchId?: number } = {},
): Promise<SendResult> {
  const marked = await markSent(deps.pool, fence, orderId, options.flattenSwitchId);
  if (!marked.sent) return { outcome: 'not_new', order: marked.order };
  return placeAtVenue(deps, marked.order, link);
}

/** Hands an order committed as `sent` to the venue and records the answer (never a second send). */
export async function placeAtVenue(
  deps: SendDeps,
  order: LedgerOrder,
  link: BrokerLink,
): Promise<SendResult> {
  const request = placeRequest(order, await instrumentRef(deps.pool, order.instrumentId));
  let ack: PlaceAck;
  try {
    ack = await link.place(request);
  } catch (err) {
    const message = (err as Error).message;
    const log = deps.log.child({ clientOrderId: order.clientOrderId, venue: link.venue });
    if (brokerOutcome(err) === 'rejected') {
      log.info({ err: message }, 'order rejected by the venue');
      return {
        outcome: 'rejected',
        order: await applyRejection(deps.pool, order, message, { error: message }),
        error: message,
      };
    }
    log.warn({ err: message }, 'order outcome unknown: it will be looked up, never resent');
    return {
      outcome: 'unknown',
      order: await recordUnknown(deps.pool, order, message).catch(() => order),
      error: message,
    };
  }
  try {
    const updated = await deps.applyAck(order, ack, request);
    return { outcome: ack.status === 'rejected' ? 'rejected' : 'acknowledged', order: updated };
  } catch (err) {
    // The venue has the order but the ledger could not record the answer (database gone): it
    // stays `sent`, and recovery brings it up to date from the venue.
    const message = `acknowledged by the venue (${ack.brokerOrderId}) but not recorded: ${(err as Error).message}`;
    deps.log.warn(
      { clientOrderId: order.clientOrderId, err: (err as Error).message },
      'acknowledgement not recorded',
    );
    return { outcome: 'unknown', order, error: message };
  }
}
