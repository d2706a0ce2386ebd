// The vocabulary of an order's life outside the backtester: the durable ledger (sql `orders`),
// the paper broker, the Dhan link and the risk gate all speak it, so it lives in the core.
// Backtest orders (core/order.ts) are the strategy-facing shape; a ledger order is what was
// sent to a broker on a strategy's behalf, identified by a client order id that survives
// restarts and becomes Dhan's `correlationId`.

/** Where a ledger order stands. new → sent → open → partially_filled → a terminal status. */
export const LEDGER_ORDER_STATUSES = [
  'new', // committed to the ledger, not yet handed to the broker (outbox)
  'sent', // handed to the broker; no acknowledgement yet (outcome may be unknown)
  'open', // acknowledged and working at the broker
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'expired', // a DAY order still open at the end of the session
] as const;
export type LedgerOrderStatus = (typeof LEDGER_ORDER_STATUSES)[number];

export const TERMINAL_ORDER_STATUSES: ReadonlySet<LedgerOrderStatus> = new Set([
  'filled',
  'cancelled',
  'rejected',
  'expired',
]);

/** Whether an order in `status` can still fill or be cancelled. */
export function isOrderActive(status: LedgerOrderStatus): boolean {
  return !TERMINAL_ORDER_STATUSES.has(status);
}

/**
 * Whether an order may move from `from` to `to` (the ledger refuses any other move). Statuses
 * can be skipped (a market order may fill before its acknowledgement arrives) but never go back;
 * only the risk gate or the strategy ends an order that was never sent (rejected, cancelled);
 * partially_filled → partially_filled is one more fill. (A switch, not a table: the simulated
 * broker checks every move of every order of a backtest.)
 */
export function canMoveOrder(from: LedgerOrderStatus, to: LedgerOrderStatus): boolean {
  switch (from) {
    case 'new':
      return to === 'sent' || to === 'rejected' || to === 'cancelled';
    case 'sent':
      return to !== 'new' && to !== 'sent';
    case 'open':
      return to !== 'new' && to !== 'sent' && to !== 'open';
    case 'partially_filled':
      return to === 'partially_filled' || to === 'filled' || to === 'cancelled' || to === 'expired';
    default:
      return false;
  }
}

/**
 * Who ended an order, so reports never confuse them: the strategy cancelled it, the risk gate
 * denied it (it never reached a broker), the broker rejected it, the operator or the kill switch
 * cancelled it, the session ended (expiry, intraday square-off), a one-cancels-other partner
 * filled, or restart recovery closed an order the broker never had (it is never sent again).
 */
export const ORDER_END_SOURCES = [
  'strategy',
  'risk',
  'broker',
  'operator',
  'kill_switch',
  'session',
  'oco',
  'recovery',
] as const;
export type OrderEndSource = (typeof ORDER_END_SOURCES)[number];

/** Broker products (Dhan's names): delivery, intraday (squared off), margin (F&O carry-forward). */
export const BROKER_PRODUCTS = ['CNC', 'INTRADAY', 'MARGIN'] as const;
export type BrokerProduct = (typeof BROKER_PRODUCTS)[number];

/** Broker order types (Dhan's names). STOP_LOSS is a stop-limit; STOP_LOSS_MARKET a stop. */
export const BROKER_ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP_LOSS', 'STOP_LOSS_MARKET'] as const;
export type BrokerOrderType = (typeof BROKER_ORDER_TYPES)[number];

export const VALIDITIES = ['DAY', 'IOC'] as const;
export type Validity = (typeof VALIDITIES)[number];

/** A client order id: 1–30 characters of [A-Za-z0-9_-] (Dhan's correlationId limit). */
export const CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,30}$/;

export function isClientOrderId(value: string): boolean {
  return CLIENT_ORDER_ID_PATTERN.test(value);
}
