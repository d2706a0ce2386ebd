// Order rates of a scope — any 1 s, any 60 s, the IST day — and the broker's own ceiling per
// account. Only orders the gate allowed are counted (a denied order never reaches the broker).
// A rate denial carries retryAfterMs: the same order passes then, so the runner can pace a
// burst (a flatten, say) instead of dropping it. The day cap stops new exposure only; exits
// still count towards it.
import type { OrderFacts, ScopeFacts } from '../order-facts';
import type { OrderTimes } from '../order-times';
import { OK, deny, type RuleResult, type Violation } from '../violation';
import { orderViolation, scopeViolation, type ScopeEnv } from './rule-env';

export interface BrokerRateLimits {
  perSecond: number;
  perMinute: number;
  perHour: number;
  perDay: number;
}

/** Dhan's order API limits (../shared/reference/dhan-api.md §10; 10/s from 21 Mar 2026). */
export const DHAN_ORDER_RATE_LIMITS: BrokerRateLimits = Object.freeze({
  perSecond: 10,
  perMinute: 250,
  perHour: 1000,
  perDay: 7000,
});

function windowRule(
  code: 'orders_per_second' | 'orders_per_minute',
  limitName: 'maxOrdersPerSecond' | 'maxOrdersPerMinute',
  windowMs: number,
) {
  return (f: OrderFacts, s: ScopeFacts, env: ScopeEnv): RuleResult => {
    if (!s.profile.enabled[code]) return OK;
    const limit = s.profile[limitName];
    const wait = env.times.waitFor(limit, windowMs, f.now);
    if (wait === 0) return OK;
    return deny(
      scopeViolation(
        code,
        s,
        limitName,
        limit,
        limit + 1,
        `this would be order ${limit + 1} within ${windowMs / 1000} s, above ${limitName} ${limit}; retry in ${Math.ceil(wait)} ms`,
        { retryAfterMs: Math.ceil(wait) },
      ),
    );
  };
}

export const ordersPerSecond = windowRule('orders_per_second', 'maxOrdersPerSecond', 1000);
export const ordersPerMinute = windowRule('orders_per_minute', 'maxOrdersPerMinute', 60_000);

export function ordersPerDay(_f: OrderFacts, s: ScopeFacts, env: ScopeEnv): RuleResult {
  const limit = s.profile.maxOrdersPerDay;
  if (!s.profile.enabled.orders_per_day || s.reducing || env.dayCount < limit) return OK;
  return deny(
    scopeViolation(
      'orders_per_day',
      s,
      'maxOrdersPerDay',
      limit,
      env.dayCount + 1,
      `${env.dayCount} orders sent today already, maxOrdersPerDay ${limit}: no new exposure until the next trading day`,
    ),
  );
}

const BROKER_WINDOWS = [
  ['perSecond', 1000, 'second'],
  ['perMinute', 60_000, 'minute'],
  ['perHour', 3_600_000, 'hour'],
] as const;

/** The broker's ceiling on the account's orders; `dayCount` is the account's orders today. */
export function brokerRateLimit(
  f: OrderFacts,
  limits: BrokerRateLimits,
  accountId: number,
  times: OrderTimes,
  dayCount: number,
): RuleResult {
  for (let i = 0; i < BROKER_WINDOWS.length; i++) {
    const [key, windowMs, word] = BROKER_WINDOWS[i]!;
    const limit = limits[key];
    const wait = times.waitFor(limit, windowMs, f.now);
    if (wait > 0)
      return deny(
        brokerViolation(accountId, `broker.${key}`, limit, `${limit} orders per ${word}`, Math.ceil(wait)),
      );
  }
  if (dayCount >= limits.perDay)
    return deny(
      brokerViolation(
        accountId,
        'broker.perDay',
        limits.perDay,
        `${limits.perDay} orders per day`,
        undefined,
      ),
    );
  return OK;
}

function brokerViolation(
  accountId: number,
  limitName: string,
  limit: number,
  ceiling: string,
  retryAfterMs: number | undefined,
): Violation {
  const v = orderViolation(
    'broker_rate_limit',
    limitName,
    limit,
    limit + 1,
    `account ${accountId} is at the broker's ceiling of ${ceiling}${retryAfterMs === undefined ? '' : `; retry in ${retryAfterMs} ms`}`,
  );
  return {
    ...v,
    scope: 'broker',
    scopeId: accountId,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}
