// Rules of the order itself and of the exchange: well-formed, lot multiple, under the freeze
// quantity, inside a session, no delivery short sale. They read no profile and apply to every
// order, exits included (the exchange would refuse them anyway — better to say why here).
import { formatIstDateTime } from '../../core/calendar/civil-date';
import type { OrderFacts } from '../order-facts';
import { OK, deny, type RuleResult } from '../violation';
import { num, orderViolation, type OrderEnv } from './rule-env';

const NEEDS_LIMIT = { LIMIT: true, STOP_LOSS: true, MARKET: false, STOP_LOSS_MARKET: false } as const;
const NEEDS_TRIGGER = { LIMIT: false, STOP_LOSS: true, MARKET: false, STOP_LOSS_MARKET: true } as const;

function badPrice(price: number | undefined): boolean {
  return price === undefined || !(price > 0) || !Number.isFinite(price);
}

export function invalidOrder(f: OrderFacts): RuleResult {
  const o = f.order;
  if (!Number.isSafeInteger(o.qty) || o.qty <= 0)
    return deny(
      orderViolation(
        'invalid_order',
        'qty',
        'a whole number > 0',
        o.qty,
        `quantity ${o.qty} is not a whole number above 0`,
      ),
    );
  if (NEEDS_LIMIT[o.orderType] && badPrice(o.limitPrice))
    return deny(
      orderViolation(
        'invalid_order',
        'limitPrice',
        'a price > 0',
        o.limitPrice ?? null,
        `a ${o.orderType} order needs a limit price above 0, got ${o.limitPrice}`,
      ),
    );
  if (NEEDS_TRIGGER[o.orderType] && badPrice(o.triggerPrice))
    return deny(
      orderViolation(
        'invalid_order',
        'triggerPrice',
        'a price > 0',
        o.triggerPrice ?? null,
        `a ${o.orderType} order needs a trigger price above 0, got ${o.triggerPrice}`,
      ),
    );
  return OK;
}

export function lotSize(f: OrderFacts): RuleResult {
  const lot = f.snapshot.instrument.lotSize;
  if (lot > 1 && f.order.qty % lot !== 0)
    return deny(
      orderViolation(
        'lot_size',
        'lotSize',
        lot,
        f.order.qty,
        `quantity ${f.order.qty} is not a multiple of the lot size ${lot}`,
      ),
    );
  return OK;
}

export function freezeQty(f: OrderFacts): RuleResult {
  const freeze = f.snapshot.instrument.freezeQty;
  if (freeze !== undefined && f.order.qty > freeze)
    return deny(
      orderViolation(
        'freeze_qty',
        'freezeQty',
        freeze,
        f.order.qty,
        `quantity ${f.order.qty} is above the exchange freeze quantity ${freeze}: slice the order`,
      ),
    );
  return OK;
}

export function marketClosed(f: OrderFacts, env: OrderEnv): RuleResult {
  if (env.session) return OK;
  const at = formatIstDateTime(f.now);
  const text = env.calendarCovers
    ? `no exchange session at ${at}`
    : `the exchange calendar does not cover ${at} (holidays unknown): denied (fail closed)`;
  return deny(orderViolation('market_closed', 'session', null, at, text));
}

export function cncShortSell(f: OrderFacts): RuleResult {
  const o = f.order;
  if (o.product !== 'CNC' || o.side !== 'sell') return OK;
  const sellable = f.snapshot.account.cncSellableQty;
  if (!(sellable === sellable))
    return deny(
      orderViolation(
        'cnc_short_sell',
        'cncSellableQty',
        null,
        o.qty,
        `a delivery (CNC) sell of ${o.qty} but the quantity held for delivery is unknown: denied (fail closed)`,
      ),
    );
  if (o.qty > sellable)
    return deny(
      orderViolation(
        'cnc_short_sell',
        'cncSellableQty',
        sellable,
        o.qty,
        `a delivery (CNC) sell of ${o.qty} is more than the ${num(sellable)} held for delivery: no short selling in CNC`,
      ),
    );
  return OK;
}
