// The risk domain's events on the bus (events/event-map.ts). Kill-switch and trading-state
// events are sent by the database itself at commit (sql/014_risk.sql: risk_notify_event), so a
// switch engaged from the CLI or psql reaches every daemon like one engaged from the API; the
// others are published by this folder. Events are hints: the rows are the truth, and the watch
// (risk-watch.ts) also polls.
import type { KillSwitchScope, RuleCode, TradingState } from '../risk/index';

export interface KillSwitchEvent {
  action: 'engaged' | 'released';
  id: number;
  scope: KillSwitchScope;
  accountId: number | null;
  deploymentId: number | null;
  flatten: boolean;
  reason: string;
  /** Who engaged it, or who released it. */
  by: string;
  engagedAt: number;
}

export interface TradingStateEvent {
  scope: 'account' | 'deployment';
  scopeId: number;
  from: TradingState;
  to: TradingState;
  source: 'rule' | 'operator' | 'new_day';
  rule: RuleCode | null;
  reason: string;
  by: string;
  flatten: boolean;
  at: number;
}

/** One verdict's denial, or one scan's warnings: what a notification needs to say. */
export interface ViolationEvent {
  checkId: string;
  severity: 'deny' | 'warning';
  /** Rule codes (or soft-limit warning codes such as max_leverage). */
  rules: string[];
  accountId: number | null;
  deploymentId: number | null;
  clientOrderId: string | null;
  signalId: number | null;
  /** The first violation's message (the rows have all of them). */
  message: string;
}

export interface ProfileChangedEvent {
  profileId: number | null;
  version: number | null;
  /** An assignment changed: the scope whose effective profile is now another. */
  accountId?: number;
  deploymentId?: number;
}

declare module '../events/event-map' {
  interface EventMap {
    /** A kill switch was engaged or released (sent by the database at commit). */
    'risk.kill_switch': KillSwitchEvent;
    /** A deployment's or account's trading state changed (sent by the database at commit). */
    'risk.trading_state': TradingStateEvent;
    /** The gate denied an order, or the portfolio scan found a soft limit exceeded. */
    'risk.violation': ViolationEvent;
    /** A profile got a new version, or an account or deployment another profile. */
    'risk.profile_changed': ProfileChangedEvent;
    /** A portfolio scan finished. */
    'risk.scan': { at: number; accounts: number; warnings: number };
  }
}
