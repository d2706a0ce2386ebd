// The gate as a daemon runs it (docs/risk.md, "For the runner"): the pure gate, plus the
// profiles of the scopes it serves, the engaged kill switches (risk-watch.ts), operators' state
// changes heard from the database, state restored at prepare() — and the recording of every
// verdict. The runner builds a snapshot per order from its books, calls check(), and for a
// denial recordDenial(); for an allowed order it writes the order and recordApproval() in one
// transaction (the database refuses the write if a kill switch is engaged).
import type { Logger } from 'pino';
import { formatDays } from '../core/calendar/civil-date';
import type { Pool, PoolClient } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { RiskMetrics } from '../metrics/risk-metrics';
import {
  createRiskGate,
  type AccountSnapshot,
  type RiskGateOptions,
  type RiskOrder,
  type RiskSnapshot,
  type RiskVerdict,
  type ScopeKind,
  type ScopeSnapshot,
  type TradingStateChange,
} from '../risk/index';
import { loadScopeRecords } from './gate-restore';
import type { KillSwitchRow } from './kill-switch-store';
import { createProfileResolver, type ScopeProfile } from './profile-resolver';
import type { ProfileChangedEvent, TradingStateEvent } from './risk-events';
import { startRiskWatch, type RiskWatch } from './risk-watch';
import { insertStateChanges, savePeaks } from './trading-state-store';
import { recordApproval, recordDenial, type VerdictContext } from './verdict-recorder';

/** A scope as the runner knows it: everything but the profile, which the gate adds. */
export type LiveScope = Omit<ScopeSnapshot, 'profile'>;
export interface LiveSnapshot extends Omit<RiskSnapshot, 'account' | 'deployment'> {
  account: Omit<AccountSnapshot, 'profile'>;
  deployment: LiveScope | null;
}

export interface KillSwitchChange {
  /** Switches engaged since the last change (act on these: cancel, and flatten if asked). */
  engaged: KillSwitchRow[];
  released: KillSwitchRow[];
  all: readonly KillSwitchRow[];
}

export interface LiveRiskGateDeps extends RiskGateOptions {
  pool: Pool;
  bus: EventBus;
  log: Logger;
  metrics?: RiskMetrics;
  /** Kill-switch fallback poll (default 1000 ms). */
  pollMs?: number;
}

export interface LiveRiskGate {
  /**
   * Loads the profiles and restores the counters and states of these scopes (as of `now`, the
   * runner's clock). Call before their first order, e.g. when a deployment starts.
   */
  prepare(accountId: number, deploymentId?: number | null, now?: number): Promise<void>;
  check(order: RiskOrder, snapshot: LiveSnapshot): RiskVerdict;
  observe(kind: ScopeKind, scope: LiveScope, now: number): readonly TradingStateChange[];
  profileOf(kind: ScopeKind, id: number): ScopeProfile;
  recordDenial(verdict: RiskVerdict, order: RiskOrder, ctx: VerdictContext): Promise<string>;
  /** In the order-write transaction, before or after the order insert. */
  recordApproval(
    db: PoolClient,
    verdict: RiskVerdict,
    ctx: VerdictContext & { clientOrderId: string },
  ): Promise<void>;
  /** Stores and announces state changes a verdict or an observe() returned. */
  recordStateChanges(changes: readonly TradingStateChange[]): Promise<void>;
  /** Saves each scope's peak (call every minute or so: drawdown survives a restart). */
  persist(now: number): Promise<void>;
  /** Called at once with the switches already engaged, then on every change. */
  onKillSwitch(listener: (change: KillSwitchChange) => void): () => void;
  /** Every state change an operator made elsewhere, after the gate applied it. */
  onOperatorState(listener: (event: TradingStateEvent) => void): () => void;
  /**
   * Every move to HALTED this gate's scopes take — a loss limit's (once recordStateChanges has
   * stored it) or an operator's — so the runner cancels the scope's open orders (and flattens).
   */
  onHalt(listener: (change: TradingStateChange) => void): () => void;
  engaged(): readonly KillSwitchRow[];
  close(): void;
}

export async function createLiveRiskGate(deps: LiveRiskGateDeps): Promise<LiveRiskGate> {
  const gate = createRiskGate(deps);
  const profiles = createProfileResolver(deps.pool);
  const switchListeners = new Set<(c: KillSwitchChange) => void>();
  const stateListeners = new Set<(e: TradingStateEvent) => void>();
  const haltListeners = new Set<(c: TradingStateChange) => void>();
  const halted = (c: TradingStateChange) => {
    if (c.to !== 'HALTED') return;
    for (const l of haltListeners) {
      try {
        l(c);
      } catch (err) {
        deps.log.error({ err }, 'halt listener failed');
      }
    }
  };
  let previous = new Map<number, KillSwitchRow>();
  const restored = new Set<string>();

  const onSwitches = (all: readonly KillSwitchRow[]) => {
    gate.setKillSwitches(all);
    const now = new Map(all.map((s) => [s.id, s]));
    const change: KillSwitchChange = {
      engaged: all.filter((s) => !previous.has(s.id) || (s.flatten && !previous.get(s.id)!.flatten)),
      released: [...previous.values()].filter((s) => !now.has(s.id)),
      all,
    };
    previous = now;
    if (change.engaged.length + change.released.length === 0) return;
    for (const l of switchListeners) {
      try {
        l(change);
      } catch (err) {
        deps.log.error({ err }, 'kill-switch listener failed');
      }
    }
  };
  const watch: RiskWatch = await startRiskWatch({ ...deps, onChange: (all) => onSwitches(all) });

  const unsubscribe = [
    deps.bus.subscribe(['risk.profile_changed'], (e) => {
      profiles
        .changed(e.payload as ProfileChangedEvent)
        .catch((err: Error) => deps.log.warn({ err: err.message }, 'risk profiles not reloaded'));
    }),
    deps.bus.subscribe(['risk.trading_state'], (e) => {
      const p = e.payload as TradingStateEvent;
      // The rules' own changes are this gate's (or another daemon's for its own scopes).
      if (p.source !== 'operator' || !profiles.has(p.scope, p.scopeId)) return;
      gate.setState(p.scope, p.scopeId, p.to, p.by, p.reason, p.at, p.flatten);
      for (const l of stateListeners) l(p);
      halted(p);
    }),
  ];

  function withProfile<T extends LiveScope>(
    kind: ScopeKind,
    scope: T,
  ): T & { profile: ScopeProfile['profile'] } {
    return { ...scope, profile: profiles.get(kind, scope.id).profile };
  }

  const recorder = { pool: deps.pool, bus: deps.bus, metrics: deps.metrics, log: deps.log };
  return {
    async prepare(accountId, deploymentId = null, now = Date.now()) {
      const deployments = deploymentId === null ? [] : [deploymentId];
      await profiles.load([accountId], deployments);
      // A scope already served keeps its live counters (orders allowed but not yet committed
      // are in them and not yet in the database).
      const fresh = (kind: ScopeKind, id: number) => !restored.has(`${kind}:${id}`);
      const records = await loadScopeRecords(
        deps.pool,
        fresh('account', accountId) ? [accountId] : [],
        deployments.filter((d) => fresh('deployment', d)),
        now,
      );
      gate.restore(records);
      for (const r of records) restored.add(`${r.kind}:${r.id}`);
    },
    check(order, snapshot) {
      return gate.check(order, {
        ...snapshot,
        account: withProfile('account', snapshot.account),
        deployment: snapshot.deployment ? withProfile('deployment', snapshot.deployment) : null,
      });
    },
    observe(kind, scope, now) {
      return gate.observe(kind, withProfile(kind, scope), now);
    },
    profileOf: (kind, id) => profiles.get(kind, id),
    recordDenial: (verdict, order, ctx) => recordDenial(recorder, verdict, order, ctx),
    recordApproval,
    async recordStateChanges(changes) {
      if (changes.length === 0) return;
      const client = await deps.pool.connect();
      try {
        await client.query('BEGIN');
        await insertStateChanges(client, changes);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      for (const c of changes) deps.metrics?.stateChanges.inc({ to: c.to });
      for (const c of changes) halted(c);
    },
    async persist(now) {
      const peaks = gate
        .exportState(now)
        .map((r) => ({ kind: r.kind, id: r.id, day: formatDays(r.day), peakPnl: r.peakPnl }));
      await savePeaks(deps.pool, peaks);
    },
    onKillSwitch(listener) {
      switchListeners.add(listener);
      // Switches engaged before the listener came (before this daemon started) are news to it.
      const all = watch.current();
      if (all.length > 0) listener({ engaged: [...all], released: [], all });
      return () => switchListeners.delete(listener);
    },
    onOperatorState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onHalt(listener) {
      haltListeners.add(listener);
      return () => haltListeners.delete(listener);
    },
    engaged: () => watch.current(),
    close() {
      watch.stop();
      for (const u of unsubscribe) u();
    },
  };
}
