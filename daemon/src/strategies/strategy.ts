// The strategy API. A strategy is plain data plus three functions: `init` declares indicators
// (once per symbol) and returns the per-symbol state, `onBar` reacts to each bar, and the
// optional notifications report order and trade events. The engine drives it identically in
// backtests and live trading: only the bar source and the broker port behind the context change.
import type { z } from 'zod';
import type { BarView, Indicator } from '../indicators/indicator';
import type { Instrument } from '../core/instrument';
import type { BracketLevel, Order, OrderRequest, OrderSide, Trail } from '../core/order';
import type { Position, Trade } from '../core/position';

/** Read-only view of the whole account, for sizing and multi-symbol logic. */
export interface PortfolioView {
  /** Cash in rupees (exact to the paisa). */
  readonly cash: number;
  /** Cash plus every position at its last close. */
  equity(): number;
}

/** Bracket entry: the entry order plus stop-loss and target legs, one-cancels-other. */
export interface BracketRequest {
  side: OrderSide;
  qty: number;
  /** Entry limit price; omitted = market entry. */
  limitPrice?: number;
  /** Stop-loss: a price, an offset or percent from the entry fill, or a trailing distance. */
  stopLoss?: BracketLevel | { trail: Trail };
  /** Profit target: a price, or an offset or percent from the entry fill. */
  target?: BracketLevel;
  tag?: string;
}

/** What `init` sees: parameters, the symbol, and the indicator declaration hook. */
export interface InitContext<P> {
  readonly params: P;
  readonly symbol: string;
  readonly instrument: Instrument;
  /**
   * Declares an indicator: the engine updates declared indicators in declaration order on every
   * bar, so declare inputs before indicators built on them (crossover after its two averages).
   */
  indicator<I extends Indicator>(indicator: I): I;
}

/** What `onBar` and the notifications see; order methods return the created order. */
export interface StrategyContext<P> {
  readonly params: P;
  readonly symbol: string;
  readonly instrument: Instrument;
  /** This symbol's current bar (the same object every bar: copy what you keep). */
  readonly bar: BarView;
  /** 0-based index of the current bar among this symbol's bars in the run. */
  readonly index: number;
  readonly position: Readonly<Position>;
  readonly portfolio: PortfolioView;
  readonly symbols: readonly string[];
  /** Latest bar of another symbol in the run (undefined before its first bar). */
  data(symbol: string): BarView | undefined;
  positionOf(symbol: string): Readonly<Position>;
  /** Pending orders of this symbol. */
  openOrders(): Order[];
  buy(qty: number, tag?: string): Order;
  sell(qty: number, tag?: string): Order;
  buyLimit(qty: number, price: number): Order;
  sellLimit(qty: number, price: number): Order;
  buyStop(qty: number, stopPrice: number): Order;
  sellStop(qty: number, stopPrice: number): Order;
  buyStopLimit(qty: number, stopPrice: number, limitPrice: number): Order;
  sellStopLimit(qty: number, stopPrice: number, limitPrice: number): Order;
  trailingStop(side: OrderSide, qty: number, trail: Trail): Order;
  order(request: OrderRequest): Order;
  bracket(request: BracketRequest): Order;
  /** Market order that flattens this symbol's position; undefined when already flat. */
  close(tag?: string): Order | undefined;
  cancel(order: Order): void;
}

export interface StrategyDefinition<P = unknown, S = unknown> {
  name: string;
  description: string;
  /** Parameter schema: defaults, bounds and descriptions (shown as JSON Schema by the API). */
  params: z.ZodType<P>;
  /** Called once per symbol before its first bar; returns that symbol's state. */
  init(ctx: InitContext<P>): S;
  /** Called on every bar from the first one where all declared indicators are defined. */
  onBar(ctx: StrategyContext<P>, state: S): void;
  /** An order of this symbol was filled, cancelled or rejected. */
  onOrder?(ctx: StrategyContext<P>, order: Order, state: S): void;
  /** A round-trip trade of this symbol closed. */
  onTrade?(ctx: StrategyContext<P>, trade: Trade, state: S): void;
}

/** Declares a strategy; the identity function, there for type inference of params and state. */
export function defineStrategy<Schema extends z.ZodType, S>(
  definition: StrategyDefinition<z.output<Schema>, S> & { params: Schema },
): StrategyDefinition<z.output<Schema>, S> {
  return definition;
}

/** A definition with its parameter and state types erased, as the registry and engine hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStrategy = StrategyDefinition<any, any>;
