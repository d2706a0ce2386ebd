// The rules in the order the gate runs them, and the two rules that end a check early. Order
// rules run once per order; scope rules run for the deployment and again for the account, each
// with that scope's profile, position, P&L and counters.
import { describeSwitch, type KillSwitchRef } from './kill-switch';
import type { OrderFacts, ScopeFacts } from './order-facts';
import { cncShortSell, freezeQty, lotSize, marketClosed } from './rules/order-rules';
import { circuitLimit, priceCollar, stalePrice, stopTriggerSide, tickSize } from './rules/price-rules';
import {
  maxConcentration,
  maxGrossExposure,
  maxNetExposure,
  maxOpenPositions,
  maxOrderQty,
  maxOrderValue,
  maxPositionValue,
} from './rules/exposure-rules';
import { dailyLoss, drawdown, missingFunds, missingPnl, tradingState } from './rules/loss-rules';
import { ordersPerDay, ordersPerMinute, ordersPerSecond } from './rules/rate-rules';
import { afterSquareOff } from './rules/session-rules';
import { orderViolation, type OrderEnv, type ScopeEnv } from './rules/rule-env';
import type { ScopeRuntime } from './scope-runtime';
import { OK, deny, type RuleResult, type Violation } from './violation';

type OrderRule = (f: OrderFacts, env: OrderEnv) => RuleResult;
type ScopeRule = (f: OrderFacts, s: ScopeFacts, env: ScopeEnv) => RuleResult;

export const ORDER_RULES: readonly OrderRule[] = [
  lotSize,
  freezeQty,
  tickSize,
  stopTriggerSide,
  circuitLimit,
  marketClosed,
  cncShortSell,
];

/** Loss rules first: when one denies, trading_state does not repeat the same reason. */
const LOSS_RULES: readonly ScopeRule[] = [dailyLoss, drawdown];

export const SCOPE_RULES: readonly ScopeRule[] = [
  missingFunds,
  missingPnl,
  maxOrderQty,
  maxOrderValue,
  priceCollar,
  stalePrice,
  afterSquareOff,
  maxPositionValue,
  maxGrossExposure,
  maxNetExposure,
  maxOpenPositions,
  maxConcentration,
  ordersPerSecond,
  ordersPerMinute,
  ordersPerDay,
];

/** Mutable state of one check, owned by a gate and reused across its checks. */
export interface GateScratch {
  violations: Violation[] | undefined;
  env: ScopeEnv;
}

export function newScratch(): GateScratch {
  return {
    violations: undefined,
    env: {
      session: undefined,
      calendarCovers: true,
      state: 'ACTIVE',
      stateReason: '',
      peakPnl: 0,
      times: undefined as unknown as ScopeEnv['times'],
      dayCount: 0,
    },
  };
}

export function runOrderRules(f: OrderFacts, scratch: GateScratch): void {
  const env = scratch.env;
  for (let i = 0; i < ORDER_RULES.length; i++) {
    const r = ORDER_RULES[i]!(f, env);
    if (!r.ok) (scratch.violations ??= []).push(r.violation);
  }
}

export function runScopeRules(f: OrderFacts, s: ScopeFacts, rt: ScopeRuntime, scratch: GateScratch): void {
  const env = scratch.env;
  env.state = rt.state;
  env.stateReason = rt.reason;
  env.peakPnl = rt.peakPnl;
  env.times = rt.times;
  env.dayCount = rt.dayCount;
  let lossDenied = false;
  for (let i = 0; i < LOSS_RULES.length; i++) {
    const r = LOSS_RULES[i]!(f, s, env);
    if (!r.ok) {
      lossDenied = true;
      (scratch.violations ??= []).push(r.violation);
    }
  }
  if (!lossDenied) {
    const r = tradingState(f, s, env);
    if (!r.ok) (scratch.violations ??= []).push(r.violation);
  }
  for (let i = 0; i < SCOPE_RULES.length; i++) {
    const r = SCOPE_RULES[i]!(f, s, env);
    if (!r.ok) (scratch.violations ??= []).push(r.violation);
  }
}

export function missingLastPrice(f: OrderFacts): RuleResult {
  if (f.lastPrice > 0) return OK;
  return deny(
    orderViolation(
      'missing_last_price',
      'lastPrice',
      null,
      null,
      `no last traded price for ${f.order.symbol}: denied (fail closed)`,
    ),
  );
}

/**
 * An engaged switch stops every order it covers, but the flatten orders of a switch engaged with
 * flatten (origin 'flatten') that reduce the position.
 */
export function killSwitchRule(
  f: OrderFacts,
  own: ScopeFacts,
  covering: readonly KillSwitchRef[],
): RuleResult {
  if (f.order.origin === 'flatten' && own.reducing && covering.some((s) => s.flatten)) return OK;
  const first = covering[0]!;
  const text =
    f.order.origin === 'flatten'
      ? `${describeSwitch(first)}; this flatten order ${own.reducing ? 'comes without a flatten switch' : 'does not reduce the position'}`
      : `${describeSwitch(first)}: no new orders`;
  const v = orderViolation('kill_switch', 'killSwitch', first.id, f.order.origin, text);
  return deny({
    ...v,
    scope: first.scope === 'global' ? 'global' : first.scope,
    scopeId: first.scope === 'account' ? first.accountId : first.deploymentId,
  });
}
