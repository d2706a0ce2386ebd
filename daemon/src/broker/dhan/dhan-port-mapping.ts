// Dhan records ↔ the venue-neutral BrokerLink port (../broker-link.ts). Pure: no I/O, no clock.
//
// One ledger order may be several Dhan orders: an order above the freeze quantity is placed
// through POST /orders/slicing, and Dhan splits it into slices that share the correlation id (our
// client order id). The port shows the ledger one order per client order id, so the slices are
// combined here: quantities and fills add up, the average price is weighted, the status is the
// combined one (working while any slice works; filled when everything filled; rejected only when
// every slice was; expired when a slice expired; cancelled otherwise), and the order's venue id
// is the first slice's. Each slice's trades stay separate fills with their own trade ids.
import type { Exchange, ExchangeSegment } from '../../core/instrument';
import {
  BROKER_ORDER_TYPES,
  TERMINAL_ORDER_STATUSES,
  VALIDITIES,
  type BrokerOrderType,
  type BrokerProduct,
  type LedgerOrderStatus,
  type Validity,
} from '../../core/order-lifecycle';
import type { OrderSide } from '../../core/order';
import type {
  BrokerFunds,
  BrokerInstrumentRef,
  BrokerOrder,
  BrokerOrderStatus,
  BrokerPosition,
  BrokerTrade,
} from '../broker-link';
import type { DhanOrderUpdate } from './dhan-order-update';
import type { DhanFunds, DhanOrder, DhanPosition, DhanTrade } from './dhan-records';

/** The segments QuantTrade trades; Dhan rows in others (currency, commodity) are never ours. */
const TRADED_SEGMENTS: ReadonlySet<string> = new Set(['NSE_EQ', 'BSE_EQ', 'NSE_FNO', 'BSE_FNO']);
const PRODUCTS: ReadonlySet<string> = new Set(['CNC', 'INTRADAY', 'MARGIN']);

export function isTradedSegment(segment: string | undefined): segment is ExchangeSegment {
  return segment !== undefined && TRADED_SEGMENTS.has(segment);
}

export function instrumentOf(
  segment: ExchangeSegment,
  securityId: string,
  symbol: string | undefined,
): BrokerInstrumentRef {
  const exchange: Exchange = segment.startsWith('BSE') ? 'BSE' : 'NSE';
  return { symbol: symbol ?? securityId, exchange, segment, securityId };
}

/** One Dhan order (one slice) as the socket or the REST API last described it. */
export interface DhanSlice {
  brokerOrderId: string;
  clientOrderId: string;
  status: LedgerOrderStatus;
  venueStatus: string;
  side: OrderSide;
  segment: ExchangeSegment;
  securityId: string;
  tradingSymbol?: string;
  product: string;
  orderType: string;
  validity?: string;
  quantity: number;
  filledQty: number;
  averagePrice: number;
  price: number;
  triggerPrice: number;
  reason?: string;
  updatedAt?: number;
  raw: unknown;
}

/** A Dhan order as a slice of ours; undefined without a correlation id or outside our segments. */
export function sliceOfOrder(o: DhanOrder, clientOrderId = o.clientOrderId): DhanSlice | undefined {
  if (clientOrderId === undefined || !isTradedSegment(o.segment)) return undefined;
  return {
    brokerOrderId: o.brokerOrderId,
    clientOrderId,
    status: o.status,
    venueStatus: o.brokerStatus,
    side: o.side,
    segment: o.segment,
    securityId: o.securityId,
    tradingSymbol: o.tradingSymbol,
    product: o.product,
    orderType: o.orderType,
    validity: o.validity,
    quantity: o.quantity,
    filledQty: o.filledQty,
    averagePrice: o.averagePrice,
    price: o.price,
    triggerPrice: o.triggerPrice,
    reason: o.reason,
    updatedAt: o.updatedAt,
    raw: o.raw ?? {},
  };
}

/** A socket message as a slice; undefined when it lacks what a slice needs (not one of ours). */
export function sliceOfUpdate(u: DhanOrderUpdate): DhanSlice | undefined {
  if (!u.clientOrderId || !u.side || !u.securityId || !isTradedSegment(u.segment)) return undefined;
  return {
    brokerOrderId: u.brokerOrderId,
    clientOrderId: u.clientOrderId,
    status: u.status,
    venueStatus: u.brokerStatus,
    side: u.side,
    segment: u.segment,
    securityId: u.securityId,
    tradingSymbol: u.tradingSymbol,
    product: u.product ?? '',
    orderType: u.orderType ?? '',
    validity: u.validity,
    quantity: u.quantity,
    filledQty: u.filledQty,
    averagePrice: u.averagePrice,
    price: u.price,
    triggerPrice: u.triggerPrice,
    reason: u.reason,
    updatedAt: u.updatedAt ?? u.receivedAt,
    raw: u.raw,
  };
}

const RANK: Record<LedgerOrderStatus, number> = {
  new: 0,
  sent: 1,
  open: 2,
  partially_filled: 3,
  filled: 4,
  cancelled: 4,
  rejected: 4,
  expired: 4,
};

/**
 * Whether `next` may replace `known` as the slice's state: reports arrive out of order (the
 * socket and the REST books race), and a slice never moves back — not from an end to working,
 * not to fewer fills. A modification (same rank, other quantity or price) is news.
 */
export function isNewer(known: DhanSlice, next: DhanSlice): boolean {
  if (next.filledQty < known.filledQty) return false;
  if (RANK[next.status] < RANK[known.status]) return false;
  if (TERMINAL_ORDER_STATUSES.has(known.status) && next.status !== known.status) return false;
  return true;
}

function combinedStatus(slices: readonly DhanSlice[], qty: number, filled: number): BrokerOrderStatus {
  if (slices.some((s) => !TERMINAL_ORDER_STATUSES.has(s.status)))
    return filled > 0 ? 'partially_filled' : 'open';
  if (filled >= qty) return 'filled';
  if (slices.every((s) => s.status === 'rejected')) return 'rejected';
  if (slices.some((s) => s.status === 'expired')) return 'expired';
  return 'cancelled';
}

export const asOrderType = (t: string): BrokerOrderType =>
  (BROKER_ORDER_TYPES as readonly string[]).includes(t) ? (t as BrokerOrderType) : 'LIMIT';
const asValidity = (v: string | undefined): Validity =>
  (VALIDITIES as readonly string[]).includes(v ?? '') ? (v as Validity) : 'DAY';
const asProduct = (p: string): BrokerProduct => (PRODUCTS.has(p) ? (p as BrokerProduct) : 'INTRADAY');

/**
 * The slices of one client order id as one port order. `raw` is what the ledger stores with the
 * status event: the message that caused this view (the socket message, or the REST rows).
 */
export function combineSlices(slices: readonly DhanSlice[], raw?: unknown): BrokerOrder {
  const ordered = [...slices].sort((a, b) =>
    a.brokerOrderId.localeCompare(b.brokerOrderId, undefined, { numeric: true }),
  );
  const first = ordered[0]!;
  const qty = ordered.reduce((n, s) => n + s.quantity, 0);
  const filledQty = ordered.reduce((n, s) => n + s.filledQty, 0);
  const value = ordered.reduce((n, s) => n + s.filledQty * s.averagePrice, 0);
  const status = combinedStatus(ordered, qty, filledQty);
  const ended = ordered.find((s) => s.reason && (s.status === 'rejected' || s.status === 'cancelled'));
  const type = asOrderType(first.orderType);
  const venueStatus =
    ordered.length === 1 ? first.venueStatus : `SLICED(${ordered.map((s) => s.venueStatus).join(',')})`;
  return {
    brokerOrderId: first.brokerOrderId,
    clientOrderId: first.clientOrderId,
    instrument: instrumentOf(first.segment, first.securityId, first.tradingSymbol),
    side: first.side,
    qty,
    filledQty,
    avgPrice: filledQty > 0 ? value / filledQty : NaN,
    orderType: type,
    product: asProduct(first.product),
    validity: asValidity(first.validity),
    ...(type === 'LIMIT' || type === 'STOP_LOSS' ? { limitPrice: first.price } : {}),
    ...(type === 'STOP_LOSS' || type === 'STOP_LOSS_MARKET' ? { triggerPrice: first.triggerPrice } : {}),
    status,
    ...(ended?.reason
      ? { reason: ended.reason }
      : status === 'rejected' && first.reason
        ? { reason: first.reason }
        : {}),
    venueStatus,
    updatedAt: Math.max(0, ...ordered.map((s) => s.updatedAt ?? 0)),
    raw: raw ?? (ordered.length === 1 ? first.raw : { slices: ordered.map((s) => s.raw) }),
  };
}

/** A Dhan order without a correlation id (placed elsewhere), for reconciliation to report. */
export function foreignOrder(o: DhanOrder): BrokerOrder | undefined {
  const slice = sliceOfOrder(o, '');
  return slice ? combineSlices([slice]) : undefined;
}

export function toPortTrade(
  t: DhanTrade,
  clientOrderId: string,
  fallbackTime: number,
): BrokerTrade | undefined {
  if (!isTradedSegment(t.segment)) return undefined;
  return {
    tradeId: t.tradeId,
    brokerOrderId: t.brokerOrderId,
    clientOrderId,
    instrument: instrumentOf(t.segment, t.securityId, t.tradingSymbol),
    side: t.side,
    qty: t.quantity,
    price: t.price,
    time: t.at ?? fallbackTime,
    raw: t.raw ?? {},
  };
}

export function toPortPosition(p: DhanPosition): BrokerPosition | undefined {
  if (!isTradedSegment(p.segment)) return undefined;
  const avg = p.netQty > 0 ? p.buyAverage : p.netQty < 0 ? p.sellAverage : NaN;
  return {
    instrument: instrumentOf(p.segment, p.securityId, p.tradingSymbol),
    product: p.product,
    netQty: p.netQty,
    avgPrice: avg,
    realisedPnl: p.realizedProfit,
    lastPrice: NaN,
    raw: p,
  };
}

export function toPortFunds(f: DhanFunds): BrokerFunds {
  return {
    cash: f.availableBalance + f.utilized,
    utilised: f.utilized,
    available: f.availableBalance,
    raw: f,
  };
}

/** A Dhan acknowledgement's status on the port (Dhan never reports the ledger's own new/sent). */
export function asBrokerStatus(s: LedgerOrderStatus): BrokerOrderStatus {
  return s === 'new' || s === 'sent' ? 'open' : s;
}
