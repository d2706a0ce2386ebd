// The broker port: how the engine hands orders to whatever executes them — the simulated broker
// in backtests, the paper broker, Dhan — and how it hears back. The engine never asks which.
//
// The contract is the live one: an order is handed over (`submit`) and its fate arrives later,
// through the listener, perhaps in several partial fills, perhaps never on the bar it was made.
// A broker moves the order through its life cycle (core/order.ts: moveOrder, recordFill,
// endOrder) before it tells the listener. A broker that fills against the engine's bars (the
// simulated one) also implements `onBar`; the engine calls it in the broker phase of each
// timestep. A live broker fills from its own feed and does not.
import type { Fill } from '../core/fill';
import type { Order, OrderReason } from '../core/order';
import type { BarView } from '../indicators/indicator';
import type { Portfolio } from './portfolio';

export interface BrokerListener {
  /**
   * An order executed, wholly or in part: the order already carries the new `filledQty`,
   * `avgFillPrice`, `costs` and status. `fill` is only valid during the call (the simulated
   * broker reuses one object): copy what you keep.
   */
  onFill(order: Order, fill: Fill): void;
  /** An order ended without (further) fills: cancelled, rejected or expired; reason set. */
  onOrderClosed(order: Order): void;
}

export interface BrokerPort {
  /**
   * Takes a new order (status `new`) and moves it on (`sent`, then `open` once accepted). It is
   * never refused by throwing: a refusal is a rejection reported through the listener.
   */
  submit(order: Order): void;
  /**
   * Asks for a working order to be cancelled (no effect once it has ended). The cancellation is
   * reported through the listener, at once or later: a live order may still fill meanwhile.
   */
  cancel(order: Order, reason: OrderReason, time: number): void;
  /** Working orders of a symbol (submitted, not yet ended), in creation order. */
  openOrders(symbolIndex: number): Order[];
}

/** A broker that executes against the engine's bars (backtests). */
export interface SimulatedBroker extends BrokerPort {
  /** A new bar of a symbol, before the strategy sees it: fill the working orders against it. */
  onBar(symbolIndex: number, bar: BarView): void;
}

export function isSimulatedBroker(broker: BrokerPort): broker is SimulatedBroker {
  return typeof (broker as Partial<SimulatedBroker>).onBar === 'function';
}

/** What a broker is built with. */
export interface BrokerContext {
  /** The account the engine books fills into (the simulated broker checks funds against it). */
  readonly portfolio: Portfolio;
  readonly listener: BrokerListener;
  /**
   * Working orders restored from the ledger after a restart (engine/restore.ts), in creation
   * order: the broker owns them from now on, as if they had been submitted to it.
   */
  readonly restoredOrders: readonly Order[];
}

/** Builds the broker port for an engine. */
export type BrokerFactory = (context: BrokerContext) => BrokerPort;
