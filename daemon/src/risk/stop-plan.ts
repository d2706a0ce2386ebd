// What to do when trading stops — a kill switch engaged, or a scope HALTED by a loss limit:
// which working orders to cancel and, when asked to flatten, which market orders close the
// positions. Pure: the runner passes its working orders and positions and executes the plan;
// the flatten orders go through the gate like any order (origin 'flatten'), so they are
// rate-limited by the same counters and the broker's ceiling — a rate denial carries
// retryAfterMs, and the runner sends that order again after it.
import type { OrderSide } from '../core/order';
import { isOrderActive, type BrokerProduct, type LedgerOrderStatus } from '../core/order-lifecycle';
import { covers, type KillSwitchScope } from './kill-switch';

/** Whose trading stops: a kill switch's scope, or the scope a halt hit. */
export interface StopTarget {
  scope: KillSwitchScope;
  accountId: number | null;
  deploymentId: number | null;
}

export interface WorkingOrder {
  clientOrderId: string;
  accountId: number;
  deploymentId: number | null;
  symbol: string;
  status: LedgerOrderStatus;
}

export interface HeldPosition {
  accountId: number;
  deploymentId: number | null;
  symbol: string;
  product: BrokerProduct;
  /** Signed: positive long, negative short. */
  qty: number;
  lotSize: number;
  /** Exchange freeze quantity: larger flatten orders are sliced under it. */
  freezeQty?: number;
}

export interface FlattenOrder {
  accountId: number;
  deploymentId: number | null;
  symbol: string;
  side: OrderSide;
  qty: number;
  product: BrokerProduct;
  orderType: 'MARKET';
  validity: 'DAY';
  origin: 'flatten';
}

export interface StopPlan {
  /** Working orders to cancel (status new, sent, open or partially filled), in input order. */
  cancel: WorkingOrder[];
  /** Market orders that close every covered position, sliced under the freeze quantity. */
  flatten: FlattenOrder[];
}

function coveredBy(target: StopTarget, accountId: number, deploymentId: number | null): boolean {
  return covers(
    { ...target, id: 0, flatten: false, engagedBy: '', engagedAt: 0, reason: '' },
    accountId,
    deploymentId,
  );
}

/** Slices of `qty` at most `freezeQty` each, every slice a whole number of lots. */
export function sliceQuantity(qty: number, lotSize: number, freezeQty: number | undefined): number[] {
  const lot = lotSize > 0 ? lotSize : 1;
  const max = freezeQty !== undefined && freezeQty >= lot ? Math.floor(freezeQty / lot) * lot : qty;
  const slices: number[] = [];
  for (let left = qty; left > 0; left -= max) slices.push(Math.min(left, max));
  return slices;
}

export function planStop(
  target: StopTarget,
  orders: readonly WorkingOrder[],
  positions: readonly HeldPosition[],
  flatten: boolean,
): StopPlan {
  const cancel = orders.filter(
    (o) => isOrderActive(o.status) && coveredBy(target, o.accountId, o.deploymentId),
  );
  const closing: FlattenOrder[] = [];
  if (flatten) {
    const held = positions
      .filter((p) => p.qty !== 0 && coveredBy(target, p.accountId, p.deploymentId))
      .sort(
        (a, b) =>
          a.accountId - b.accountId ||
          (a.deploymentId ?? 0) - (b.deploymentId ?? 0) ||
          a.symbol.localeCompare(b.symbol) ||
          a.product.localeCompare(b.product),
      );
    for (const p of held) {
      for (const qty of sliceQuantity(Math.abs(p.qty), p.lotSize, p.freezeQty)) {
        closing.push({
          accountId: p.accountId,
          deploymentId: p.deploymentId,
          symbol: p.symbol,
          side: p.qty > 0 ? 'sell' : 'buy',
          qty,
          product: p.product,
          orderType: 'MARKET',
          validity: 'DAY',
          origin: 'flatten',
        });
      }
    }
  }
  return { cancel, flatten: closing };
}
