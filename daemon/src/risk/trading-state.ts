// Trading states (as NautilusTrader names them): ACTIVE — every rule applies as usual;
// REDUCING — only orders that reduce a position pass; HALTED — nothing passes but protective
// exits (stop-loss and target legs, square-off, flatten), and the runner cancels the scope's
// open orders. The loss limits move a scope up (ACTIVE → REDUCING → HALTED) during the day,
// never down: a loss that recovers does not re-open trading by itself. An operator moves it
// either way (audited), and a new IST trading day returns a state the rules set to ACTIVE; a
// state an operator set stays until an operator changes it.
import { rupeesOf, type CompiledProfile } from './compiled-profile';
import { formatInr } from './limits';
import type { RuleCode } from './rule-catalogue';

export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

const RANK: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export function isMoreRestrictive(a: TradingState, b: TradingState): boolean {
  return RANK[a] > RANK[b];
}

/** Who put a scope in its state. */
export type StateSource = 'rule' | 'operator' | 'new_day';

export interface TradingStateChange {
  scope: 'account' | 'deployment';
  scopeId: number;
  from: TradingState;
  to: TradingState;
  source: StateSource;
  /** The loss rule that moved it (daily_loss, drawdown), for source 'rule'. */
  rule: RuleCode | null;
  reason: string;
  /** 'system' for the rules and the day roll, else the operator ('user:7'). */
  by: string;
  at: number;
  /** HALTED by a loss limit whose profile asks to close the positions too (flattenOnHalt). */
  flatten: boolean;
}

export interface LossLevel {
  state: TradingState;
  rule: RuleCode | null;
  reason: string;
}

const ACTIVE_LEVEL: LossLevel = Object.freeze({ state: 'ACTIVE', rule: null, reason: '' }) as LossLevel;

/**
 * The state the loss limits call for: the day's loss against dailyLoss{Reduce,Halt} and the fall
 * from the day's peak against drawdown{Reduce,Halt}. A threshold is crossed when reached (a loss
 * equal to the halt limit halts). Unknown P&L or capital leaves it ACTIVE here; the missing_pnl
 * and missing_funds rules fail closed instead.
 */
export function lossLevel(
  profile: CompiledProfile,
  capital: number,
  dayPnl: number,
  peakPnl: number,
): LossLevel {
  if (!(dayPnl === dayPnl)) return ACTIVE_LEVEL;
  const loss = -dayPnl;
  const fall = peakPnl - dayPnl;
  const on = profile.enabled;
  let level = ACTIVE_LEVEL;
  const check = (
    rule: RuleCode,
    amount: number,
    limitName: string,
    threshold: number,
    state: TradingState,
    what: string,
  ) => {
    if (threshold === threshold && amount >= threshold && RANK[state] > RANK[level.state])
      level = {
        state,
        rule,
        reason: `${what} ${formatInr(amount)} reached ${limitName} ${formatInr(threshold)}`,
      };
  };
  if (on.daily_loss) {
    check(
      'daily_loss',
      loss,
      'dailyLossHalt',
      rupeesOf(profile.dailyLossHalt, capital),
      'HALTED',
      "the day's loss",
    );
    check(
      'daily_loss',
      loss,
      'dailyLossReduce',
      rupeesOf(profile.dailyLossReduce, capital),
      'REDUCING',
      "the day's loss",
    );
  }
  if (on.drawdown) {
    check(
      'drawdown',
      fall,
      'drawdownHalt',
      rupeesOf(profile.drawdownHalt, capital),
      'HALTED',
      "the fall from the day's peak",
    );
    check(
      'drawdown',
      fall,
      'drawdownReduce',
      rupeesOf(profile.drawdownReduce, capital),
      'REDUCING',
      "the fall from the day's peak",
    );
  }
  return level;
}
