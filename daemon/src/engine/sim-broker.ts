// The simulated broker for backtests. On each bar of a symbol it first accepts the orders
// created since the symbol's previous bar (cash and short checks at the creating bar's close),
// then works every accepted order against the bar (fill-rules.ts), re-checking cash at the fill
// price. Orders are worked in creation order; an order always fills for all that remains of it.
// Costs and slippage are the simulated broker's business, so they are given to its factory.
import type { Fill, FillCosts } from '../core/fill';
import type { Instrument } from '../core/instrument';
import { endOrder, isWorking, moveOrder, recordFill, type Order, type OrderReason } from '../core/order';
import type { BarView } from '../indicators/indicator';
import type { BrokerContext, BrokerFactory, BrokerListener, SimulatedBroker } from './broker-port';
import { ZERO_COSTS, type ChargeableFill, type CostModel } from '../costs';
import { bookedRupees } from './booked-amount';
import { checkFunds, type FundsState } from './funds-check';
import {
  legOpensThrough,
  limitFillPrice,
  stopFillPrice,
  stopLimitFillOnTrigger,
  stopTouched,
  trailedStopLevel,
} from './fill-rules';
import type { Portfolio } from './portfolio';
import { applySlippage, type Slippage } from './slippage';
import { istMinuteOfDay } from '../core/time';
import type { Product } from './product';
import { SQUARE_OFF_MINUTE } from './square-off';

export interface SimBrokerOptions {
  /** One per symbol of the engine, in the same order. */
  instruments: readonly Instrument[];
  costs: CostModel;
  slippage: Slippage;
  /** delivery: long only; intraday: shorts allowed, no new exposure from 15:20 IST. */
  product: Product;
}

/** The simulated broker's factory, for EngineConfig.broker. */
export function simBroker(options: SimBrokerOptions): BrokerFactory {
  return (context) => new SimBroker(options, context);
}

export class SimBroker implements SimulatedBroker {
  private readonly working: Order[][];
  private readonly funds: FundsState = { cash: 0, qty: 0, otherShortValue: 0 };
  // Reused for every cost query and every fill (both are read synchronously by their consumer,
  // never kept), so working an order allocates nothing of ours.
  private readonly costInput: ChargeableFill;
  private readonly fill: Fill;
  private readonly account: Portfolio;
  private readonly listener: BrokerListener;
  private readonly allowShort: boolean;
  /** IST minute of day from which no new exposure is accepted (intraday square-off); NaN = none. */
  private readonly squareOffMinute: number;

  constructor(
    private readonly options: SimBrokerOptions,
    context: BrokerContext,
  ) {
    this.account = context.portfolio;
    this.listener = context.listener;
    this.allowShort = options.product === 'intraday';
    this.squareOffMinute = this.allowShort ? SQUARE_OFF_MINUTE : NaN;
    this.working = options.instruments.map(() => []);
    for (const order of context.restoredOrders) this.working[order.symbolIndex]!.push(order);
    const instrument = options.instruments[0]!;
    this.costInput = { side: 'buy', qty: 0, price: NaN, instrument, time: NaN };
    this.fill = {
      orderId: 0,
      symbolIndex: 0,
      side: 'buy',
      qty: 0,
      price: NaN,
      time: NaN,
      costs: { ...ZERO_COSTS },
    };
  }

  private charges(order: Order, qty: number, price: number, time: number): FillCosts {
    const input = this.costInput;
    input.side = order.side;
    input.qty = qty;
    input.price = price;
    input.instrument = this.options.instruments[order.symbolIndex]!;
    input.time = time;
    return this.options.costs.charges(input);
  }

  /**
   * A strategy's order waits for the symbol's next bar to be accepted. The engine's own exits
   * (bracket legs, square-off) are accepted at once: they only reduce a position, so acceptance
   * has nothing to check, and a bracket's two legs are never projected as two sells against one
   * long.
   */
  submit(order: Order): void {
    moveOrder(order, 'sent');
    if (order.createdBy !== 'strategy') moveOrder(order, 'open');
    this.working[order.symbolIndex]!.push(order);
  }

  cancel(order: Order, reason: OrderReason, time: number): void {
    if (!isWorking(order)) return;
    this.close(order, 'cancelled', reason, time);
  }

  openOrders(symbolIndex: number): Order[] {
    return this.working[symbolIndex]!.filter(isWorking);
  }

  onBar(s: number, bar: BarView): void {
    const list = this.working[s]!;
    const n = list.length;
    if (n === 0) return;
    // Acceptance first for every new order (cumulatively), then fills: a batch of orders from
    // one bar is judged against the cash before any of them executes.
    this.loadFunds(s);
    // An order created while processing this very bar (a callback during this phase) waits for
    // the next bar: fills never use the bar an order was created on.
    for (let i = 0; i < n; i++) {
      const order = list[i]!;
      if (order.status === 'sent' && order.createdTime < bar.time) this.accept(order, bar);
    }
    for (let i = 0; i < n; i++) {
      const order = list[i]!;
      if (order.status === 'open' || order.status === 'partially_filled') this.work(order, bar, i + 1, n);
    }
    // Drop ended orders; orders created during this bar (index ≥ n) wait for the next one.
    let k = 0;
    for (let i = 0; i < list.length; i++) if (isWorking(list[i]!)) list[k++] = list[i]!;
    list.length = k;
  }

  /** Loads the account into the funds state, for symbol `s`. */
  private loadFunds(s: number): void {
    const position = this.account.positions[s]!;
    this.funds.cash = this.account.fundsCash;
    this.funds.qty = position.qty;
    this.funds.otherShortValue = 0;
    if (this.allowShort) {
      const own = position.qty < 0 ? -position.qty * position.lastPrice : 0;
      this.funds.otherShortValue = this.account.shortValue() - own;
    }
  }

  /** Acceptance at the first bar after creation, priced at the creating bar's close (or the order's own price). */
  private accept(order: Order, bar: BarView): void {
    const instrument = this.options.instruments[order.symbolIndex]!;
    const price = referencePrice(order);
    let reason = shapeProblem(order, instrument, price);
    if (!reason && this.lateForIntraday(order, bar)) reason = 'after_square_off';
    if (!reason) {
      const costs = this.charges(order, order.qty, price, bar.time);
      reason = checkFunds(this.funds, order.side, order.qty, price, costs.total, this.allowShort, true);
    }
    if (reason) this.close(order, 'rejected', reason, bar.time);
    else moveOrder(order, 'open');
  }

  private lateForIntraday(order: Order, bar: BarView): boolean {
    const cutoff = this.squareOffMinute;
    if (cutoff !== cutoff || istMinuteOfDay(bar.time) < cutoff) return false;
    const qty = this.account.positions[order.symbolIndex]!.qty;
    const after = qty + (order.side === 'buy' ? order.qty : -order.qty);
    return Math.abs(after) > Math.abs(qty) || after * qty < 0;
  }

  /** Works `order` (at `later − 1` in the symbol's list) against the bar; [later, end) come after it. */
  private work(order: Order, bar: BarView, later: number, end: number): void {
    const raw = this.fillPrice(order, bar);
    if (raw !== raw) {
      if (order.type === 'trailing-stop') this.trail(order, bar.close);
      return;
    }
    // One-cancels-other: a partner that the bar opens through filled first, at the open, however
    // far the rest of the bar went ("both reachable: stop first" is for fills inside the bar). A
    // partner worked before this order had its turn: had the open gone through it, it would have
    // filled and cancelled this one.
    if (order.ocoId !== undefined && raw !== bar.open && this.partnerOpensThrough(order, bar, later, end))
      return;
    const instrument = this.options.instruments[order.symbolIndex]!;
    const takesLiquidity = order.type === 'market' || order.type === 'stop' || order.type === 'trailing-stop';
    const price = takesLiquidity
      ? applySlippage(this.options.slippage, order.side, raw, instrument.tickSize, bar)
      : raw;
    const qty = order.qty - order.filledQty;
    const costs = this.charges(order, qty, price, bar.time);
    this.loadFunds(order.symbolIndex);
    const reason = checkFunds(this.funds, order.side, qty, price, costs.total, this.allowShort, false);
    if (reason) {
      this.close(order, 'rejected', reason, bar.time);
      return;
    }
    // As booked: 100 × 0.001 × 8.5 is ₹0.85, not 0.8500000000000001; fractions of a paisa stay.
    recordFill(order, qty, price, bar.time, bookedRupees(costs.total));
    const fill = this.fill;
    fill.orderId = order.id;
    fill.symbolIndex = order.symbolIndex;
    fill.side = order.side;
    fill.qty = qty;
    fill.price = price;
    fill.time = bar.time;
    fill.costs = costs;
    this.listener.onFill(order, fill);
    if (order.ocoId !== undefined) this.cancelPartner(order, bar.time);
  }

  private fillPrice(order: Order, bar: BarView): number {
    switch (order.type) {
      case 'market':
        return bar.open;
      case 'limit':
        return limitFillPrice(order.side, order.limitPrice, bar);
      case 'stop':
      case 'trailing-stop':
        return stopFillPrice(order.side, order.stopPrice, bar);
      case 'stop-limit':
        if (order.triggered) return limitFillPrice(order.side, order.limitPrice, bar);
        if (!stopTouched(order.side, order.stopPrice, bar)) return NaN;
        order.triggered = true;
        return stopLimitFillOnTrigger(order.side, order.stopPrice, order.limitPrice, bar);
    }
  }

  private trail(order: Order, close: number): void {
    const tick = this.options.instruments[order.symbolIndex]!.tickSize;
    order.stopPrice = trailedStopLevel(order.side, order.trail!, order.stopPrice, close, tick);
  }

  private partnerOpensThrough(order: Order, bar: BarView, later: number, end: number): boolean {
    const list = this.working[order.symbolIndex]!;
    for (let i = later; i < end; i++) {
      const other = list[i]!;
      if (other.id !== order.ocoId) continue;
      const working = other.status === 'open' || other.status === 'partially_filled';
      return working && legOpensThrough(other, bar);
    }
    return false;
  }

  private cancelPartner(order: Order, time: number): void {
    const list = this.working[order.symbolIndex]!;
    for (const other of list) if (other.id === order.ocoId) this.cancel(other, 'oco', time);
  }

  private close(order: Order, status: 'cancelled' | 'rejected', reason: OrderReason, time: number): void {
    endOrder(order, status, reason, time);
    this.listener.onOrderClosed(order);
  }
}

function referencePrice(order: Order): number {
  if (order.type === 'limit' || order.type === 'stop-limit') return order.limitPrice;
  if (order.type === 'stop') return order.stopPrice;
  return order.createdPrice;
}

function shapeProblem(order: Order, instrument: Instrument, price: number): OrderReason | undefined {
  if (!(order.qty > 0) || !Number.isInteger(order.qty / instrument.lotSize)) return 'invalid_quantity';
  // The exchange refuses an order above the freeze quantity (brokers offer slicing for them).
  if (instrument.freezeQty !== undefined && order.qty > instrument.freezeQty) return 'above_freeze_quantity';
  if (!(price > 0) || !Number.isFinite(price)) return 'invalid_price';
  return undefined;
}
