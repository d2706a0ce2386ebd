// The simulated broker for backtests. On each bar of a symbol it first accepts the orders
// created since the symbol's previous bar (cash and short checks at the creating bar's close),
// then works every accepted order against the bar (fill-rules.ts), re-checking cash at the fill
// price. Orders are worked in creation order; an order always fills for its whole quantity.
import type { Fill, FillCosts } from '../core/fill';
import type { Instrument } from '../core/instrument';
import type { Order, OrderReason } from '../core/order';
import type { BarView } from '../indicators/indicator';
import type { BrokerListener, BrokerPort } from './broker-port';
import { ZERO_COSTS, type ChargeableFill, type CostModel } from '../costs';
import { bookedRupees } from './booked-amount';
import { checkFunds, type FundsState } from './funds-check';
import {
  limitFillPrice,
  stopFillPrice,
  stopLimitFillOnTrigger,
  stopTouched,
  trailDistance,
  trailStop,
} from './fill-rules';
import type { Portfolio } from './portfolio';
import { applySlippage, type Slippage } from './slippage';
import { roundToTick } from '../core/money';
import { istMinuteOfDay } from '../core/time';

export interface SimBrokerOptions {
  instruments: readonly Instrument[];
  costs: CostModel;
  slippage: Slippage;
  /** Short selling allowed (intraday product). */
  allowShort: boolean;
  /** IST minute of day from which no new exposure is accepted (intraday square-off); NaN = none. */
  squareOffMinute: number;
}

export class SimBroker implements BrokerPort {
  private readonly working: Order[][];
  private readonly funds: FundsState = { cash: 0, qty: 0, otherShortValue: 0 };
  // Reused for every cost query and every fill (both are read synchronously by their consumer,
  // never kept), so working an order allocates nothing of ours.
  private readonly costInput: ChargeableFill;
  private readonly fill: Fill;

  constructor(
    private readonly options: SimBrokerOptions,
    private readonly account: Portfolio,
    private readonly listener: BrokerListener,
  ) {
    this.working = options.instruments.map(() => []);
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

  private charges(order: Order, price: number, time: number): FillCosts {
    const input = this.costInput;
    input.side = order.side;
    input.qty = order.qty;
    input.price = price;
    input.instrument = this.options.instruments[order.symbolIndex]!;
    input.time = time;
    return this.options.costs.charges(input);
  }

  submit(order: Order): void {
    this.working[order.symbolIndex]!.push(order);
  }

  cancel(order: Order, reason: OrderReason, time: number): void {
    if (order.status !== 'pending') return;
    this.close(order, 'cancelled', reason, time);
  }

  pending(symbolIndex: number): Order[] {
    return this.working[symbolIndex]!.filter((o) => o.status === 'pending');
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
      if (order.status === 'pending' && !order.accepted && order.createdTime < bar.time)
        this.accept(order, bar);
    }
    for (let i = 0; i < n; i++) {
      const order = list[i]!;
      if (order.status === 'pending' && order.accepted) this.work(order, bar);
    }
    // Drop closed orders; orders created during this bar (index ≥ n) wait for the next one.
    let k = 0;
    for (let i = 0; i < list.length; i++) if (list[i]!.status === 'pending') list[k++] = list[i]!;
    list.length = k;
  }

  /** Loads the account into the funds state, for symbol `s`. */
  private loadFunds(s: number): void {
    const position = this.account.positions[s]!;
    this.funds.cash = this.account.fundsCash;
    this.funds.qty = position.qty;
    this.funds.otherShortValue = 0;
    if (this.options.allowShort) {
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
      const costs = this.charges(order, price, bar.time);
      reason = checkFunds(
        this.funds,
        order.side,
        order.qty,
        price,
        costs.total,
        this.options.allowShort,
        true,
      );
    }
    if (reason) this.close(order, 'rejected', reason, bar.time);
    else order.accepted = true;
  }

  private lateForIntraday(order: Order, bar: BarView): boolean {
    const cutoff = this.options.squareOffMinute;
    if (cutoff !== cutoff || istMinuteOfDay(bar.time) < cutoff) return false;
    const qty = this.account.positions[order.symbolIndex]!.qty;
    const after = qty + (order.side === 'buy' ? order.qty : -order.qty);
    return Math.abs(after) > Math.abs(qty) || after * qty < 0;
  }

  private work(order: Order, bar: BarView): void {
    const raw = this.fillPrice(order, bar);
    if (raw !== raw) {
      if (order.type === 'trailing-stop') this.trail(order, bar.close);
      return;
    }
    const instrument = this.options.instruments[order.symbolIndex]!;
    const takesLiquidity = order.type === 'market' || order.type === 'stop' || order.type === 'trailing-stop';
    const price = takesLiquidity
      ? applySlippage(this.options.slippage, order.side, raw, instrument.tickSize, bar)
      : raw;
    const costs = this.charges(order, price, bar.time);
    this.loadFunds(order.symbolIndex);
    const reason = checkFunds(
      this.funds,
      order.side,
      order.qty,
      price,
      costs.total,
      this.options.allowShort,
      false,
    );
    if (reason) {
      this.close(order, 'rejected', reason, bar.time);
      return;
    }
    order.status = 'filled';
    order.time = bar.time;
    order.fillPrice = price;
    // As booked: 100 × 0.001 × 8.5 is ₹0.85, not 0.8500000000000001; fractions of a paisa stay.
    order.costs = bookedRupees(costs.total);
    const fill = this.fill;
    fill.orderId = order.id;
    fill.symbolIndex = order.symbolIndex;
    fill.side = order.side;
    fill.qty = order.qty;
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
    const instrument = this.options.instruments[order.symbolIndex]!;
    const distance = trailDistance(order.trail!, close);
    const candidate = roundToTick(
      order.side === 'sell' ? close - distance : close + distance,
      instrument.tickSize,
    );
    order.stopPrice = trailStop(order.side, order.stopPrice, candidate);
  }

  private cancelPartner(order: Order, time: number): void {
    const list = this.working[order.symbolIndex]!;
    for (const other of list) if (other.id === order.ocoId) this.cancel(other, 'oco', time);
  }

  private close(order: Order, status: 'cancelled' | 'rejected', reason: OrderReason, time: number): void {
    order.status = status;
    order.reason = reason;
    order.time = time;
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
  if (!(price > 0) || !Number.isFinite(price)) return 'invalid_price';
  return undefined;
}
