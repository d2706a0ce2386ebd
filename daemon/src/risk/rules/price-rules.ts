// Price rules: prices on the tick, stop triggers on the side where they have not yet triggered,
// inside the circuit band when it is known (these three read no profile), a limit price inside
// the profile's collar, and no new exposure on a stale last price.
import type { OrderFacts, ScopeFacts } from '../order-facts';
import { OK, deny, type RuleResult } from '../violation';
import { num, orderViolation, scopeViolation } from './rule-env';

/** Whether `price` is a whole number of ticks (tolerant of float noise: 123.45 / 0.05). */
export function onTick(price: number, tick: number): boolean {
  if (!(tick > 0)) return true;
  const ticks = price / tick;
  return Math.abs(ticks - Math.round(ticks)) <= 1e-7 * Math.max(1, Math.abs(ticks));
}

function offTick(name: string, price: number | undefined, tick: number): RuleResult {
  if (price === undefined || onTick(price, tick)) return OK;
  return deny(
    orderViolation(
      'tick_size',
      'tickSize',
      tick,
      price,
      `${name} ${num(price)} is not a multiple of the tick ${num(tick)}`,
    ),
  );
}

export function tickSize(f: OrderFacts): RuleResult {
  const tick = f.snapshot.instrument.tickSize;
  const r = offTick('limitPrice', f.order.limitPrice, tick);
  return r.ok ? offTick('triggerPrice', f.order.triggerPrice, tick) : r;
}

export function stopTriggerSide(f: OrderFacts): RuleResult {
  const o = f.order;
  if (o.orderType !== 'STOP_LOSS' && o.orderType !== 'STOP_LOSS_MARKET') return OK;
  const trigger = o.triggerPrice!;
  const last = f.lastPrice;
  if (o.side === 'buy' ? !(trigger > last) : !(trigger < last))
    return deny(
      orderViolation(
        'stop_trigger_side',
        'lastPrice',
        last,
        trigger,
        `a ${o.side} stop's trigger ${num(trigger)} must be ${o.side === 'buy' ? 'above' : 'below'} the last price ${num(last)} (it would trigger at once)`,
      ),
    );
  if (o.orderType === 'STOP_LOSS') {
    const limit = o.limitPrice!;
    if (o.side === 'buy' ? limit < trigger : limit > trigger)
      return deny(
        orderViolation(
          'stop_trigger_side',
          'triggerPrice',
          trigger,
          limit,
          `a ${o.side} stop-limit's limit ${num(limit)} must be at or ${o.side === 'buy' ? 'above' : 'below'} its trigger ${num(trigger)}`,
        ),
      );
  }
  return OK;
}

function outsideBand(
  price: number | undefined,
  upper: number | undefined,
  lower: number | undefined,
): RuleResult {
  if (price === undefined) return OK;
  if (upper !== undefined && price > upper)
    return deny(
      orderViolation(
        'circuit_limit',
        'upperCircuit',
        upper,
        price,
        `price ${num(price)} is above the upper circuit ${num(upper)}`,
      ),
    );
  if (lower !== undefined && price < lower)
    return deny(
      orderViolation(
        'circuit_limit',
        'lowerCircuit',
        lower,
        price,
        `price ${num(price)} is below the lower circuit ${num(lower)}`,
      ),
    );
  return OK;
}

export function circuitLimit(f: OrderFacts): RuleResult {
  const { upperCircuit, lowerCircuit } = f.snapshot.market;
  if (upperCircuit === undefined && lowerCircuit === undefined) return OK;
  const r = outsideBand(f.order.limitPrice, upperCircuit, lowerCircuit);
  return r.ok ? outsideBand(f.order.triggerPrice, upperCircuit, lowerCircuit) : r;
}

/**
 * A limit price at most priceCollarPercent away from its anchor: the last price, or for a
 * stop-limit its own trigger (a protective stop sits far from the market by design).
 */
export function priceCollar(f: OrderFacts, s: ScopeFacts): RuleResult {
  const o = f.order;
  if (!s.profile.enabled.price_collar || o.limitPrice === undefined) return OK;
  const anchor = o.orderType === 'STOP_LOSS' ? o.triggerPrice! : f.lastPrice;
  const pct = s.profile.priceCollarPercent;
  const distance = (Math.abs(o.limitPrice - anchor) / anchor) * 100;
  // Compared in hundredths of a percent so that exactly 5 % passes despite float noise.
  if (Math.round(distance * 1e6) <= Math.round(pct * 1e6)) return OK;
  const what = o.orderType === 'STOP_LOSS' ? 'its trigger' : 'the last price';
  return deny(
    scopeViolation(
      'price_collar',
      s,
      'priceCollarPercent',
      pct,
      Math.round(distance * 100) / 100,
      `limit price ${num(o.limitPrice)} is ${num(distance)}% from ${what} ${num(anchor)}, beyond priceCollarPercent ${pct}%`,
    ),
  );
}

export function stalePrice(f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.stale_price || s.reducing) return OK;
  const age = f.now - f.snapshot.market.lastTickAt;
  const maxAge = s.profile.maxTickAgeMs;
  if (age <= maxAge) return OK;
  const text =
    age === age
      ? `the last tick is ${num(age / 1000)} s old, more than maxTickAgeSeconds ${num(maxAge / 1000)} s: no new exposure on a stale price`
      : 'the time of the last tick is unknown: no new exposure on a price that may be stale';
  return deny(
    scopeViolation(
      'stale_price',
      s,
      'maxTickAgeSeconds',
      maxAge / 1000,
      age === age ? age / 1000 : NaN,
      text,
    ),
  );
}
