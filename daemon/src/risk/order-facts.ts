// What the rules need to know about an order, worked out once per check: the reference price,
// the order's value, and per scope whether it only reduces the position and what the position
// and exposures become. The gate owns one OrderFacts and two ScopeFacts and refills them for
// each order, so the rules read fields instead of recomputing (and nothing is allocated).
import type { CompiledProfile } from './compiled-profile';
import type { RiskOrder, RiskSnapshot, ScopeSnapshot } from './risk-order';
import type { ViolationScope } from './violation';

export interface OrderFacts {
  order: RiskOrder;
  snapshot: RiskSnapshot;
  now: number;
  lastPrice: number;
  /**
   * The price the order's value is taken at: the highest of the last price, its limit and its
   * trigger — an upper bound of what it can cost or bring.
   */
  refPrice: number;
  /** qty × refPrice. */
  value: number;
  /** Signed quantity change: +qty for a buy, −qty for a sell. */
  delta: number;
}

export interface ScopeFacts {
  kind: Extract<ViolationScope, 'account' | 'deployment'>;
  scope: ScopeSnapshot;
  profile: CompiledProfile;
  /**
   * The order moves this scope's position towards zero without crossing it, counting the
   * working orders on the same side (two exits of a 100-share long at 100 each do not both
   * reduce).
   */
  reducing: boolean;
  qtyAfter: number;
  positionValueAfter: number;
  grossAfter: number;
  netAfter: number;
  openPositionsAfter: number;
}

export function emptyOrderFacts(): OrderFacts {
  return {
    order: undefined as unknown as RiskOrder,
    snapshot: undefined as unknown as RiskSnapshot,
    now: NaN,
    lastPrice: NaN,
    refPrice: NaN,
    value: NaN,
    delta: 0,
  };
}

export function emptyScopeFacts(kind: ScopeFacts['kind']): ScopeFacts {
  return {
    kind,
    scope: undefined as unknown as ScopeSnapshot,
    profile: undefined as unknown as CompiledProfile,
    reducing: false,
    qtyAfter: 0,
    positionValueAfter: 0,
    grossAfter: 0,
    netAfter: 0,
    openPositionsAfter: 0,
  };
}

function priceOrZero(price: number | undefined): number {
  return price !== undefined && price > 0 ? price : 0;
}

export function fillOrderFacts(f: OrderFacts, order: RiskOrder, snapshot: RiskSnapshot): void {
  const last = snapshot.market.lastPrice;
  f.order = order;
  f.snapshot = snapshot;
  f.now = snapshot.now;
  f.lastPrice = last;
  const ref = Math.max(last > 0 ? last : 0, priceOrZero(order.limitPrice), priceOrZero(order.triggerPrice));
  f.refPrice = ref > 0 ? ref : NaN;
  f.value = order.qty * f.refPrice;
  f.delta = order.side === 'buy' ? order.qty : -order.qty;
}

/** Whether `delta` reduces a position of `qty` without crossing zero, given working orders. */
export function reduces(qty: number, delta: number, pendingBuy: number, pendingSell: number): boolean {
  if (qty > 0 && delta < 0) return -delta + pendingSell <= qty;
  if (qty < 0 && delta > 0) return delta + pendingBuy <= -qty;
  return false;
}

export function fillScopeFacts(s: ScopeFacts, f: OrderFacts, scope: ScopeSnapshot): void {
  const qty = scope.positionQty;
  const after = qty + f.delta;
  const px = f.refPrice;
  s.scope = scope;
  s.profile = scope.profile;
  s.reducing = reduces(qty, f.delta, scope.pendingBuyQty, scope.pendingSellQty);
  s.qtyAfter = after;
  s.positionValueAfter = Math.abs(after) * px;
  // Only the added part is priced at the order's reference price: the rest is already in the
  // runner's gross exposure at the last price.
  s.grossAfter = scope.grossExposure + Math.max(0, Math.abs(after) - Math.abs(qty)) * px;
  s.netAfter = scope.netExposure + f.delta * px;
  s.openPositionsAfter =
    scope.openPositions + (qty === 0 && after !== 0 ? 1 : 0) - (qty !== 0 && after === 0 ? 1 : 0);
}
