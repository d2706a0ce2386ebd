// The event loop shared by backtest and live trading. For each bar of a symbol the engine runs
// two phases: the broker phase (the broker port sees the bar first, so a simulated broker fills
// the orders created on earlier bars) and the strategy phase (indicators update, then `onBar`).
// Drivers (run-series.ts for arrays; a live feed later) set the symbol's bar and call the phases;
// the engine neither knows nor cares where bars come from or who fills the orders.
import type { Fill } from '../core/fill';
import type { Instrument } from '../core/instrument';
import type { Order, OrderReason, OrderRequest } from '../core/order';
import type { Indicator } from '../indicators/indicator';
import type { AnyStrategy, BracketRequest } from '../strategies/strategy';
import type { BrokerListener, BrokerPort } from './broker-port';
import type { CostModel } from '../costs';
import { MutableBar } from './mutable-bar';
import { OrderLog } from './order-log';
import { bracketLegRequests, newOrder, type OrderOrigin } from './order-factory';
import { Portfolio } from './portfolio';
import { SimBroker } from './sim-broker';
import type { Slippage } from './slippage';
import { SquareOffClock, SQUARE_OFF_MINUTE } from './square-off';
import { SymbolContext, type ContextHost } from './symbol-context';

/** delivery: long only, held overnight. intraday: shorting allowed, squared off at 15:20 IST. */
export type Product = 'delivery' | 'intraday';

export interface EngineConfig {
  symbols: readonly string[];
  instruments: readonly Instrument[];
  strategy: AnyStrategy;
  params: unknown;
  initialCash: number;
  costs: CostModel;
  slippage: Slippage;
  product: Product;
  /** Builds the broker port; the simulated broker when omitted. */
  broker?: (portfolio: Portfolio, listener: BrokerListener) => BrokerPort;
}

interface SymbolRuntime {
  readonly bar: MutableBar;
  readonly indicators: Indicator[];
  /** Index of the first bar on which every declared indicator is defined. */
  readonly firstCall: number;
  readonly ctx: SymbolContext;
  readonly state: unknown;
  readonly clock: SquareOffClock | undefined;
}

export class Engine implements BrokerListener, ContextHost {
  readonly portfolio: Portfolio;
  readonly broker: BrokerPort;
  /** Every order of the run, written as each one closes (and by finish() for the rest). */
  readonly orderLog: OrderLog;
  readonly symbolNames: readonly string[];
  /** Timesteps completed; holding periods are counted in these. */
  step = 0;
  /** When false the strategy is not called (walk-forward warm-up before the trading window). */
  trading = true;
  private readonly runtimes: SymbolRuntime[];
  private readonly strategy: AnyStrategy;
  private readonly instruments: readonly Instrument[];
  private nextId = 1;
  /**
   * Pending orders per symbol. Most bars have none, and skipping the broker call on those keeps
   * the broker's code out of the per-bar path (V8 then spends its inlining on the indicators).
   */
  private readonly pendingCount: Int32Array;
  private readonly origin: OrderOrigin;

  constructor(config: EngineConfig) {
    this.symbolNames = config.symbols;
    this.instruments = config.instruments;
    this.strategy = config.strategy;
    this.portfolio = new Portfolio(config.initialCash, config.symbols);
    this.orderLog = new OrderLog(config.symbols);
    this.origin = {
      id: 0,
      symbolIndex: 0,
      instrument: config.instruments[0]!,
      time: NaN,
      price: NaN,
      bracket: undefined,
      parentId: undefined,
    };
    const intraday = config.product === 'intraday';
    this.broker = config.broker
      ? config.broker(this.portfolio, this)
      : new SimBroker(
          {
            instruments: config.instruments,
            costs: config.costs,
            slippage: config.slippage,
            allowShort: intraday,
            squareOffMinute: intraday ? SQUARE_OFF_MINUTE : NaN,
          },
          this.portfolio,
          this,
        );
    this.pendingCount = new Int32Array(config.symbols.length);
    this.runtimes = config.symbols.map((_, s) => this.initSymbol(s, config.params, intraday));
  }

  private initSymbol(s: number, params: unknown, intraday: boolean): SymbolRuntime {
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
    return { bar, indicators, firstCall, ctx, state, clock: intraday ? new SquareOffClock() : undefined };
  }

  /** The mutable bar a driver writes symbol `s`'s next bar into before calling the phases. */
  barSlot(s: number): MutableBar {
    return this.runtimes[s]!.bar;
  }

  brokerPhase(s: number): void {
    const rt = this.runtimes[s]!;
    if (rt.clock !== undefined && rt.clock.due(rt.bar.time)) this.squareOff(s);
    if (this.pendingCount[s]! > 0) this.broker.onBar(s, rt.bar);
  }

  strategyPhase(s: number): void {
    const rt = this.runtimes[s]!;
    const bar = rt.bar;
    const indicators = rt.indicators;
    for (let k = 0; k < indicators.length; k++) indicators[k]!.update(bar);
    const ctx = rt.ctx;
    ctx.position.lastPrice = bar.close;
    const index = ++ctx.index;
    if (index >= rt.firstCall && this.trading) this.strategy.onBar(ctx, rt.state);
  }

  /** Ends a timestep: returns the equity at the latest closes. */
  endStep(): number {
    this.step++;
    return this.portfolio.equity();
  }

  createOrder(s: number, request: OrderRequest): Order {
    return this.submit(s, request, this.runtimes[s]!.bar.close, undefined);
  }

  createBracket(s: number, request: BracketRequest): Order {
    const { stopLoss, target, limitPrice, ...rest } = request;
    const type = limitPrice === undefined ? 'market' : 'limit';
    return this.submit(s, { ...rest, type, limitPrice }, this.runtimes[s]!.bar.close, { stopLoss, target });
  }

  private submit(
    s: number,
    request: OrderRequest,
    price: number,
    bracket: Order['bracket'],
    parentId?: number,
  ): Order {
    // The origin object is reused: order creation allocates only the order itself.
    const origin = this.origin;
    origin.id = this.nextId++;
    origin.symbolIndex = s;
    origin.instrument = this.instruments[s]!;
    origin.time = this.runtimes[s]!.bar.time;
    origin.price = price;
    origin.bracket = bracket;
    origin.parentId = parentId;
    const order = newOrder(origin, request);
    this.pendingCount[s]!++;
    this.broker.submit(order);
    return order;
  }

  cancelOrder(s: number, order: Order, reason: OrderReason = 'cancelled_by_strategy'): void {
    this.broker.cancel(order, reason, this.runtimes[s]!.bar.time);
  }

  pendingOrders(s: number): Order[] {
    return this.broker.pending(s);
  }

  barOf(s: number): MutableBar | undefined {
    const rt = this.runtimes[s];
    return rt && rt.ctx.index >= 0 ? rt.bar : undefined;
  }

  symbolIndexOf(symbol: string): number {
    return this.symbolNames.indexOf(symbol);
  }

  onFill(order: Order, fill: Fill): void {
    const s = order.symbolIndex;
    const rt = this.runtimes[s]!;
    const trade = this.portfolio.applyFill(s, fill, this.step);
    // A live broker may report several fills for one order; it stops pending on the last.
    if (order.status === 'filled') this.pendingCount[s]!--;
    this.orderLog.write(order);
    if (order.bracket) this.openLegs(order, fill.price);
    this.strategy.onOrder?.(rt.ctx, order, rt.state);
    if (trade >= 0 && this.strategy.onTrade)
      this.strategy.onTrade(rt.ctx, this.portfolio.trades.at(trade), rt.state);
  }

  onOrderClosed(order: Order): void {
    const rt = this.runtimes[order.symbolIndex]!;
    this.pendingCount[order.symbolIndex]!--;
    this.orderLog.write(order);
    this.strategy.onOrder?.(rt.ctx, order, rt.state);
  }

  /** Ends the run: orders still pending are logged as pending (they never fill). */
  finish(): void {
    for (let s = 0; s < this.runtimes.length; s++)
      for (const order of this.broker.pending(s)) this.orderLog.write(order);
  }

  private openLegs(entry: Order, fillPrice: number): void {
    const legs = bracketLegRequests(entry, fillPrice).map((r) =>
      this.submit(entry.symbolIndex, r, fillPrice, undefined, entry.id),
    );
    // The legs only ever reduce the position the entry opened, so acceptance has nothing to check;
    // accepting them now also keeps the pair from being projected as two sells against one long.
    for (const leg of legs) leg.accepted = true;
    if (legs.length === 2) {
      legs[0]!.ocoId = legs[1]!.id;
      legs[1]!.ocoId = legs[0]!.id;
    }
  }

  /** Intraday square-off: cancel the symbol's pending orders and flatten it at this bar's open. */
  private squareOff(s: number): void {
    const time = this.runtimes[s]!.bar.time;
    for (const order of this.broker.pending(s)) this.broker.cancel(order, 'square_off', time);
    const qty = this.portfolio.positions[s]!.qty;
    if (qty === 0) return;
    const order = this.submit(
      s,
      { side: qty > 0 ? 'sell' : 'buy', qty: Math.abs(qty), type: 'market', tag: 'square-off' },
      this.runtimes[s]!.bar.open,
      undefined,
    );
    order.accepted = true;
  }
}
