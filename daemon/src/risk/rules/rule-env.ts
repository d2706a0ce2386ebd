// What rules receive besides the order: the session the order falls in, and per scope the gate's
// own running state (trading state, the day's P&L peak, order counters). Built by the gate; the
// rule tests build them directly.
import type { TradingSession } from '../../core/calendar/trading-calendar';
import type { ScopeFacts } from '../order-facts';
import type { OrderTimes } from '../order-times';
import type { TradingState } from '../trading-state';
import { formatInr } from '../limits';
import { num, type Violation } from '../violation';
import type { RuleCode } from '../rule-catalogue';

export interface OrderEnv {
  /** The exchange session containing `now`, or undefined when the market is closed. */
  session: TradingSession | undefined;
  /** False when `now`'s year is outside the calendar's data (then no session is assumed). */
  calendarCovers: boolean;
}

export interface ScopeEnv extends OrderEnv {
  state: TradingState;
  /** Why the state is what it is (for messages). */
  stateReason: string;
  /** Highest day P&L seen today (starts at 0). */
  peakPnl: number;
  /** Recent order times of this scope, newest last. */
  times: OrderTimes;
  /** Orders this scope sent in the current IST day. */
  dayCount: number;
}

export function scopeLabel(s: ScopeFacts): string {
  const ref = s.profile.ref;
  return `${s.kind} ${s.scope.id}, profile ${ref.name} v${ref.version}`;
}

/** A violation of a profile limit at a scope; the message names limit, value and threshold. */
export function scopeViolation(
  code: RuleCode,
  s: ScopeFacts,
  limitName: string,
  limit: number | string | null,
  value: number | string | null,
  text: string,
  extra: Partial<Violation> = {},
): Violation {
  return {
    code,
    scope: s.kind,
    scopeId: s.scope.id,
    limitName,
    limit,
    value,
    message: `${code}: ${text} (${scopeLabel(s)})`,
    profile: s.profile.ref,
    ...extra,
  };
}

/** A violation of an exchange or instrument rule (no profile involved). */
export function orderViolation(
  code: RuleCode,
  limitName: string,
  limit: number | string | null,
  value: number | string | null,
  text: string,
): Violation {
  return {
    code,
    scope: 'order',
    scopeId: null,
    limitName,
    limit,
    value,
    message: `${code}: ${text}`,
    profile: null,
  };
}

export const rupees = formatInr;
export { num };
