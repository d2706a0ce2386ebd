// Loss limits and trading states of a scope. daily_loss and drawdown deny new exposure once the
// REDUCING threshold is reached (the gate has moved the state up by then, and says so in the
// verdict); exits always pass them. trading_state enforces a state that no loss limit explains
// now (an operator's halt, a loss that has since recovered): REDUCING lets exits through, HALTED
// only protective exits. The inputs they need — P&L, capital for limits in % — fail closed.
import { rupeesOf } from '../compiled-profile';
import type { OrderFacts, ScopeFacts } from '../order-facts';
import type { OrderOrigin } from '../risk-order';
import { OK, deny, type RuleResult } from '../violation';
import { rupees, scopeViolation, type ScopeEnv } from './rule-env';

/** Orders that still pass a HALTED scope when they reduce its position. */
const PROTECTIVE: Readonly<Record<OrderOrigin, boolean>> = {
  strategy: false,
  bracket: true,
  square_off: true,
  flatten: true,
  operator: true,
};

export function isProtective(origin: OrderOrigin): boolean {
  return PROTECTIVE[origin];
}

export function missingFunds(_f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.needsCapital || s.reducing || s.scope.capital === s.scope.capital) return OK;
  return deny(
    scopeViolation(
      'missing_funds',
      s,
      'capital',
      null,
      null,
      'no funds figure for the account, and the profile sets limits as a share of capital: denied (fail closed)',
    ),
  );
}

export function missingPnl(_f: OrderFacts, s: ScopeFacts): RuleResult {
  const on = s.profile.enabled;
  if ((!on.daily_loss && !on.drawdown) || s.reducing || s.scope.dayPnl === s.scope.dayPnl) return OK;
  return deny(
    scopeViolation(
      'missing_pnl',
      s,
      'dayPnl',
      null,
      null,
      "the day's P&L is unknown, so the loss limits cannot be checked: denied (fail closed)",
    ),
  );
}

export function dailyLoss(_f: OrderFacts, s: ScopeFacts): RuleResult {
  if (!s.profile.enabled.daily_loss || s.reducing) return OK;
  const loss = -s.scope.dayPnl;
  const reduce = rupeesOf(s.profile.dailyLossReduce, s.scope.capital);
  if (!(loss >= reduce)) return OK;
  const halt = rupeesOf(s.profile.dailyLossHalt, s.scope.capital);
  const [name, limit, state] =
    loss >= halt ? ['dailyLossHalt', halt, 'HALTED'] : ['dailyLossReduce', reduce, 'REDUCING'];
  return deny(
    scopeViolation(
      'daily_loss',
      s,
      name,
      limit,
      loss,
      `the day's loss ${rupees(loss)} reached ${name} ${rupees(limit)}: ${state}, only exposure-reducing orders pass`,
    ),
  );
}

export function drawdown(_f: OrderFacts, s: ScopeFacts, env: ScopeEnv): RuleResult {
  if (!s.profile.enabled.drawdown || s.reducing) return OK;
  const fall = env.peakPnl - s.scope.dayPnl;
  const reduce = rupeesOf(s.profile.drawdownReduce, s.scope.capital);
  if (!(fall >= reduce)) return OK;
  const halt = rupeesOf(s.profile.drawdownHalt, s.scope.capital);
  const [name, limit, state] =
    fall >= halt ? ['drawdownHalt', halt, 'HALTED'] : ['drawdownReduce', reduce, 'REDUCING'];
  return deny(
    scopeViolation(
      'drawdown',
      s,
      name,
      limit,
      fall,
      `the fall from the day's peak ${rupees(env.peakPnl)} to ${rupees(s.scope.dayPnl)} is ${rupees(fall)}, reaching ${name} ${rupees(limit)}: ${state}`,
    ),
  );
}

export function tradingState(f: OrderFacts, s: ScopeFacts, env: ScopeEnv): RuleResult {
  const state = env.state;
  if (state === 'ACTIVE') return OK;
  if (state === 'REDUCING' && s.reducing) return OK;
  if (state === 'HALTED' && s.reducing && PROTECTIVE[f.order.origin]) return OK;
  const lets = state === 'REDUCING' ? 'only exposure-reducing orders pass' : 'only protective exits pass';
  return deny(
    scopeViolation(
      'trading_state',
      s,
      'state',
      state,
      s.reducing ? 'reducing' : 'increasing',
      `${s.kind} ${s.scope.id} is ${state} (${env.stateReason}): ${lets}`,
    ),
  );
}
