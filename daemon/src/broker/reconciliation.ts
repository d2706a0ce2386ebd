// Reconciliation as a pure function: what a broker reports (today's orders, trades, positions)
// against what the ledger holds → the updates the ledger missed (acknowledgements, fills, status
// changes) and the differences nothing explains (an order we never sent, a fill the broker does
// not have, a position we do not hold). The order-update stream is a hint; this is how a missed
// update is healed. Venue-neutral: broker records in, plain values out; no I/O, no clock.
import { TERMINAL_ORDER_STATUSES, type LedgerOrderStatus } from '../core/order-lifecycle';
import type { BrokerOrder, BrokerPosition, BrokerTrade, OrderSide } from './broker-records';

export interface LedgerOrderView {
  clientOrderId: string;
  brokerOrderId?: string;
  status: LedgerOrderStatus;
  qty: number;
  filledQty: number;
}

export interface LedgerFillView {
  clientOrderId: string;
  brokerTradeId: string;
  qty: number;
}

export interface LedgerPositionView {
  segment: string;
  securityId: string;
  product: string;
  netQty: number;
}

export interface BrokerSnapshot {
  orders: readonly BrokerOrder[];
  trades: readonly BrokerTrade[];
  positions: readonly BrokerPosition[];
}

/** Today's ledger for the same broker account (the broker's books cover today only). */
export interface LedgerSnapshot {
  orders: readonly LedgerOrderView[];
  fills: readonly LedgerFillView[];
  positions: readonly LedgerPositionView[];
}

export type ReconcileUpdate =
  | { kind: 'acknowledge'; clientOrderId: string; brokerOrderIds: string[] }
  | {
      kind: 'fill';
      clientOrderId: string;
      brokerOrderId: string;
      tradeId: string;
      side: OrderSide;
      qty: number;
      price: number;
      at?: number;
    }
  | {
      kind: 'status';
      clientOrderId: string;
      from: LedgerOrderStatus;
      to: LedgerOrderStatus;
      filledQty: number;
      averagePrice: number;
      reason?: string;
    };

export type ReconcileDifference =
  | { kind: 'unknown_order'; brokerOrderId: string; clientOrderId?: string; detail: string }
  | { kind: 'missing_at_broker'; clientOrderId: string; status: LedgerOrderStatus }
  | { kind: 'status_conflict'; clientOrderId: string; ledger: LedgerOrderStatus; broker: LedgerOrderStatus }
  | { kind: 'fill_not_at_broker'; clientOrderId: string; brokerTradeId: string }
  | { kind: 'overfilled'; clientOrderId: string; ledgerFilled: number; brokerFilled: number }
  | {
      kind: 'position_mismatch';
      segment: string;
      securityId: string;
      product: string;
      ledgerQty: number;
      brokerQty: number;
    };

export interface ReconcileResult {
  updates: ReconcileUpdate[];
  differences: ReconcileDifference[];
  /** Orders the ledger marked sent that the broker does not have: the sender resolves them (placeSafely). */
  unsent: string[];
}

/** One status for the broker orders of one client order id (several when Dhan sliced it). */
export function combinedStatus(orders: readonly BrokerOrder[]): {
  status: LedgerOrderStatus;
  filledQty: number;
  averagePrice: number;
  reason?: string;
} {
  const filledQty = orders.reduce((n, o) => n + o.filledQty, 0);
  const value = orders.reduce((n, o) => n + o.filledQty * o.averagePrice, 0);
  const qty = orders.reduce((n, o) => n + o.quantity, 0);
  const working = orders.some((o) => !TERMINAL_ORDER_STATUSES.has(o.status));
  const reason = orders.find(
    (o) => o.reason && (o.status === 'rejected' || o.status === 'cancelled'),
  )?.reason;
  let status: LedgerOrderStatus;
  if (working) status = filledQty > 0 ? 'partially_filled' : 'open';
  else if (filledQty >= qty) status = 'filled';
  else if (orders.every((o) => o.status === 'rejected')) status = 'rejected';
  else if (orders.some((o) => o.status === 'expired')) status = 'expired';
  else status = 'cancelled';
  return { status, filledQty, averagePrice: filledQty > 0 ? value / filledQty : 0, reason };
}

const positionKey = (p: { segment: string; securityId: string; product: string }) =>
  `${p.segment}/${p.securityId}/${p.product}`;

export function reconcile(broker: BrokerSnapshot, ledger: LedgerSnapshot): ReconcileResult {
  const updates: ReconcileUpdate[] = [];
  const differences: ReconcileDifference[] = [];
  const unsent: string[] = [];
  const byClient = new Map<string, BrokerOrder[]>();
  const byBrokerId = new Map(broker.orders.map((o) => [o.brokerOrderId, o]));
  for (const o of broker.orders)
    if (o.clientOrderId) byClient.set(o.clientOrderId, [...(byClient.get(o.clientOrderId) ?? []), o]);
  const tradesByOrder = new Map<string, BrokerTrade[]>();
  for (const t of broker.trades)
    tradesByOrder.set(t.brokerOrderId, [...(tradesByOrder.get(t.brokerOrderId) ?? []), t]);
  const ledgerFills = new Map<string, Set<string>>();
  for (const f of ledger.fills)
    ledgerFills.set(f.clientOrderId, (ledgerFills.get(f.clientOrderId) ?? new Set()).add(f.brokerTradeId));
  const claimed = new Set<string>();
  const netChange = new Map<string, number>();

  for (const lo of ledger.orders) {
    if (lo.status === 'new') continue;
    const known = lo.brokerOrderId ? byBrokerId.get(lo.brokerOrderId) : undefined;
    const matched = byClient.get(lo.clientOrderId) ?? (known ? [known] : []);
    if (matched.length === 0) {
      if (lo.status === 'sent') unsent.push(lo.clientOrderId);
      else if (!TERMINAL_ORDER_STATUSES.has(lo.status))
        differences.push({ kind: 'missing_at_broker', clientOrderId: lo.clientOrderId, status: lo.status });
      continue;
    }
    for (const o of matched) claimed.add(o.brokerOrderId);
    const ids = matched.map((o) => o.brokerOrderId);
    if (!lo.brokerOrderId || !ids.includes(lo.brokerOrderId))
      updates.push({ kind: 'acknowledge', clientOrderId: lo.clientOrderId, brokerOrderIds: ids });
    const have = ledgerFills.get(lo.clientOrderId) ?? new Set<string>();
    const brokerTrades = ids.flatMap((id) => tradesByOrder.get(id) ?? []);
    for (const t of brokerTrades) {
      if (have.has(t.tradeId)) continue;
      updates.push({
        kind: 'fill',
        clientOrderId: lo.clientOrderId,
        brokerOrderId: t.brokerOrderId,
        tradeId: t.tradeId,
        side: t.side,
        qty: t.quantity,
        price: t.price,
        at: t.at,
      });
      const key = positionKey(t);
      netChange.set(key, (netChange.get(key) ?? 0) + (t.side === 'buy' ? t.quantity : -t.quantity));
    }
    const tradeIds = new Set(brokerTrades.map((t) => t.tradeId));
    for (const id of have)
      if (!tradeIds.has(id))
        differences.push({ kind: 'fill_not_at_broker', clientOrderId: lo.clientOrderId, brokerTradeId: id });
    const now = combinedStatus(matched);
    if (lo.filledQty > now.filledQty)
      differences.push({
        kind: 'overfilled',
        clientOrderId: lo.clientOrderId,
        ledgerFilled: lo.filledQty,
        brokerFilled: now.filledQty,
      });
    if (now.status === lo.status) continue;
    if (TERMINAL_ORDER_STATUSES.has(lo.status))
      differences.push({
        kind: 'status_conflict',
        clientOrderId: lo.clientOrderId,
        ledger: lo.status,
        broker: now.status,
      });
    else
      updates.push({
        kind: 'status',
        clientOrderId: lo.clientOrderId,
        from: lo.status,
        to: now.status,
        filledQty: now.filledQty,
        averagePrice: now.averagePrice,
        reason: now.reason,
      });
  }

  for (const o of broker.orders) {
    if (claimed.has(o.brokerOrderId)) continue;
    differences.push({
      kind: 'unknown_order',
      brokerOrderId: o.brokerOrderId,
      clientOrderId: o.clientOrderId,
      detail: `${o.side} ${o.quantity} ${o.tradingSymbol ?? o.securityId} ${o.brokerStatus}${o.clientOrderId ? ` (correlation id ${o.clientOrderId})` : ' (no correlation id: placed elsewhere)'}`,
    });
  }

  const ledgerQty = new Map(ledger.positions.map((p) => [positionKey(p), p.netQty]));
  const keys = new Set([...ledgerQty.keys(), ...netChange.keys(), ...broker.positions.map(positionKey)]);
  const brokerQty = new Map(broker.positions.map((p) => [positionKey(p), p.netQty]));
  for (const key of keys) {
    const expected = (ledgerQty.get(key) ?? 0) + (netChange.get(key) ?? 0);
    const actual = brokerQty.get(key) ?? 0;
    if (expected === actual) continue;
    const [segment, securityId, product] = key.split('/') as [string, string, string];
    differences.push({
      kind: 'position_mismatch',
      segment,
      securityId,
      product,
      ledgerQty: expected,
      brokerQty: actual,
    });
  }
  return { updates, differences, unsent };
}
