// The broker port: how the engine hands orders to whatever executes them. In backtests that is
// SimBroker, which fills against the bars; in live trading it is an adapter over the real broker
// that reports fills asynchronously through the same listener. The engine never asks which.
import type { Fill } from '../core/fill';
import type { Order, OrderReason } from '../core/order';
import type { BarView } from '../indicators/indicator';

export interface BrokerListener {
  /**
   * An order (or part of it) executed. `fill` is only valid during the call (the simulated
   * broker reuses one object): copy what you keep.
   */
  onFill(order: Order, fill: Fill): void;
  /** An order was cancelled or rejected (its status and reason are set). */
  onOrderClosed(order: Order): void;
}

export interface BrokerPort {
  /** Takes a new order; it is accepted or rejected at the symbol's next bar at the latest. */
  submit(order: Order): void;
  /** Cancels a pending order (no effect when it is no longer pending). */
  cancel(order: Order, reason: OrderReason, time: number): void;
  /** A new bar of a symbol, before the strategy sees it: a simulated broker fills against it. */
  onBar(symbolIndex: number, bar: BarView): void;
  /** Pending orders of a symbol, in creation order. */
  pending(symbolIndex: number): Order[];
}
