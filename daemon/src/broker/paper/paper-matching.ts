// How the paper venue works its orders against a price bar — pure, and the backtester's rules:
// the same fill functions (engine/fill-rules.ts), slippage (engine/slippage.ts), funds rule
// (paper-funds.ts → engine/funds-check.ts) and order of work as engine/sim-broker.ts:
//   1. every order not yet accepted (placed or modified since the last bar) is accepted or
//      rejected, cumulatively in placement order, at its reference price (its limit, its trigger,
//      or the last traded price before the bar);
//   2. every accepted order is worked against the bar in placement order; a fill re-checks funds
//      at the fill price.
// In replay the bar is a stored bar; live, each tick is a one-price bar (MARKET fills at the next
// tick plus slippage, LIMIT at its limit or better, stops trigger on the last traded price).
// Beyond the backtester: IOC orders cancel what the bar did not fill, and a tick can carry
// limited liquidity (partial fills).
import type { Instrument } from '../../core/instrument';
import type { OrderReason } from '../../core/order';
import type { BrokerOrderType, BrokerProduct, Validity } from '../../core/order-lifecycle';
import { istMinuteOfDay } from '../../core/time';
import { fillCharges, microsToBreakdown, type ChargeMicros, type CostModel } from '../../costs';
import { limitFillPrice, stopFillPrice, stopLimitFillOnTrigger, stopTouched } from '../../engine/fill-rules';
import { applySlippage, type Slippage } from '../../engine/slippage';
import { SQUARE_OFF_MINUTE } from '../../engine/square-off';
import type { BarView } from '../../indicators/indicator';
import { checkPaperFunds, type PaperFundsState } from './paper-funds';

export interface MatchOrder {
  id: number;
  side: 'buy' | 'sell';
  qty: number;
  filledQty: number;
  /** Value filled so far, rupees (exact to the paisa). */
  filledValue: number;
  orderType: BrokerOrderType;
  product: BrokerProduct;
  validity: Validity;
  /** NaN when the type has none. */
  limitPrice: number;
  triggerPrice: number;
  accepted: boolean;
  triggered: boolean;
}

export interface MatchContext {
  instrument: Instrument;
  /** The cost model an order of this product is charged with. */
  costs(product: BrokerProduct): CostModel;
  slippage: Slippage;
  /** Funds at the start of the bar, for this instrument and product (see paper-funds.ts). */
  funds(product: BrokerProduct): PaperFundsState;
  marginRate(product: BrokerProduct): number;
  /** Last traded price before this bar (acceptance reference of a MARKET order); NaN if none. */
  lastPrice: number;
  /** A one-price tick bar: slippage is not clamped to the bar's range (there is none). */
  tick: boolean;
  /** Most units one order may fill on this bar (a tick's quantity); Infinity for whole bars. */
  liquidity: number;
}

export type MatchAction =
  | { kind: 'accept'; orderId: number }
  | { kind: 'reject'; orderId: number; reason: OrderReason }
  | { kind: 'trigger'; orderId: number }
  | { kind: 'fill'; orderId: number; qty: number; price: number; charges: ChargeMicros }
  | { kind: 'cancel'; orderId: number; reason: 'ioc_unfilled' };

const UNBOUNDED: BarView = { time: 0, open: 0, high: Infinity, low: -Infinity, close: 0, volume: 0 };

/** The price the backtester checks funds at when accepting an order (SimBroker referencePrice). */
export function referencePrice(o: MatchOrder, lastPrice: number, bar: BarView): number {
  if (o.orderType === 'LIMIT' || o.orderType === 'STOP_LOSS') return o.limitPrice;
  if (o.orderType === 'STOP_LOSS_MARKET') return o.triggerPrice;
  return lastPrice === lastPrice ? lastPrice : bar.open;
}

/** SimBroker.lateForIntraday: from 15:20 an intraday order may only reduce a position. */
function lateForIntraday(o: MatchOrder, qty: number, bar: BarView): boolean {
  if (o.product !== 'INTRADAY' || istMinuteOfDay(bar.time) < SQUARE_OFF_MINUTE) return false;
  const after = qty + (o.side === 'buy' ? o.qty : -o.qty);
  return Math.abs(after) > Math.abs(qty) || after * qty < 0;
}

/** The fill price before slippage, or NaN; sets `triggered` on a STOP_LOSS touched by this bar. */
function rawPrice(o: MatchOrder, bar: BarView, actions: MatchAction[]): number {
  switch (o.orderType) {
    case 'MARKET':
      return bar.open;
    case 'LIMIT':
      return limitFillPrice(o.side, o.limitPrice, bar);
    case 'STOP_LOSS_MARKET':
      return stopFillPrice(o.side, o.triggerPrice, bar);
    case 'STOP_LOSS':
      if (o.triggered) return limitFillPrice(o.side, o.limitPrice, bar);
      if (!stopTouched(o.side, o.triggerPrice, bar)) return NaN;
      o.triggered = true;
      actions.push({ kind: 'trigger', orderId: o.id });
      return stopLimitFillOnTrigger(o.side, o.triggerPrice, o.limitPrice, bar);
  }
}

/** Whether working `o` on `bar` could change anything (lets the venue skip bars cheaply). */
export function mayAct(o: MatchOrder, bar: BarView): boolean {
  if (!o.accepted) return true;
  switch (o.orderType) {
    case 'MARKET':
      return true;
    case 'LIMIT':
      return limitFillPrice(o.side, o.limitPrice, bar) === limitFillPrice(o.side, o.limitPrice, bar);
    case 'STOP_LOSS_MARKET':
      return stopFillPrice(o.side, o.triggerPrice, bar) === stopFillPrice(o.side, o.triggerPrice, bar);
    case 'STOP_LOSS':
      return o.triggered
        ? limitFillPrice(o.side, o.limitPrice, bar) === limitFillPrice(o.side, o.limitPrice, bar)
        : stopTouched(o.side, o.triggerPrice, bar);
  }
}

function accept(orders: MatchOrder[], bar: BarView, ctx: MatchContext, actions: MatchAction[]): void {
  // One projection per product (its own position), sharing one cash: a batch is judged
  // cumulatively, in placement order, before any of it executes.
  const projected = new Map<BrokerProduct, PaperFundsState>();
  let cash = NaN;
  for (const o of orders) {
    if (o.accepted) continue;
    let state = projected.get(o.product);
    if (!state) projected.set(o.product, (state = ctx.funds(o.product)));
    if (cash === cash) state.cash = cash;
    const price = referencePrice(o, ctx.lastPrice, bar);
    let reason: OrderReason | undefined = lateForIntraday(o, state.qty, bar) ? 'after_square_off' : undefined;
    if (!reason) {
      const cost = ctx
        .costs(o.product)
        .charges({ side: o.side, qty: o.qty, price, instrument: ctx.instrument, time: bar.time }).total;
      reason = checkPaperFunds(state, {
        side: o.side,
        qty: o.qty,
        price,
        cost,
        allowShort: o.product !== 'CNC',
        marginRate: ctx.marginRate(o.product),
        project: true,
      });
    }
    cash = state.cash;
    if (reason) actions.push({ kind: 'reject', orderId: o.id, reason });
    else {
      o.accepted = true;
      actions.push({ kind: 'accept', orderId: o.id });
    }
  }
}

/** Works one order; false when a failed funds check rejected it. */
function work(o: MatchOrder, bar: BarView, ctx: MatchContext, actions: MatchAction[]): boolean {
  const raw = rawPrice(o, bar, actions);
  if (raw !== raw) return true;
  const takesLiquidity = o.orderType === 'MARKET' || o.orderType === 'STOP_LOSS_MARKET';
  const price = takesLiquidity
    ? applySlippage(ctx.slippage, o.side, raw, ctx.instrument.tickSize, ctx.tick ? UNBOUNDED : bar)
    : raw;
  const qty = Math.min(o.qty - o.filledQty, ctx.liquidity);
  const charges = fillCharges(ctx.costs(o.product), ctx.instrument, o, { qty, price, time: bar.time });
  const reason = checkPaperFunds(ctx.funds(o.product), {
    side: o.side,
    qty,
    price,
    cost: microsToBreakdown(charges).total,
    allowShort: o.product !== 'CNC',
    marginRate: ctx.marginRate(o.product),
    project: false,
  });
  if (reason) {
    actions.push({ kind: 'reject', orderId: o.id, reason });
    return false;
  }
  actions.push({ kind: 'fill', orderId: o.id, qty, price, charges });
  o.filledQty += qty;
  o.filledValue += qty * price;
  return true;
}

/**
 * The actions a bar causes, in order. `orders` are the instrument's working orders in placement
 * order (mutated: accepted/triggered/filled as the bar goes); `ctx.funds` must reflect the fills
 * already applied (the venue books each fill before asking again).
 */
export function matchBar(
  orders: MatchOrder[],
  bar: BarView,
  ctx: MatchContext,
  onFill: (action: Extract<MatchAction, { kind: 'fill' }>) => void = () => undefined,
): MatchAction[] {
  const actions: MatchAction[] = [];
  accept(orders, bar, ctx, actions);
  for (const o of orders) {
    if (!o.accepted || o.filledQty >= o.qty) continue;
    const before = actions.length;
    const alive = work(o, bar, ctx, actions);
    for (let i = before; i < actions.length; i++) {
      const a = actions[i]!;
      if (a.kind === 'fill') onFill(a);
    }
    if (alive && o.validity === 'IOC' && o.filledQty < o.qty)
      actions.push({ kind: 'cancel', orderId: o.id, reason: 'ioc_unfilled' });
  }
  return actions;
}
