// Translation between the engine's orders and the ledger's (the broker's vocabulary): order
// types, products, prices, and the ledger's reasons back into the engine's stable reasons. Pure.
import { ORDER_REASONS, type Order, type OrderReason, type OrderType } from '../../core/order';
import type { BrokerOrderType, OrderEndSource } from '../../core/order-lifecycle';
import type { LedgerOrder } from '../ledger/ledger-types';

// A trailing stop is a stop-loss-market order at the venue whose trigger the runner moves after
// each bar (engine-bridge.ts `trail`): no venue takes a trailing order itself.
const BROKER_TYPES: Record<OrderType, BrokerOrderType> = {
  market: 'MARKET',
  limit: 'LIMIT',
  stop: 'STOP_LOSS_MARKET',
  'stop-limit': 'STOP_LOSS',
  'trailing-stop': 'STOP_LOSS_MARKET',
};

/** The broker order type of an engine order (undefined for a type no venue takes). */
export function brokerOrderType(type: OrderType): BrokerOrderType | undefined {
  return BROKER_TYPES[type];
}

/** The prices a venue order carries (absent rather than NaN). */
export function brokerPrices(order: Order): { limitPrice?: number; triggerPrice?: number } {
  const out: { limitPrice?: number; triggerPrice?: number } = {};
  if (order.limitPrice === order.limitPrice) out.limitPrice = order.limitPrice;
  if (
    (order.type === 'stop' || order.type === 'stop-limit' || order.type === 'trailing-stop') &&
    order.stopPrice === order.stopPrice
  )
    out.triggerPrice = order.stopPrice;
  return out;
}

const KNOWN = new Set<string>(ORDER_REASONS);
/** Venue words that have an engine reason of another name. */
const VENUE_REASONS: Readonly<Record<string, OrderReason>> = {
  freeze_quantity: 'above_freeze_quantity',
  session_end: 'end_of_session',
};
const BY_SOURCE: Readonly<Partial<Record<OrderEndSource, OrderReason>>> = {
  strategy: 'cancelled_by_strategy',
  risk: 'risk_denied',
  broker: 'cancelled_by_broker',
  operator: 'cancelled_by_operator',
  kill_switch: 'kill_switch',
  session: 'end_of_session',
  oco: 'oco',
  recovery: 'cancelled_by_broker',
};

/**
 * The engine reason for a ledger order that ended without filling. A cancel the engine asked for
 * keeps the reason it asked with (`requested`); otherwise the venue's word when the engine knows
 * it, else the reason of whoever ended it.
 */
export function engineReason(order: LedgerOrder, requested: OrderReason | undefined): OrderReason {
  if (order.status === 'cancelled' && requested !== undefined) return requested;
  const word = order.reason ?? '';
  if (KNOWN.has(word)) return word as OrderReason;
  if (VENUE_REASONS[word]) return VENUE_REASONS[word]!;
  if (order.status === 'expired') return 'end_of_session';
  if (order.status === 'rejected') return order.endSource === 'risk' ? 'risk_denied' : 'broker_rejected';
  return BY_SOURCE[order.endSource ?? 'broker'] ?? 'cancelled_by_broker';
}
