// The pre-trade gate: every rule composed into one verdict per order, plus the trading-state
// machine and the rate counters. Pure and synchronous — the runner passes the clock, prices,
// positions, P&L, funds and profiles in the snapshot — so it costs microseconds and behaves the
// same in tests, paper and live trading. One gate serves every deployment of a daemon; call it
// for every order, exits and flattens included, and send only what it allows.
//
// Order of evaluation: a malformed order or a missing last price ends the check at once (the
// other rules cannot be evaluated honestly: fail closed); then the kill switch; then every other
// rule, collecting all violations so the denial names each limit it crossed.
import { nseCalendar, type TradingCalendar, type TradingSession } from '../core/calendar/trading-calendar';
import { istDayNumber } from '../core/calendar/civil-date';
import type { ProfileRef } from './compiled-profile';
import {
  NO_KILL_SWITCHES,
  coveringSwitches,
  indexKillSwitches,
  type KillSwitchIndex,
  type KillSwitchRef,
} from './kill-switch';
import {
  emptyOrderFacts,
  emptyScopeFacts,
  fillOrderFacts,
  fillScopeFacts,
  type ScopeFacts,
} from './order-facts';
import type { RiskOrder, RiskSnapshot, ScopeSnapshot } from './risk-order';
import { killSwitchRule, missingLastPrice, newScratch, runOrderRules, runScopeRules } from './rule-set';
import { DHAN_ORDER_RATE_LIMITS, brokerRateLimit, type BrokerRateLimits } from './rules/rate-rules';
import { invalidOrder } from './rules/order-rules';
import {
  exportRuntime,
  newScopeRuntime,
  observePnl,
  recordOrder,
  restoreRuntime,
  rollDay,
  setStateByOperator,
  type ScopeKind,
  type ScopeRecord,
  type ScopeRuntime,
} from './scope-runtime';
import type { TradingState, TradingStateChange } from './trading-state';
import type { Violation } from './violation';

export interface RiskVerdict {
  allowed: boolean;
  /** Empty when allowed. */
  violations: readonly Violation[];
  /** The profiles (and versions) the verdict used: record them with the order or the denial. */
  profiles: { account: ProfileRef; deployment: ProfileRef | null };
  /** Trading-state changes this check caused (usually none): store and publish them. */
  stateChanges: readonly TradingStateChange[];
  /** When every violation is a rate limit: the same order passes after this many ms. */
  retryAfterMs: number | null;
  checkedAt: number;
}

export interface RiskGateOptions {
  calendar?: TradingCalendar;
  brokerLimits?: BrokerRateLimits;
}

export interface RiskGate {
  /** Checks one order; an allowed order is counted towards the rate limits at once. */
  check(order: RiskOrder, snapshot: RiskSnapshot): RiskVerdict;
  /**
   * Follows a scope's P&L between orders (on marks): may raise its state, or return it to ACTIVE
   * on a new day. Call it as prices move so a halt comes when the loss does, not at the next order.
   */
  observe(kind: ScopeKind, scope: ScopeSnapshot, now: number): readonly TradingStateChange[];
  /** An operator's state change (audited by the caller). */
  setState(
    kind: ScopeKind,
    id: number,
    to: TradingState,
    by: string,
    reason: string,
    now: number,
    flatten?: boolean,
  ): TradingStateChange | undefined;
  stateOf(kind: ScopeKind, id: number): { state: TradingState; reason: string; since: number };
  setKillSwitches(switches: readonly KillSwitchRef[]): void;
  killSwitches(): KillSwitchIndex;
  exportState(now: number): ScopeRecord[];
  /** Replaces the runtime of the scopes given (others are kept). */
  restore(records: readonly ScopeRecord[]): void;
}

const NO_CHANGES: readonly TradingStateChange[] = Object.freeze([]);
const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

export function createRiskGate(options: RiskGateOptions = {}): RiskGate {
  const calendar = options.calendar ?? nseCalendar;
  const broker = options.brokerLimits ?? DHAN_ORDER_RATE_LIMITS;
  const brokerCapacity = Math.max(broker.perSecond, broker.perMinute, broker.perHour);
  const scopes: Record<ScopeKind, Map<number, ScopeRuntime>> = { account: new Map(), deployment: new Map() };
  let switches: KillSwitchIndex = NO_KILL_SWITCHES;
  let sessionDay = NaN;
  let daySession: TradingSession | undefined;
  let dayCovered = true;

  const facts = emptyOrderFacts();
  const accountFacts = emptyScopeFacts('account');
  const deploymentFacts = emptyScopeFacts('deployment');
  const scratch = newScratch();

  function runtime(kind: ScopeKind, id: number, day: number): ScopeRuntime {
    let r = scopes[kind].get(id);
    if (!r) scopes[kind].set(id, (r = newScopeRuntime(kind, id, day)));
    return r;
  }

  function sessionAt(now: number, day: number): TradingSession | undefined {
    if (day !== sessionDay) {
      sessionDay = day;
      daySession = calendar.session(day);
      dayCovered = calendar.status(day) !== 'unknown';
    }
    if (!daySession || now < daySession.open || now >= daySession.close) return undefined;
    // A disaster-recovery session's break is closed too.
    const pause = daySession.pause;
    return pause && now >= pause.start && now < pause.end ? undefined : daySession;
  }

  /** Day roll and P&L follow-up of one scope before the rules read it. */
  function prepare(
    r: ScopeRuntime,
    scope: ScopeSnapshot,
    day: number,
    now: number,
    changes: TradingStateChange[] | undefined,
  ) {
    const rolled = rollDay(r, day, now);
    const raised =
      scope.dayPnl === scope.dayPnl
        ? observePnl(r, scope.profile, scope.capital, scope.dayPnl, now)
        : undefined;
    if (!rolled && !raised) return changes;
    const out = changes ?? [];
    if (rolled) out.push(rolled);
    if (raised) out.push(raised);
    return out;
  }

  function verdict(
    snapshot: RiskSnapshot,
    violations: readonly Violation[],
    changes: readonly TradingStateChange[],
  ): RiskVerdict {
    let retry: number | null = null;
    for (const v of violations) {
      if (v.retryAfterMs === undefined) {
        retry = null;
        break;
      }
      retry = Math.max(retry ?? 0, v.retryAfterMs);
    }
    return {
      allowed: violations.length === 0,
      violations,
      profiles: {
        account: snapshot.account.profile.ref,
        deployment: snapshot.deployment?.profile.ref ?? null,
      },
      stateChanges: changes,
      retryAfterMs: violations.length === 0 ? null : retry,
      checkedAt: snapshot.now,
    };
  }

  function check(order: RiskOrder, snapshot: RiskSnapshot): RiskVerdict {
    fillOrderFacts(facts, order, snapshot);
    const now = snapshot.now;
    const day = istDayNumber(now);
    const invalid = invalidOrder(facts);
    if (!invalid.ok) return verdict(snapshot, [invalid.violation], NO_CHANGES);
    const missing = missingLastPrice(facts);
    if (!missing.ok) return verdict(snapshot, [missing.violation], NO_CHANGES);

    const accountRt = runtime('account', order.accountId, day);
    accountRt.times.ensure(Math.max(brokerCapacity, snapshot.account.profile.maxOrdersPerMinute));
    let changes = prepare(accountRt, snapshot.account, day, now, undefined);
    fillScopeFacts(accountFacts, facts, snapshot.account);
    let deploymentRt: ScopeRuntime | undefined;
    let own: ScopeFacts = accountFacts;
    if (snapshot.deployment) {
      deploymentRt = runtime('deployment', snapshot.deployment.id, day);
      deploymentRt.times.ensure(snapshot.deployment.profile.maxOrdersPerMinute);
      changes = prepare(deploymentRt, snapshot.deployment, day, now, changes);
      fillScopeFacts(deploymentFacts, facts, snapshot.deployment);
      own = deploymentFacts;
    }
    const stateChanges = changes ?? NO_CHANGES;

    const covering = coveringSwitches(switches, order.accountId, order.deploymentId);
    if (covering) {
      const r = killSwitchRule(facts, own, covering);
      if (!r.ok) return verdict(snapshot, [r.violation], stateChanges);
    }

    scratch.violations = undefined;
    scratch.env.session = sessionAt(now, day);
    scratch.env.calendarCovers = dayCovered;
    runOrderRules(facts, scratch);
    if (deploymentRt) runScopeRules(facts, deploymentFacts, deploymentRt, scratch);
    runScopeRules(facts, accountFacts, accountRt, scratch);
    const b = brokerRateLimit(facts, broker, order.accountId, accountRt.times, accountRt.dayCount);
    if (!b.ok) (scratch.violations ??= []).push(b.violation);

    if (scratch.violations) return verdict(snapshot, scratch.violations, stateChanges);
    recordOrder(accountRt, now);
    if (deploymentRt) recordOrder(deploymentRt, now);
    return verdict(snapshot, NO_VIOLATIONS, stateChanges);
  }

  return {
    check,
    observe(kind, scope, now) {
      const day = istDayNumber(now);
      return prepare(runtime(kind, scope.id, day), scope, day, now, undefined) ?? NO_CHANGES;
    },
    setState(kind, id, to, by, reason, now, flatten = false) {
      return setStateByOperator(runtime(kind, id, istDayNumber(now)), to, by, reason, now, flatten);
    },
    stateOf(kind, id) {
      const r = scopes[kind].get(id);
      return r
        ? { state: r.state, reason: r.reason, since: r.since }
        : { state: 'ACTIVE', reason: 'no limit reached', since: NaN };
    },
    setKillSwitches(list) {
      switches = list.length === 0 ? NO_KILL_SWITCHES : indexKillSwitches(list);
    },
    killSwitches: () => switches,
    exportState(now) {
      return [...scopes.account.values(), ...scopes.deployment.values()].map((r) => exportRuntime(r, now));
    },
    restore(records) {
      for (const rec of records) scopes[rec.kind].set(rec.id, restoreRuntime(rec));
    },
  };
}
