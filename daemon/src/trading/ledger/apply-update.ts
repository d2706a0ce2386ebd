// Applies a venue's order update to the ledger in one transaction: the event row (with the raw
// payload) and everything derived from it — the order's status, a fill with its charges, the
// position, and the terms of a modification made at the venue (quantity, limit and trigger price:
// the venue's word, since that is what it will fill). Idempotent: an update whose event key is
// already stored changes nothing, so updates may be delivered twice, replayed by recovery, or
// arrive out of order.
import { AppError } from '../../core/errors';
import { decimalToPaise, paiseToDecimal, priceToPaise, unitsToDecimal, MICROS } from '../../core/exact-money';
import type { Instrument } from '../../core/instrument';
import { TERMINAL_ORDER_STATUSES } from '../../core/order-lifecycle';
import { COST_COMPONENTS, fillCharges, orderCostModel } from '../../costs';
import type { PoolClient } from '../../db/pool';
import type { BrokerOrder, BrokerOrderUpdate, BrokerTrade } from '../../broker/broker-link';
import type { LedgerFill, LedgerOrder } from './ledger-types';
import { advanceOrder } from './order-state';
import { lockOrderAndPosition, bookFillOnce } from './fill-booking';
import {
  appendEvent,
  lockOrder,
  progressOf,
  writeProgress,
  type NewEvent,
  type OrderTerms,
} from './order-store';
import type { LockedPosition } from './position-store';

export type ApplyOutcome =
  | { applied: true; order: LedgerOrder; previous: LedgerOrder; fill?: LedgerFill }
  | { applied: false; reason: 'duplicate'; order: LedgerOrder }
  | { applied: false; reason: 'unknown_order'; clientOrderId: string };

/** The event key of a status report: repeats of one report share it, any change makes a new one. */
export function statusEventKey(o: BrokerOrder): string {
  const terms = `${o.qty}:${o.limitPrice ?? ''}:${o.triggerPrice ?? ''}`;
  return `status:${o.venueStatus}:${o.status}:${o.filledQty}:${terms}:${o.updatedAt}`;
}

const price4 = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) && v > 0 ? v.toFixed(4) : undefined;

/**
 * What a modification at the venue changed, if anything: a working order's quantity (never below
 * what is booked) and, for the order types that have them, its limit and trigger prices.
 */
export function modifiedTerms(order: LedgerOrder, venue: BrokerOrder): OrderTerms | undefined {
  if (TERMINAL_ORDER_STATUSES.has(order.status)) return undefined;
  const terms: OrderTerms = {};
  if (Number.isSafeInteger(venue.qty) && venue.qty >= Math.max(1, order.filledQty) && venue.qty !== order.qty)
    terms.qty = venue.qty;
  const limit = price4(venue.limitPrice);
  if (order.limitPrice !== null && limit !== undefined && Number(order.limitPrice).toFixed(4) !== limit)
    terms.limitPrice = limit;
  const trigger = price4(venue.triggerPrice);
  if (
    order.triggerPrice !== null &&
    trigger !== undefined &&
    Number(order.triggerPrice).toFixed(4) !== trigger
  )
    terms.triggerPrice = trigger;
  return Object.keys(terms).length ? terms : undefined;
}

// Instruments do not change under a trading order: one lookup per instrument and process.
const instruments = new Map<number, Instrument>();

async function instrumentOf(client: PoolClient, id: number): Promise<Instrument> {
  const cached = instruments.get(id);
  if (cached) return cached;
  const { rows } = await client.query<Instrument>(
    `SELECT symbol, exchange, segment, kind, tick_size::float8 AS "tickSize", lot_size AS "lotSize",
            security_id AS "securityId"
       FROM instruments WHERE id = $1`,
    [id],
  );
  instruments.set(id, rows[0]!);
  return rows[0]!;
}

export async function applyUpdateInTransaction(
  client: PoolClient,
  update: BrokerOrderUpdate,
  source: 'broker' | 'recovery',
): Promise<ApplyOutcome> {
  const clientOrderId = update.order.clientOrderId;
  if (update.kind === 'fill') {
    const locked = await lockOrderAndPosition(client, clientOrderId);
    if (!locked) return { applied: false, reason: 'unknown_order', clientOrderId };
    return applyFill(client, locked.order, locked.position, update.trade, update.order, source);
  }
  const order = await lockOrder(client, { clientOrderId });
  if (!order) return { applied: false, reason: 'unknown_order', clientOrderId };
  const terms = modifiedTerms(order, update.order);
  const progress = terms?.qty ? { ...progressOf(order), qty: terms.qty } : progressOf(order);
  const next = advanceOrder(progress, {
    kind: 'venue',
    status: update.order.status,
    reason: update.order.reason,
  });
  const inserted = await appendEvent(client, {
    order,
    key: statusEventKey(update.order),
    kind: terms ? 'modified' : 'status',
    status: next.status,
    filledQty: next.filledQty,
    source,
    payload: update.order.raw,
    venueTime: update.order.updatedAt,
  });
  if (!inserted) return { applied: false, reason: 'duplicate', order };
  const written = await writeProgress(client, order, next, {
    brokerOrderId: update.order.brokerOrderId,
    brokerStatus: update.order.venueStatus,
    acknowledged: true,
    terms,
  });
  return { applied: true, order: written, previous: order };
}

async function applyFill(
  client: PoolClient,
  order: LedgerOrder,
  position: LockedPosition,
  trade: BrokerTrade,
  snapshot: BrokerOrder,
  source: 'broker' | 'recovery',
): Promise<ApplyOutcome> {
  if (!Number.isSafeInteger(trade.qty) || trade.qty <= 0)
    throw new AppError(
      'INVARIANT_BROKEN',
      `trade ${trade.tradeId} of order ${order.clientOrderId}: quantity ${trade.qty}`,
    );
  const pricePaise = priceToPaise(trade.price, `trade ${trade.tradeId} price`);
  const filledQty = order.filledQty + trade.qty;
  const next = advanceOrder(progressOf(order), { kind: 'filled', filledQty });
  const event: NewEvent = {
    order,
    key: `trade:${trade.tradeId}`,
    kind: 'fill',
    status: next.status,
    filledQty,
    source,
    payload: trade.raw,
    venueTime: trade.time,
  };
  if (filledQty > order.qty) {
    // A repeat of a booked trade is a duplicate; a new one that overfills is a broken invariant.
    if (!(await appendEvent(client, event))) return { applied: false, reason: 'duplicate', order };
    throw new AppError(
      'INVARIANT_BROKEN',
      `trade ${trade.tradeId} would fill order ${order.clientOrderId} beyond its quantity (${filledQty} of ${order.qty})`,
      { clientOrderId: order.clientOrderId, tradeId: trade.tradeId },
    );
  }
  const instrument = await instrumentOf(client, order.instrumentId);
  const model = orderCostModel(order.costModel, order.product, instrument.kind);
  const before = { side: order.side, filledQty: order.filledQty, filledValue: Number(order.filledValue) };
  const charges = fillCharges(model, instrument, before, {
    qty: trade.qty,
    price: trade.price,
    time: trade.time,
  });
  const qty = BigInt(trade.qty);
  const valuePaise = qty * pricePaise;
  const costs = unitsToDecimal(charges.total, MICROS);
  const booked = await bookFillOnce(client, {
    event,
    position,
    positionFill: { side: order.side, qty, pricePaise, costsMicros: charges.total, time: trade.time },
    fillValues: (realised, p) => ({
      columns: `owner_id, order_id, broker_trade_id, qty, price, filled_at, costs, deployment_id, broker_account_id,
                instrument_id, product, side, value, realised_pnl, ${COST_COMPONENTS.join(', ')}`,
      values: [
        p(order.ownerId),
        p(order.id),
        p(trade.tradeId),
        `${p(trade.qty)}::bigint`,
        `${p(paiseToDecimal(pricePaise))}::numeric`,
        `${p(new Date(trade.time))}::timestamptz`,
        `${p(costs)}::numeric`,
        `${p(order.deploymentId)}::bigint`,
        p(order.brokerAccountId),
        p(order.instrumentId),
        p(order.product),
        p(order.side),
        `${p(paiseToDecimal(valuePaise))}::numeric`,
        `${p(paiseToDecimal(realised))}::numeric`,
        ...COST_COMPONENTS.map((c) => `${p(unitsToDecimal(charges[c], MICROS))}::numeric`),
      ].join(', '),
    }),
    progress: next,
    extra: {
      brokerOrderId: snapshot.brokerOrderId,
      brokerStatus: snapshot.venueStatus,
      acknowledged: true,
      fill: {
        filledQty,
        filledValue: paiseToDecimal(decimalToPaise(order.filledValue) + valuePaise),
        costs,
      },
    },
  });
  if (!booked.inserted) return { applied: false, reason: 'duplicate', order };
  const fill: LedgerFill = {
    id: booked.fillId,
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    deploymentId: order.deploymentId,
    brokerAccountId: order.brokerAccountId,
    instrumentId: order.instrumentId,
    tradeId: trade.tradeId,
    side: order.side,
    qty: trade.qty,
    price: paiseToDecimal(pricePaise),
    value: paiseToDecimal(valuePaise),
    realisedPnl: paiseToDecimal(booked.realised),
    costs,
    filledAt: booked.filledAt,
  };
  return { applied: true, order: booked.order, previous: order, fill };
}

/** Applies place()'s acknowledgement (event key `ack`: a venue acknowledges an order once). */
export async function applyAckInTransaction(
  client: PoolClient,
  orderId: number,
  ack: { brokerOrderId: string; status: BrokerOrder['status']; reason?: string; raw: unknown },
): Promise<ApplyOutcome> {
  const order = (await lockOrder(client, { id: orderId }))!;
  const next = advanceOrder(progressOf(order), { kind: 'venue', status: ack.status, reason: ack.reason });
  const inserted = await appendEvent(client, {
    order,
    key: 'ack',
    kind: 'acknowledged',
    status: next.status,
    filledQty: next.filledQty,
    source: 'broker',
    payload: ack.raw,
  });
  if (!inserted) return { applied: false, reason: 'duplicate', order };
  const written = await writeProgress(client, order, next, {
    brokerOrderId: ack.brokerOrderId,
    acknowledged: true,
  });
  return { applied: true, order: written, previous: order };
}
