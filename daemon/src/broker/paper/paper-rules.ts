// What the paper venue checks when an order arrives, as an exchange would: a malformed request is
// refused outright (no order exists, like Dhan's DH-905); an order breaking the instrument's rules
// (lot size, tick size, freeze quantity, a product the segment does not offer) is created and
// rejected at once with the reason, as the exchange's rejection shows in Dhan's order book.
import { toPaise } from '../../core/money';
import { istDate } from '../../core/time';
import { BROKER_ORDER_TYPES, BROKER_PRODUCTS, isClientOrderId, VALIDITIES } from '../../core/order-lifecycle';
import type { TradingCalendar } from '../../core/calendar/trading-calendar';
import type { PlaceOrderRequest } from '../broker-link';
import type { PaperInstrument } from './paper-store';

/** Why a request cannot even become an order (the venue answers with an error), or undefined. */
export function malformedRequest(r: PlaceOrderRequest): string | undefined {
  if (!isClientOrderId(r.clientOrderId))
    return `clientOrderId ${JSON.stringify(r.clientOrderId)}: expected 1-30 of [A-Za-z0-9_-]`;
  if (r.side !== 'buy' && r.side !== 'sell') return `side ${JSON.stringify(r.side)}: expected buy or sell`;
  if (!Number.isSafeInteger(r.qty) || r.qty <= 0) return `qty ${r.qty}: expected a whole number > 0`;
  if (!BROKER_ORDER_TYPES.includes(r.orderType))
    return `orderType ${JSON.stringify(r.orderType)}: expected one of ${BROKER_ORDER_TYPES.join(', ')}`;
  if (!BROKER_PRODUCTS.includes(r.product))
    return `product ${JSON.stringify(r.product)}: expected one of ${BROKER_PRODUCTS.join(', ')}`;
  if (!VALIDITIES.includes(r.validity)) return `validity ${JSON.stringify(r.validity)}: expected DAY or IOC`;
  const needsLimit = r.orderType === 'LIMIT' || r.orderType === 'STOP_LOSS';
  const needsTrigger = r.orderType === 'STOP_LOSS' || r.orderType === 'STOP_LOSS_MARKET';
  if (needsLimit && (r.limitPrice === undefined || !Number.isFinite(r.limitPrice)))
    return `limitPrice: required for ${r.orderType}`;
  if (needsTrigger && (r.triggerPrice === undefined || !Number.isFinite(r.triggerPrice)))
    return `triggerPrice: required for ${r.orderType}`;
  return undefined;
}

function offTick(price: number, tickSize: number): boolean {
  const tick = toPaise(tickSize);
  const paise = price * 100;
  return Math.abs(paise - Math.round(paise)) > 1e-6 || tick <= 0 || Math.round(paise) % tick !== 0;
}

/** The exchange rule an order breaks, as a stable reason code, or undefined. */
export function orderRuleBroken(r: PlaceOrderRequest, i: PaperInstrument): string | undefined {
  if (r.qty % i.lotSize !== 0) return 'invalid_quantity';
  if (i.freezeQty !== null && r.qty > i.freezeQty) return 'freeze_quantity';
  for (const price of [r.limitPrice, r.triggerPrice]) {
    if (price === undefined) continue;
    if (!(price > 0) || offTick(price, i.tickSize)) return 'invalid_price';
  }
  const derivative = i.kind === 'future' || i.kind === 'option';
  if (i.kind === 'index') return 'not_tradable';
  if (r.product === 'CNC' && derivative) return 'product_not_allowed';
  if (r.product === 'MARGIN' && !derivative) return 'product_not_allowed';
  return undefined;
}

/**
 * The session a DAY order belongs to: the one in progress when it is placed, or the next one
 * when placed outside a session (like an after-market order). It expires at that session's close.
 */
export function sessionDateFor(calendar: TradingCalendar, time: number): string {
  const open = calendar.sessionAt(time);
  if (open) return open.date;
  const today = calendar.session(istDate(time));
  if (today && time < today.open) return today.date;
  return calendar.nextSession(istDate(time)).date;
}

/** Close of a session date, epoch ms. */
export function sessionClose(calendar: TradingCalendar, date: string): number {
  return calendar.session(date)?.close ?? calendar.nextSession(date).open;
}
