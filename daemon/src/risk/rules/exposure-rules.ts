// Quantity, value and exposure limits of a scope (deployment or account). An order that only
// reduces the scope's position passes all of them: closing risk is never blocked by a risk limit.
// A limit holds "at most": a value equal to the limit passes. Rupee amounts are compared in
// whole paise so that 100 × 1000.05 is not a hair above ₹1,00,005.
import { rupeesOf, type MoneyLimit } from '../compiled-profile';
import type { OrderFacts, ScopeFacts } from '../order-facts';
import { OK, deny, type RuleResult } from '../violation';
import { num, rupees, scopeViolation } from './rule-env';

/** value > limit, in whole paise; false when either is unknown (NaN). */
export function abovePaise(value: number, limit: number): boolean {
  return Math.round(value * 100) > Math.round(limit * 100);
}

function limitRupees(limit: MoneyLimit, s: ScopeFacts): number {
  return rupeesOf(limit, s.scope.capital);
}

export function maxOrderQty(f: OrderFacts, s: ScopeFacts): RuleResult {
  const limit = s.profile.maxOrderQty;
  if (!s.profile.enabled.max_order_qty || s.reducing || f.order.qty <= limit) return OK;
  return deny(
    scopeViolation(
      'max_order_qty',
      s,
      'maxOrderQty',
      limit,
      f.order.qty,
      `quantity ${f.order.qty} is above maxOrderQty ${limit}`,
    ),
  );
}

export function maxOrderValue(f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.max_order_value || s.reducing) return OK;
  const limit = limitRupees(s.profile.maxOrderValue, s);
  if (!abovePaise(f.value, limit)) return OK;
  return deny(
    scopeViolation(
      'max_order_value',
      s,
      'maxOrderValue',
      limit,
      f.value,
      `order value ${rupees(f.value)} (${f.order.qty} × ${num(f.refPrice)}) is above maxOrderValue ${rupees(limit)}`,
    ),
  );
}

export function maxPositionValue(_f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.max_position_value || s.reducing) return OK;
  const limit = limitRupees(s.profile.maxPositionValue, s);
  if (!abovePaise(s.positionValueAfter, limit)) return OK;
  return deny(
    scopeViolation(
      'max_position_value',
      s,
      'maxPositionValue',
      limit,
      s.positionValueAfter,
      `the position after the order would be worth ${rupees(s.positionValueAfter)}, above maxPositionValue ${rupees(limit)}`,
    ),
  );
}

export function maxGrossExposure(_f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.max_gross_exposure || s.reducing) return OK;
  const limit = limitRupees(s.profile.maxGrossExposure, s);
  if (!abovePaise(s.grossAfter, limit) || s.grossAfter <= s.scope.grossExposure) return OK;
  return deny(
    scopeViolation(
      'max_gross_exposure',
      s,
      'maxGrossExposure',
      limit,
      s.grossAfter,
      `gross exposure after the order would be ${rupees(s.grossAfter)}, above maxGrossExposure ${rupees(limit)}`,
    ),
  );
}

export function maxNetExposure(_f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.max_net_exposure || s.reducing) return OK;
  const limit = limitRupees(s.profile.maxNetExposure, s);
  const after = Math.abs(s.netAfter);
  // An order that brings the net back towards zero passes even above the limit.
  if (!abovePaise(after, limit) || after <= Math.abs(s.scope.netExposure)) return OK;
  return deny(
    scopeViolation(
      'max_net_exposure',
      s,
      'maxNetExposure',
      limit,
      after,
      `net exposure after the order would be ${rupees(s.netAfter)}, beyond maxNetExposure ${rupees(limit)}`,
    ),
  );
}

export function maxOpenPositions(_f: OrderFacts, s: ScopeFacts): RuleResult {
  const limit = s.profile.maxOpenPositions;
  if (!s.profile.enabled.max_open_positions || s.reducing) return OK;
  if (s.openPositionsAfter <= limit || s.openPositionsAfter <= s.scope.openPositions) return OK;
  return deny(
    scopeViolation(
      'max_open_positions',
      s,
      'maxOpenPositions',
      limit,
      s.openPositionsAfter,
      `the order opens position number ${s.openPositionsAfter}, above maxOpenPositions ${limit}`,
    ),
  );
}

export function maxConcentration(_f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.max_concentration || s.reducing) return OK;
  const capital = s.scope.capital;
  const limit = s.profile.maxConcentrationPercent;
  // Unknown capital is missing_funds' denial; no capital left makes any position too large.
  if (!(capital === capital)) return OK;
  const share = capital > 0 ? (s.positionValueAfter / capital) * 100 : Infinity;
  // Compared in ten-thousandths of a percent, so exactly 20 % passes a 20 % limit.
  if (Math.round(share * 1e4) <= Math.round(limit * 1e4)) return OK;
  return deny(
    scopeViolation(
      'max_concentration',
      s,
      'maxConcentrationPercent',
      limit,
      Math.round(share * 100) / 100,
      `the position after the order would be ${num(share)}% of capital ${rupees(capital)}, above maxConcentrationPercent ${limit}%`,
    ),
  );
}
