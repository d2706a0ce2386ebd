// Reconciliation as a pure function, venue-neutral (any BrokerLink: Dhan, the paper venue): what
// a venue reports — its orders, trades and positions — against what the ledger holds for the same
// broker account →
//   updates     the venue updates the ledger missed (fills, status changes, acknowledgements),
//               to apply through the ledger's idempotent apply — exactly what the socket would
//               have delivered;
//   expired     active orders of an earlier session the venue's book no longer lists: the
//               session ended with them working (Dhan's books cover today only);
//   unsent      orders the ledger marked sent that the venue does not have (recovery resolves
//               them by lookup after a grace period; never by placing again);
//   differences what nothing explains: an order we never sent, an order the venue lost, an ended
//               order the venue says otherwise of, a fill the venue does not have, a quantity or a
//               position that does not match.
// The order-update stream is a hint; this is how a missed update is healed. No I/O, no clock.
import { TERMINAL_ORDER_STATUSES, type LedgerOrderStatus } from '../core/order-lifecycle';
import type {
  BrokerInstrumentRef,
  BrokerOrder,
  BrokerOrderUpdate,
  BrokerPosition,
  BrokerTrade,
} from './broker-link';

export interface LedgerOrderView {
  clientOrderId: string;
  brokerOrderId: string | null;
  status: LedgerOrderStatus;
  qty: number;
  filledQty: number;
  /** Closed by recovery as not found at the venue: any sign of it at the venue reopens it. */
  reopenable: boolean;
  /** IST trading date ('YYYY-MM-DD') the order was sent on; null when never sent. */
  sentDay: string | null;
}

export interface LedgerFillView {
  clientOrderId: string;
  tradeId: string;
  qty: number;
}

export interface LedgerPositionView {
  instrument: BrokerInstrumentRef;
  product: string;
  netQty: number;
  /** Today's buys − sells (0 when the position did not trade today). */
  dayNetQty: number;
}

export interface BrokerSnapshot {
  orders: readonly BrokerOrder[];
  trades: readonly BrokerTrade[];
  positions: readonly BrokerPosition[];
  /** Products whose positions count today's trades only (BrokerLink.dayPositionProducts). */
  dayPositionProducts?: readonly string[];
}

/** The ledger's side for one broker account: active orders, today's, and those the venue lists. */
export interface LedgerSnapshot {
  orders: readonly LedgerOrderView[];
  fills: readonly LedgerFillView[];
  positions: readonly LedgerPositionView[];
  /** IST trading date of the venue's books. */
  today: string;
}

export type ReconcileDifference =
  | { kind: 'unknown_order'; brokerOrderId: string; clientOrderId: string; detail: string }
  | { kind: 'missing_at_broker'; clientOrderId: string; status: LedgerOrderStatus }
  | { kind: 'status_conflict'; clientOrderId: string; ledger: LedgerOrderStatus; broker: LedgerOrderStatus }
  | { kind: 'fill_not_at_broker'; clientOrderId: string; tradeId: string }
  | { kind: 'overfilled'; clientOrderId: string; ledgerFilled: number; brokerFilled: number }
  | { kind: 'quantity_mismatch'; clientOrderId: string; ledgerQty: number; brokerQty: number }
  | {
      kind: 'position_mismatch';
      instrument: string;
      product: string;
      basis: 'net' | 'day';
      ledgerQty: number;
      brokerQty: number;
    };

export interface ReconcileResult {
  updates: BrokerOrderUpdate[];
  expired: string[];
  unsent: string[];
  differences: ReconcileDifference[];
}

/** How positions are matched across the two sides: Dhan's segment and security id, else the symbol. */
export function instrumentKey(i: BrokerInstrumentRef): string {
  return i.securityId ? `${i.segment}/${i.securityId}` : `${i.exchange}:${i.symbol}`;
}

const describeOrder = (o: BrokerOrder) =>
  `${o.side} ${o.qty} ${o.instrument.symbol} (${o.venueStatus}${o.clientOrderId ? `, client order id ${o.clientOrderId}` : ', no client order id: placed elsewhere'})`;

export function reconcile(broker: BrokerSnapshot, ledger: LedgerSnapshot): ReconcileResult {
  const result: ReconcileResult = { updates: [], expired: [], unsent: [], differences: [] };
  const byClient = new Map<string, BrokerOrder>();
  for (const o of broker.orders) if (o.clientOrderId) byClient.set(o.clientOrderId, o);
  const tradesOf = new Map<string, BrokerTrade[]>();
  for (const t of broker.trades)
    if (t.clientOrderId) tradesOf.set(t.clientOrderId, [...(tradesOf.get(t.clientOrderId) ?? []), t]);
  const fillsOf = new Map<string, Set<string>>();
  for (const f of ledger.fills)
    fillsOf.set(f.clientOrderId, (fillsOf.get(f.clientOrderId) ?? new Set()).add(f.tradeId));
  const claimed = new Set<string>();
  const change = new Map<string, number>();
  const bump = (key: string, n: number) => change.set(key, (change.get(key) ?? 0) + n);

  for (const lo of ledger.orders) {
    if (lo.status === 'new') continue;
    const bo = byClient.get(lo.clientOrderId);
    if (!bo) {
      const active = !TERMINAL_ORDER_STATUSES.has(lo.status);
      if (lo.status === 'sent') result.unsent.push(lo.clientOrderId);
      else if (active && lo.sentDay !== null && lo.sentDay < ledger.today)
        result.expired.push(lo.clientOrderId);
      else if (active)
        result.differences.push({
          kind: 'missing_at_broker',
          clientOrderId: lo.clientOrderId,
          status: lo.status,
        });
      continue;
    }
    claimed.add(lo.clientOrderId);
    const have = fillsOf.get(lo.clientOrderId) ?? new Set<string>();
    const trades = tradesOf.get(lo.clientOrderId) ?? [];
    let filled = lo.filledQty;
    const terminal = TERMINAL_ORDER_STATUSES.has(lo.status) && !lo.reopenable;
    for (const t of trades) {
      if (have.has(t.tradeId)) continue;
      result.updates.push({ kind: 'fill', trade: t, order: bo });
      filled += t.qty;
      bump(`${instrumentKey(t.instrument)}|${bo.product}`, t.side === 'buy' ? t.qty : -t.qty);
    }
    const tradeIds = new Set(trades.map((t) => t.tradeId));
    for (const id of have)
      if (!tradeIds.has(id))
        result.differences.push({ kind: 'fill_not_at_broker', clientOrderId: lo.clientOrderId, tradeId: id });
    if (filled > bo.filledQty)
      result.differences.push({
        kind: 'overfilled',
        clientOrderId: lo.clientOrderId,
        ledgerFilled: filled,
        brokerFilled: bo.filledQty,
      });
    if (bo.qty < filled)
      result.differences.push({
        kind: 'quantity_mismatch',
        clientOrderId: lo.clientOrderId,
        ledgerQty: lo.qty,
        brokerQty: bo.qty,
      });
    const same = bo.status === lo.status && bo.qty === lo.qty && lo.brokerOrderId !== null;
    if (same) continue;
    if (terminal) {
      // An ended order the venue agrees ended, differing only in quantity, is history: leave it.
      if (bo.status !== lo.status && !(lo.status === 'filled' && filled >= lo.qty))
        result.differences.push({
          kind: 'status_conflict',
          clientOrderId: lo.clientOrderId,
          ledger: lo.status,
          broker: bo.status,
        });
      continue;
    }
    result.updates.push({ kind: 'status', order: bo });
  }

  for (const o of broker.orders)
    if (!o.clientOrderId || !claimed.has(o.clientOrderId))
      result.differences.push({
        kind: 'unknown_order',
        brokerOrderId: o.brokerOrderId,
        clientOrderId: o.clientOrderId,
        detail: describeOrder(o),
      });

  result.differences.push(...positionDifferences(broker, ledger, change));
  return result;
}

function positionDifferences(
  broker: BrokerSnapshot,
  ledger: LedgerSnapshot,
  change: ReadonlyMap<string, number>,
): ReconcileDifference[] {
  const dayOnly = new Set(broker.dayPositionProducts ?? []);
  const names = new Map<string, string>();
  const ledgerQty = new Map<string, number>();
  for (const p of ledger.positions) {
    const key = `${instrumentKey(p.instrument)}|${p.product}`;
    names.set(key, p.instrument.symbol);
    ledgerQty.set(key, (ledgerQty.get(key) ?? 0) + (dayOnly.has(p.product) ? p.dayNetQty : p.netQty));
  }
  const brokerQty = new Map<string, number>();
  for (const p of broker.positions) {
    const key = `${instrumentKey(p.instrument)}|${p.product}`;
    names.set(key, names.get(key) ?? p.instrument.symbol);
    brokerQty.set(key, (brokerQty.get(key) ?? 0) + p.netQty);
  }
  const out: ReconcileDifference[] = [];
  for (const key of new Set([...ledgerQty.keys(), ...brokerQty.keys(), ...change.keys()])) {
    const expected = (ledgerQty.get(key) ?? 0) + (change.get(key) ?? 0);
    const actual = brokerQty.get(key) ?? 0;
    if (expected === actual) continue;
    const [instrument, product] = key.split('|') as [string, string];
    out.push({
      kind: 'position_mismatch',
      instrument: `${names.get(key) ?? instrument} (${instrument})`,
      product,
      basis: dayOnly.has(product) ? 'day' : 'net',
      ledgerQty: expected,
      brokerQty: actual,
    });
  }
  return out;
}
