// What the gate remembers per scope (a deployment, an account) between orders: its trading
// state, the day's P&L peak, recent order times and the day's order count. All of it can be
// exported and restored — from the gate's own export, or from what the database knows (orders
// sent today, the stored state) — so a restart neither resets the daily caps nor forgets a halt.
import type { CompiledProfile } from './compiled-profile';
import { OrderTimes } from './order-times';
import {
  isMoreRestrictive,
  lossLevel,
  type StateSource,
  type TradingState,
  type TradingStateChange,
} from './trading-state';

export type ScopeKind = 'account' | 'deployment';

export interface ScopeRuntime {
  kind: ScopeKind;
  id: number;
  state: TradingState;
  source: StateSource;
  reason: string;
  since: number;
  /** IST day number the counters and the peak belong to. */
  day: number;
  dayCount: number;
  peakPnl: number;
  times: OrderTimes;
}

/** A scope's runtime as plain data (gate export, database restore). */
export interface ScopeRecord {
  kind: ScopeKind;
  id: number;
  state: TradingState;
  source: StateSource;
  reason: string;
  since: number;
  day: number;
  dayCount: number;
  peakPnl: number;
  /** Times of recent orders (the last hour is enough), oldest first. */
  times: number[];
}

export function newScopeRuntime(kind: ScopeKind, id: number, day: number): ScopeRuntime {
  return {
    kind,
    id,
    state: 'ACTIVE',
    source: 'new_day',
    reason: 'no limit reached',
    since: NaN,
    day,
    dayCount: 0,
    peakPnl: 0,
    times: new OrderTimes(16),
  };
}

function change(
  r: ScopeRuntime,
  to: TradingState,
  source: StateSource,
  reason: string,
  by: string,
  at: number,
  extra: Pick<TradingStateChange, 'rule' | 'flatten'>,
): TradingStateChange {
  const c: TradingStateChange = {
    scope: r.kind,
    scopeId: r.id,
    from: r.state,
    to,
    source,
    reason,
    by,
    at,
    ...extra,
  };
  r.state = to;
  r.source = source;
  r.reason = reason;
  r.since = at;
  return c;
}

/** Starts a new IST day: counters and peak reset; a state the rules set returns to ACTIVE. */
export function rollDay(r: ScopeRuntime, day: number, now: number): TradingStateChange | undefined {
  if (r.day === day) return undefined;
  r.day = day;
  r.dayCount = 0;
  r.peakPnl = 0;
  if (r.state === 'ACTIVE' || r.source === 'operator') return undefined;
  return change(r, 'ACTIVE', 'new_day', 'a new trading day', 'system', now, { rule: null, flatten: false });
}

/** Follows the day's P&L: raises the peak and moves the state up when a loss limit is reached. */
export function observePnl(
  r: ScopeRuntime,
  profile: CompiledProfile,
  capital: number,
  dayPnl: number,
  now: number,
): TradingStateChange | undefined {
  if (dayPnl > r.peakPnl) r.peakPnl = dayPnl;
  const level = lossLevel(profile, capital, dayPnl, r.peakPnl);
  if (!isMoreRestrictive(level.state, r.state)) return undefined;
  return change(r, level.state, 'rule', level.reason, 'system', now, {
    rule: level.rule,
    flatten: level.state === 'HALTED' && profile.flattenOnHalt,
  });
}

/** An operator's move, either way; undefined when the scope is already in that state. */
export function setStateByOperator(
  r: ScopeRuntime,
  to: TradingState,
  by: string,
  reason: string,
  now: number,
  flatten: boolean,
): TradingStateChange | undefined {
  if (r.state === to && r.source === 'operator') return undefined;
  return change(r, to, 'operator', reason, by, now, { rule: null, flatten: to === 'HALTED' && flatten });
}

export function recordOrder(r: ScopeRuntime, now: number): void {
  r.times.record(now);
  r.dayCount++;
}

export function exportRuntime(r: ScopeRuntime, now: number): ScopeRecord {
  const hourAgo = now - 3_600_000;
  return {
    kind: r.kind,
    id: r.id,
    state: r.state,
    source: r.source,
    reason: r.reason,
    since: r.since,
    day: r.day,
    dayCount: r.dayCount,
    peakPnl: r.peakPnl,
    times: r.times.toArray().filter((t) => t > hourAgo),
  };
}

export function restoreRuntime(record: ScopeRecord): ScopeRuntime {
  const times = new OrderTimes(Math.max(16, record.times.length));
  for (const t of [...record.times].sort((a, b) => a - b)) times.record(t);
  return {
    kind: record.kind,
    id: record.id,
    state: record.state,
    source: record.source,
    reason: record.reason,
    since: record.since,
    day: record.day,
    dayCount: record.dayCount,
    peakPnl: record.peakPnl,
    times,
  };
}
