// The event loop shared by backtests, paper and live trading. The engine owns the strategy, the
// portfolio and the order flow; everything that differs between modes is a port it is given:
// the broker (BrokerFactory: the simulated broker, the paper broker, Dhan), the order id source,
// and time, which a driver passes in (bar times in backtests, a timer live). One timestep
// (timestep.ts) runs its phases in a fixed order: clock (onTime), broker, strategy, end.
import type { Fill } from '../core/fill';
import type { Instrument } from '../core/instrument';
import type { Order, OrderCreator, OrderReason, OrderRequest } from '../core/order';
import type { OrderIdSource } from '../core/order-id';
import type { Indicator } from '../indicators/indicator';
import type { AnyStrategy, BracketRequest } from '../strategies/strategy';
import {
  isSimulatedBroker,
  type BrokerFactory,
  type BrokerListener,
  type BrokerPort,
  type SimulatedBroker,
} from './broker-port';
import { MutableBar } from './mutable-bar';
import { OrderLog } from './order-log';
import { bracketLegRequests, newOrder, type OrderOrigin } from './order-factory';
import { Portfolio } from './portfolio';
import type { Product } from './product';
import { restoreEngineState, type EngineSnapshot } from './restore';
import { SquareOffSchedule } from './square-off';
import { SymbolContext, type ContextHost } from './symbol-context';

export type { Product } from './product';

export interface EngineConfig {
  symbols: readonly string[];
  /** One per symbol, in the same order (the instrument master's lot, tick, freeze, segment). */
  instruments: readonly Instrument[];
  strategy: AnyStrategy;
  params: unknown;
  /** Capital the run starts with (statistics measure returns from it). */
  initialCash: number;
  product: Product;
  /** Builds the broker port: `simBroker({ … })` in backtests. */
  broker: BrokerFactory;
  /** Client order ids (core/order-id.ts): unique across runs and restarts. */
  orderIds: OrderIdSource;
  /** State to resume from after a restart: cash, positions and working orders (restore.ts). */
  restore?: EngineSnapshot;
}

interface SymbolRuntime {
  readonly bar: MutableBar;
  readonly indicators: Indicator[];
  /** Index of the first bar on which every declared indicator is defined. */
  readonly firstCall: number;
  readonly ctx: SymbolContext;
  readonly state: unknown;
}

export class Engine implements BrokerListener, ContextHost {
  readonly portfolio: Portfolio;
  readonly broker: BrokerPort;
  /** Every order of the run, written as each one changes (and by finish() for the rest). */
  readonly orderLog: OrderLog;
  readonly symbolNames: readonly string[];
  readonly instruments: readonly Instrument[];
  /** Timesteps completed; holding periods are counted in these. */
  step = 0;
  /** The latest time the engine was told of (timestep, clock or fill), epoch ms. */
  time = -Infinity;
  private readonly runtimes: SymbolRuntime[];
  private readonly strategy: AnyStrategy;
  /** Set when the broker fills against bars (backtests): called in the broker phase. */
  private readonly simulated: SimulatedBroker | undefined;
  /** Intraday square-off; undefined for delivery. */
  private readonly squareOff: SquareOffSchedule | undefined;
  private readonly orderIds: OrderIdSource;
  private nextId = 1;
  /**
   * Working orders per symbol. Most bars have none, and skipping the broker call on those keeps
   * the broker's code out of the per-bar path (V8 then spends its inlining on the indicators).
   */
  private readonly pendingCount: Int32Array;
  private readonly origin: OrderOrigin;

  constructor(config: EngineConfig) {
    this.symbolNames = config.symbols;
    this.instruments = config.instruments;
    this.strategy = config.strategy;
    this.orderIds = config.orderIds;
    this.portfolio = new Portfolio(config.initialCash, config.symbols);
    this.orderLog = new OrderLog(config.symbols);
    this.pendingCount = new Int32Array(config.symbols.length);
    this.origin = {
      id: 0,
      clientOrderId: '',
      createdBy: 'strategy',
      symbolIndex: 0,
      instrument: config.instruments[0]!,
      time: NaN,
      price: NaN,
      bracket: undefined,
      parentId: undefined,
    };
    const restoredOrders = config.restore ? this.restore(config.restore) : [];
    this.broker = config.broker({ portfolio: this.portfolio, listener: this, restoredOrders });
    this.simulated = isSimulatedBroker(this.broker) ? this.broker : undefined;
    this.squareOff = config.product === 'intraday' ? new SquareOffSchedule() : undefined;
    this.runtimes = config.symbols.map((_, s) => this.initSymbol(s, config.params));
  }

  private restore(snapshot: EngineSnapshot): Order[] {
    const orders = restoreEngineState(snapshot, this.portfolio, this.instruments, this.nextId);
    this.nextId += orders.length;
    for (const order of orders) {
      this.pendingCount[order.symbolIndex]!++;
      if (order.createdTime > this.time) this.time = order.createdTime;
    }
    return orders;
  }

  private initSymbol(s: number, params: unknown): SymbolRuntime {
    const bar = new MutableBar();
    const indicators: Indicator[] = [];
    const instrument = this.instruments[s]!;
    const state: unknown = this.strategy.init({
      params,
      symbol: this.symbolNames[s]!,
      instrument,
      indicator: <I extends Indicator>(indicator: I): I => {
        indicators.push(indicator);
        return indicator;
      },
    });
    const firstCall = indicators.reduce((max, i) => Math.max(max, i.warmup), 0);
    const ctx = new SymbolContext(this, s, params, instrument, bar);
    return { bar, indicators, firstCall, ctx, state };
  }

  /** The mutable bar a driver writes symbol `s`'s next bar into before running a timestep. */
  barSlot(s: number): MutableBar {
    return this.runtimes[s]!.bar;
  }

  /**
   * Clock phase: runs the time-driven events due by `time` (intraday square-off at 15:20 IST,
   * for every symbol, whether or not its feed has a bar). Backtests call it from each
   * timestep's bar time; live, a timer calls it at `nextTimeEvent()` as well.
   */
  onTime(time: number): void {
    if (time > this.time) this.time = time;
    // The rest out of line: onTime runs on every timestep, inlined into the drivers' loops.
    const schedule = this.squareOff;
    if (schedule !== undefined) this.squareOffIfDue(schedule, time);
  }

  private squareOffIfDue(schedule: SquareOffSchedule, time: number): void {
    if (!schedule.due(time)) return;
    for (let s = 0; s < this.runtimes.length; s++) this.squareOffSymbol(s, time);
  }

  /** Bars of history symbol `s` needs before the strategy's first call (its largest indicator warm-up). */
  warmupOf(s: number): number {
    return this.runtimes[s]!.firstCall;
  }

  /** When the next time-driven event falls after `time` (Infinity when there is none). */
  nextTimeEvent(time: number): number {
    return this.squareOff === undefined ? Infinity : this.squareOff.next(time);
  }

  /** Broker phase of symbol `s`: a simulated broker fills the working orders against its bar. */
  brokerPhase(s: number): void {
    const simulated = this.simulated;
    if (simulated !== undefined && this.pendingCount[s]! > 0) simulated.onBar(s, this.runtimes[s]!.bar);
  }

  /** Strategy phase of symbol `s`: indicators update, then onBar once they are all defined. */
  strategyPhase(s: number): void {
    const rt = this.runtimes[s]!;
    const bar = rt.bar;
    const indicators = rt.indicators;
    for (let k = 0; k < indicators.length; k++) indicators[k]!.update(bar);
    const ctx = rt.ctx;
    ctx.position.lastPrice = bar.close;
    if (++ctx.index >= rt.firstCall) this.strategy.onBar(ctx, rt.state);
  }

  /**
   * A bar of history before trading starts (walk-forward training, a deployment's start):
   * indicators and the mark price update; no broker, no clock, no strategy call.
   */
  warmUp(s: number): void {
    const rt = this.runtimes[s]!;
    const bar = rt.bar;
    const indicators = rt.indicators;
    for (let k = 0; k < indicators.length; k++) indicators[k]!.update(bar);
    rt.ctx.position.lastPrice = bar.close;
    rt.ctx.index++;
  }

  /**
   * Ends a timestep: counts it (holding periods are measured in timesteps). A driver that records
   * equity reads it after this (`portfolio.equity()`, or cash + qty · close for one symbol).
   */
  endStep(): void {
    this.step++;
  }

  createOrder(s: number, request: OrderRequest): Order {
    return this.submit(s, request, 'strategy', this.runtimes[s]!.bar.close, undefined);
  }

  createBracket(s: number, request: BracketRequest): Order {
    const { stopLoss, target, limitPrice, ...rest } = request;
    const type = limitPrice === undefined ? 'market' : 'limit';
    const entry = { ...rest, type, limitPrice } as const;
    return this.submit(s, entry, 'strategy', this.runtimes[s]!.bar.close, { stopLoss, target });
  }

  private submit(
    s: number,
    request: OrderRequest,
    createdBy: OrderCreator,
    price: number,
    bracket: Order['bracket'],
    parentId?: number,
  ): Order {
    // The origin object is reused: order creation allocates only the order itself (and its id).
    const origin = this.origin;
    origin.id = this.nextId++;
    origin.clientOrderId = this.orderIds.next();
    origin.createdBy = createdBy;
    origin.symbolIndex = s;
    origin.instrument = this.instruments[s]!;
    origin.time = this.time;
    origin.price = price;
    origin.bracket = bracket;
    origin.parentId = parentId;
    const order = newOrder(origin, request);
    this.pendingCount[s]!++;
    this.broker.submit(order);
    return order;
  }

  cancelOrder(_s: number, order: Order, reason: OrderReason = 'cancelled_by_strategy'): void {
    this.broker.cancel(order, reason, this.time);
  }

  pendingOrders(s: number): Order[] {
    return this.broker.openOrders(s);
  }

  barOf(s: number): MutableBar | undefined {
    const rt = this.runtimes[s];
    return rt && rt.ctx.index >= 0 ? rt.bar : undefined;
  }

  symbolIndexOf(symbol: string): number {
    return this.symbolNames.indexOf(symbol);
  }

  onFill(order: Order, fill: Fill): void {
    if (fill.time > this.time) this.time = fill.time;
    const s = order.symbolIndex;
    const rt = this.runtimes[s]!;
    const trade = this.portfolio.applyFill(s, fill, this.step);
    this.orderLog.write(order);
    if (order.status === 'filled') {
      this.pendingCount[s]!--;
      if (order.bracket) this.openLegs(order);
    }
    this.strategy.onOrder?.(rt.ctx, order, rt.state);
    if (trade >= 0 && this.strategy.onTrade)
      this.strategy.onTrade(rt.ctx, this.portfolio.trades.at(trade), rt.state);
  }

  onOrderClosed(order: Order): void {
    const rt = this.runtimes[order.symbolIndex]!;
    this.pendingCount[order.symbolIndex]!--;
    this.orderLog.write(order);
    // A bracket entry cancelled or expired after a partial fill still protects what it bought.
    if (order.bracket && order.filledQty > 0) this.openLegs(order);
    this.strategy.onOrder?.(rt.ctx, order, rt.state);
  }

  /** Ends the run: working orders are logged as they stand (they never fill). */
  finish(): void {
    for (let s = 0; s < this.runtimes.length; s++)
      for (const order of this.broker.openOrders(s)) this.orderLog.write(order);
  }

  private openLegs(entry: Order): void {
    const price = entry.avgFillPrice;
    const legs = bracketLegRequests(entry, price, entry.filledQty).map((r) =>
      this.submit(entry.symbolIndex, r, 'bracket', price, undefined, entry.id),
    );
    if (legs.length === 2) {
      legs[0]!.ocoId = legs[1]!.id;
      legs[1]!.ocoId = legs[0]!.id;
    }
  }

  /**
   * Closes the symbol's position at market now, as the intraday square-off does: a risk halt's
   * flatten (created by 'square_off') or a kill switch's ('flatten'). Its working orders are
   * cancelled first.
   */
  closeOut(s: number, time: number, createdBy: 'square_off' | 'flatten' = 'square_off'): void {
    this.squareOffSymbol(s, time, createdBy);
  }

  /** Intraday square-off: cancel the symbol's working orders and close its position at market. */
  private squareOffSymbol(s: number, time: number, createdBy: OrderCreator = 'square_off'): void {
    for (const order of this.broker.openOrders(s)) this.broker.cancel(order, 'square_off', time);
    const position = this.portfolio.positions[s]!;
    const qty = position.qty;
    if (qty === 0) return;
    const request = {
      side: qty > 0 ? 'sell' : 'buy',
      qty: Math.abs(qty),
      type: 'market',
      tag: createdBy === 'flatten' ? 'flatten' : 'square-off',
    } as const;
    this.submit(s, request, createdBy, position.lastPrice, undefined);
  }
}
