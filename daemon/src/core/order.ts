// Orders as strategies create them and brokers work them. The same shapes serve the simulated
// broker in backtests and the live broker port, so a strategy never knows which one it talks to.

export type OrderSide = 'buy' | 'sell';

/** How an order executes; see docs/engine.md for the fill rules of each type. */
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop-limit', 'trailing-stop'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/**
 * pending: created, not yet filled (working, or waiting for acceptance at the next bar);
 * filled: executed for its whole quantity; cancelled: by the strategy, by one-cancels-other or by
 * square-off; rejected: refused by the broker (see `reason`).
 */
export const ORDER_STATUSES = ['pending', 'filled', 'cancelled', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Stable reasons for rejections and cancellations (stored, counted and shown to users). */
export const ORDER_REASONS = [
  'insufficient_cash',
  'short_not_allowed',
  'invalid_quantity',
  'invalid_price',
  'after_square_off',
  'oco',
  'square_off',
  'cancelled_by_strategy',
] as const;
export type OrderReason = (typeof ORDER_REASONS)[number];

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
  readonly id: number;
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
  /** Start time (epoch ms) of the bar whose processing created the order. */
  readonly createdTime: number;
  /** Close of that bar: the reference price for the cash check at acceptance. */
  readonly createdPrice: number;
  status: OrderStatus;
  reason: OrderReason | undefined;
  /** Accepted by the broker (passed the acceptance checks at the next bar). */
  accepted: boolean;
  /** A stop-limit whose stop has been touched and now works as a limit order. */
  triggered: boolean;
  /** Time of the fill, cancellation or rejection; NaN while pending. */
  time: number;
  /** Fill price; NaN unless filled. */
  fillPrice: number;
  /** Total transaction costs of the fill in rupees (exact to the paisa). */
  costs: number;
  /** Bracket legs to create when this entry fills. */
  readonly bracket: BracketLegs | undefined;
  /** Bracket: the entry order this leg belongs to. */
  readonly parentId: number | undefined;
  /** One-cancels-other partner: when this order fills, the partner is cancelled. */
  ocoId: number | undefined;
}
