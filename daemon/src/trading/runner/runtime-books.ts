// The deployment's books as the risk gate reads them, taken from its engine: capital, the IST
// day's P&L (equity now less equity at the day's first timestep), exposures at the last prices,
// and per symbol the position, the working orders' unfilled quantities and the last price with
// the time it was seen. A price never seen is NaN: the gate then denies (it fails closed).
import { istDayNumber } from '../../core/calendar/civil-date';
import type { Order } from '../../core/order';
import type { Engine } from '../../engine/engine';
import type { GateBooks } from './pre-trade-gate';

export class RuntimeBooks implements GateBooks {
  private readonly seenAt: Float64Array;
  private day = NaN;
  private dayStartEquity = NaN;

  constructor(
    private readonly engine: () => Engine,
    private readonly capital: number,
    symbols: number,
  ) {
    this.seenAt = new Float64Array(symbols).fill(NaN);
  }

  /** A bar (or tick) of the symbol was seen at `now` (the runner's clock). */
  seen(symbolIndex: number, now: number): void {
    this.seenAt[symbolIndex] = now;
    const day = istDayNumber(now);
    if (day !== this.day) {
      this.day = day;
      this.dayStartEquity = this.engine().portfolio.equity();
    }
  }

  scope(order: Order) {
    const symbolIndex = order.symbolIndex;
    const engine = this.engine();
    let buy = 0;
    let sell = 0;
    for (const o of engine.broker.openOrders(symbolIndex)) {
      if (o === order) continue;
      if (o.side === 'buy') buy += o.qty - o.filledQty;
      else sell += o.qty - o.filledQty;
    }
    return {
      ...this.totals(),
      positionQty: engine.portfolio.positions[symbolIndex]!.qty,
      pendingBuyQty: buy,
      pendingSellQty: sell,
    };
  }

  /** The deployment's figures without an order (for the loss limits between orders: observe). */
  totals() {
    const engine = this.engine();
    let gross = 0;
    let net = 0;
    let open = 0;
    for (const p of engine.portfolio.positions) {
      if (p.qty === 0) continue;
      const value = p.qty * p.lastPrice;
      gross += Math.abs(value);
      net += value;
      open++;
    }
    const equity = engine.portfolio.equity();
    return {
      capital: this.capital,
      dayPnl: this.dayStartEquity === this.dayStartEquity ? equity - this.dayStartEquity : 0,
      grossExposure: gross,
      netExposure: net,
      openPositions: open,
      positionQty: 0,
      pendingBuyQty: 0,
      pendingSellQty: 0,
    };
  }

  market(symbolIndex: number) {
    const p = this.engine().portfolio.positions[symbolIndex]!;
    const at = this.seenAt[symbolIndex]!;
    return { lastPrice: at === at ? p.lastPrice : NaN, lastTickAt: at };
  }

  cncSellable(order: Order): number {
    const engine = this.engine();
    const symbolIndex = order.symbolIndex;
    let selling = 0;
    for (const o of engine.broker.openOrders(symbolIndex))
      if (o !== order && o.side === 'sell') selling += o.qty - o.filledQty;
    return Math.max(0, engine.portfolio.positions[symbolIndex]!.qty) - selling;
  }
}
