// Orders as strategies create them and brokers work them. One shape and one life cycle in every
// mode — the simulated broker in backtests, the paper broker and the live broker — so a strategy
// never knows which one it talks to, and a backtest's orders read like the live ledger's.
import { AppError } from './errors';
import {
  LEDGER_ORDER_STATUSES,
  canMoveOrder,
  type LedgerOrderStatus,
  type OrderEndSource,
} from './order-lifecycle';

export type OrderSide = 'buy' | 'sell';

/** How an order executes; see docs/engine.md for the fill rules of each type. */
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop-limit', 'trailing-stop'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/**
 * new → sent → open → partially_filled → filled | cancelled | rejected | expired (core/order-lifecycle.ts).
 * new: created, not yet handed to a broker; sent: handed over, not yet accepted (the simulated
 * broker accepts at the symbol's next bar); open: accepted and working.
 */
export const ORDER_STATUSES = LEDGER_ORDER_STATUSES;
export type OrderStatus = LedgerOrderStatus;

/**
 * Stable reasons an order ended without filling (stored, counted and shown to users). Each has
 * one source (ORDER_REASON_SOURCES), so a report never confuses a strategy's cancel, a risk
 * denial and a broker's rejection.
 */
export const ORDER_REASONS = [
  'insufficient_cash',
  'short_not_allowed',
  'invalid_quantity',
  'invalid_price',
  'after_square_off',
  'above_freeze_quantity',
  'broker_rejected',
  'cancelled_by_broker',
  'risk_denied',
  'cancelled_by_strategy',
  'oco',
  'square_off',
  'end_of_session',
  'cancelled_by_operator',
  'kill_switch',
] as const;
export type OrderReason = (typeof ORDER_REASONS)[number];

/** Who ended an order for each reason. */
export const ORDER_REASON_SOURCES: Readonly<Record<OrderReason, OrderEndSource>> = {
  insufficient_cash: 'broker',
  short_not_allowed: 'broker',
  invalid_quantity: 'broker',
  invalid_price: 'broker',
  after_square_off: 'broker',
  above_freeze_quantity: 'broker',
  broker_rejected: 'broker',
  cancelled_by_broker: 'broker',
  risk_denied: 'risk',
  cancelled_by_strategy: 'strategy',
  oco: 'oco',
  square_off: 'session',
  end_of_session: 'session',
  cancelled_by_operator: 'operator',
  kill_switch: 'kill_switch',
};

/**
 * Who created an order: the strategy, a filled bracket entry (its legs), intraday square-off, or
 * the flatten of a kill switch engaged with flatten (the runner's, never the backtester's).
 */
export const ORDER_CREATORS = ['strategy', 'bracket', 'square_off', 'flatten'] as const;
export type OrderCreator = (typeof ORDER_CREATORS)[number];

/** Trailing distance of a trailing stop: a rupee amount or a percentage (1 = 1 %) of price. */
export type Trail = { amount: number } | { percent: number };

/** A bracket leg's price: absolute, or relative to the entry fill price. */
export type BracketLevel = number | { offset: number } | { percent: number };

/** Bracket legs attached to an entry: created when the entry fills, one-cancels-other. */
export interface BracketLegs {
  stopLoss?: BracketLevel | { trail: Trail };
  target?: BracketLevel;
}

/** What a strategy asks for. Prices are rounded to the instrument's tick when the order is created. */
export interface OrderRequest {
  side: OrderSide;
  /** Positive quantity in shares (multiples of the lot size for F&O). */
  qty: number;
  type?: OrderType;
  limitPrice?: number;
  stopPrice?: number;
  trail?: Trail;
  /** Free text carried to reports. */
  tag?: string;
}

export interface Order {
  /** Sequence number within this engine run (1, 2, …): the order's slot in the run's order log. */
  readonly id: number;
  /**
   * Durable identity, unique across runs and restarts (core/order-id.ts): the ledger's key and
   * the broker's correlation id. 1–30 characters of [A-Za-z0-9_-].
   */
  readonly clientOrderId: string;
  /** Index of the symbol in the run's symbol list. */
  readonly symbolIndex: number;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly type: OrderType;
  /** Limit price (limit, stop-limit); NaN otherwise. */
  readonly limitPrice: number;
  /** Current stop/trigger price (stop, stop-limit, trailing-stop); NaN otherwise. */
  stopPrice: number;
  readonly trail: Trail | undefined;
  readonly tag: string | undefined;
  readonly createdBy: OrderCreator;
  /** Engine time (epoch ms) when the order was created: the start of the bar being processed. */
  readonly createdTime: number;
  /** Close of that bar: the reference price for the cash check at acceptance. */
  readonly createdPrice: number;
  status: OrderStatus;
  /** Why it ended without filling completely (cancelled, rejected, expired); undefined otherwise. */
  reason: OrderReason | undefined;
  /** The broker's or the risk gate's own words for a rejection, when it gave any. */
  message: string | undefined;
  /** A stop-limit whose stop has been touched and now works as a limit order. */
  triggered: boolean;
  /** Time of the last fill, or of the cancellation, rejection or expiry; NaN before either. */
  time: number;
  /** Quantity executed so far (0 … qty); a live broker may fill an order in several parts. */
  filledQty: number;
  /** Quantity-weighted average price of the fills; NaN before the first. */
  avgFillPrice: number;
  /** Transaction costs of all fills, rupees (exact to the paisa but for a percentage fee). */
  costs: number;
  /** Bracket legs to create when this entry fills. */
  readonly bracket: BracketLegs | undefined;
  /** Bracket: the entry order this leg belongs to. */
  readonly parentId: number | undefined;
  /** One-cancels-other partner: when this order fills, the partner is cancelled. */
  ocoId: number | undefined;
}

/** Whether the order can still fill (not filled, cancelled, rejected or expired). */
export function isWorking(order: Order): boolean {
  const s = order.status;
  return s !== 'filled' && s !== 'cancelled' && s !== 'rejected' && s !== 'expired';
}

/** Moves an order to `status`; an impossible move (filled → open) is a bug in the broker adapter. */
export function moveOrder(order: Order, status: OrderStatus): void {
  if (!canMoveOrder(order.status, status))
    throw new AppError(
      'INVARIANT_BROKEN',
      `order ${order.clientOrderId}: cannot move from ${order.status} to ${status}`,
    );
  order.status = status;
}

/**
 * Books one execution into the order: filled quantity, average price, costs, status (filled when
 * nothing remains, else partially_filled). An execution beyond the order's quantity is refused.
 */
export function recordFill(order: Order, qty: number, price: number, time: number, costs: number): void {
  const filled = order.filledQty + qty;
  if (!(qty > 0) || filled > order.qty)
    throw new AppError(
      'INVARIANT_BROKEN',
      `order ${order.clientOrderId}: a fill of ${qty} on ${order.filledQty} of ${order.qty} filled`,
    );
  moveOrder(order, filled === order.qty ? 'filled' : 'partially_filled');
  order.avgFillPrice =
    order.filledQty === 0 ? price : (order.avgFillPrice * order.filledQty + price * qty) / filled;
  order.filledQty = filled;
  order.costs += costs;
  order.time = time;
}

/** Ends a working order without (further) fills; the reason says who ended it. */
export function endOrder(
  order: Order,
  status: 'cancelled' | 'rejected' | 'expired',
  reason: OrderReason,
  time: number,
  message?: string,
): void {
  moveOrder(order, status);
  order.reason = reason;
  order.message = message;
  order.time = time;
}
