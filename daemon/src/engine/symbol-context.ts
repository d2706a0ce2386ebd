// The per-symbol context a strategy sees: its bar, position and the order methods. A thin facade
// over the engine, one instance per symbol for the whole run (no allocation per bar).
import type { Instrument } from '../core/instrument';
import type { Order, OrderRequest, OrderSide, Trail } from '../core/order';
import type { Position } from '../core/position';
import type { BarView } from '../indicators/indicator';
import type { BracketRequest, PortfolioView, StrategyContext } from '../strategies/strategy';

/** What the context needs from the engine. `pendingOrders` are the working (not ended) orders. */
export interface ContextHost {
  readonly symbolNames: readonly string[];
  readonly portfolio: PortfolioView & { readonly positions: readonly Position[] };
  createOrder(symbolIndex: number, request: OrderRequest): Order;
  createBracket(symbolIndex: number, request: BracketRequest): Order;
  cancelOrder(symbolIndex: number, order: Order): void;
  pendingOrders(symbolIndex: number): Order[];
  barOf(symbolIndex: number): BarView | undefined;
  symbolIndexOf(symbol: string): number;
}

export class SymbolContext implements StrategyContext<unknown> {
  /** Bars of this symbol seen so far (warm-up included) minus one: the current bar's index. */
  index = -1;
  readonly symbol: string;
  readonly position: Position;
  readonly portfolio: PortfolioView;
  readonly symbols: readonly string[];

  constructor(
    private readonly host: ContextHost,
    private readonly s: number,
    readonly params: unknown,
    readonly instrument: Instrument,
    readonly bar: BarView,
  ) {
    this.symbol = host.symbolNames[s]!;
    this.position = host.portfolio.positions[s]!;
    this.portfolio = host.portfolio;
    this.symbols = host.symbolNames;
  }

  data(symbol: string): BarView | undefined {
    return this.host.barOf(this.host.symbolIndexOf(symbol));
  }

  positionOf(symbol: string): Readonly<Position> {
    const index = this.host.symbolIndexOf(symbol);
    if (index < 0) throw new Error(`unknown symbol ${symbol}; this run has ${this.symbols.join(', ')}`);
    return this.host.portfolio.positions[index]!;
  }

  openOrders(): Order[] {
    return this.host.pendingOrders(this.s);
  }

  buy(qty: number, tag?: string): Order {
    return this.host.createOrder(this.s, { side: 'buy', qty, type: 'market', tag });
  }

  sell(qty: number, tag?: string): Order {
    return this.host.createOrder(this.s, { side: 'sell', qty, type: 'market', tag });
  }

  buyLimit(qty: number, price: number): Order {
    return this.host.createOrder(this.s, { side: 'buy', qty, type: 'limit', limitPrice: price });
  }

  sellLimit(qty: number, price: number): Order {
    return this.host.createOrder(this.s, { side: 'sell', qty, type: 'limit', limitPrice: price });
  }

  buyStop(qty: number, stopPrice: number): Order {
    return this.host.createOrder(this.s, { side: 'buy', qty, type: 'stop', stopPrice });
  }

  sellStop(qty: number, stopPrice: number): Order {
    return this.host.createOrder(this.s, { side: 'sell', qty, type: 'stop', stopPrice });
  }

  buyStopLimit(qty: number, stopPrice: number, limitPrice: number): Order {
    return this.host.createOrder(this.s, { side: 'buy', qty, type: 'stop-limit', stopPrice, limitPrice });
  }

  sellStopLimit(qty: number, stopPrice: number, limitPrice: number): Order {
    return this.host.createOrder(this.s, { side: 'sell', qty, type: 'stop-limit', stopPrice, limitPrice });
  }

  trailingStop(side: OrderSide, qty: number, trail: Trail): Order {
    return this.host.createOrder(this.s, { side, qty, type: 'trailing-stop', trail });
  }

  order(request: OrderRequest): Order {
    return this.host.createOrder(this.s, request);
  }

  bracket(request: BracketRequest): Order {
    return this.host.createBracket(this.s, request);
  }

  close(tag?: string): Order | undefined {
    const qty = this.position.qty;
    if (qty === 0) return undefined;
    return this.host.createOrder(this.s, {
      side: qty > 0 ? 'sell' : 'buy',
      qty: Math.abs(qty),
      type: 'market',
      tag,
    });
  }

  cancel(order: Order): void {
    this.host.cancelOrder(this.s, order);
  }
}
