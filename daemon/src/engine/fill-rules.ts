// Where an order fills on a bar, as pure functions of the order's prices and the bar's OHLC.
// Each returns the fill price, or NaN when the order does not fill on this bar.
//
// The gap rule: when a bar opens through the order's price, the fill is at the open (a buy limit
// at 100 on a bar opening at 98 fills at 98; a sell stop at 100 on a bar opening at 95 fills at
// 95). Otherwise the order fills at its own price if the bar's range reaches it. What happened
// inside the bar after the open is unknown, so nothing better than the order's price is assumed.
import type { BarView } from '../indicators/indicator';
import { roundToTick } from '../core/money';
import type { Order, OrderSide, Trail } from '../core/order';

export function limitFillPrice(side: OrderSide, limit: number, bar: BarView): number {
  if (side === 'buy') {
    if (bar.open <= limit) return bar.open;
    return bar.low <= limit ? limit : NaN;
  }
  if (bar.open >= limit) return bar.open;
  return bar.high >= limit ? limit : NaN;
}

export function stopFillPrice(side: OrderSide, stop: number, bar: BarView): number {
  if (side === 'buy') {
    if (bar.open >= stop) return bar.open;
    return bar.high >= stop ? stop : NaN;
  }
  if (bar.open <= stop) return bar.open;
  return bar.low <= stop ? stop : NaN;
}

/** Whether a stop-limit's stop is touched on this bar. */
export function stopTouched(side: OrderSide, stop: number, bar: BarView): boolean {
  return side === 'buy' ? bar.high >= stop : bar.low <= stop;
}

/**
 * A stop-limit triggered on this bar. Opening through the stop makes it a limit order for the
 * whole bar. Triggered inside the bar, the price was at the stop: a marketable limit (buy limit at
 * or above the stop) fills at the stop. Otherwise the bar must show that the price reached the
 * limit after the trigger — its low may have come before the stop was touched — and only the
 * close is known to come after: a buy fills at its limit when the close is at or below it, a sell
 * when the close is at or above it. Else the order rests as a limit from the next bar.
 */
export function stopLimitFillOnTrigger(side: OrderSide, stop: number, limit: number, bar: BarView): number {
  const gapped = side === 'buy' ? bar.open >= stop : bar.open <= stop;
  if (gapped) return limitFillPrice(side, limit, bar);
  if (side === 'buy') {
    if (stop <= limit) return stop;
    return bar.close <= limit ? limit : NaN;
  }
  if (stop >= limit) return stop;
  return bar.close >= limit ? limit : NaN;
}

/**
 * Whether a bracket leg (limit target, stop or trailing-stop loss) fills at this bar's open by the
 * gap rule: the open is the bar's first price, so such a leg filled before anything inside the bar
 * could reach its partner.
 */
export function legOpensThrough(order: Order, bar: BarView): boolean {
  const buy = order.side === 'buy';
  switch (order.type) {
    case 'limit':
      return buy ? bar.open <= order.limitPrice : bar.open >= order.limitPrice;
    case 'stop':
    case 'trailing-stop':
      return buy ? bar.open >= order.stopPrice : bar.open <= order.stopPrice;
    default:
      return false;
  }
}

/** Trailing distance in rupees at a reference price. */
export function trailDistance(trail: { amount: number } | { percent: number }, price: number): number {
  return 'amount' in trail ? trail.amount : (price * trail.percent) / 100;
}

/**
 * Moves a trailing stop after a bar it did not fill on, following the close (not the high or low:
 * the order of prices inside the bar is unknown, and the close is what the next bar starts from).
 * A sell stop only rises, a buy stop only falls.
 */
export function trailStop(side: OrderSide, current: number, candidate: number): number {
  if (Number.isNaN(current)) return candidate;
  return side === 'sell' ? Math.max(current, candidate) : Math.min(current, candidate);
}

/**
 * A trailing stop's level after a bar it did not fill on: the trail distance from the bar's
 * close, on the tick grid, never loosening. The backtester (SimBroker) and the live runner's
 * bridge (which moves the venue's stop order) both use this, so the two cannot drift apart.
 */
export function trailedStopLevel(
  side: OrderSide,
  trail: Trail,
  current: number,
  close: number,
  tickSize: number,
): number {
  const distance = trailDistance(trail, close);
  const candidate = roundToTick(side === 'sell' ? close - distance : close + distance, tickSize);
  return trailStop(side, current, candidate);
}
