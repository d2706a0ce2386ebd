// What a running deployment does when the risk side stops it (docs/risk.md, "Trading states" and
// "Kill switch"):
//   kill switch  engaged over it (global, its account, itself; heard within a second from any
//                daemon, or already engaged when it starts): its working orders are cancelled
//                (end source kill_switch). The gate already denies its new orders in memory, and
//                the orders trigger in the database refuses any write it covers. A switch engaged
//                with flatten also closes its positions at market: orders created by 'flatten'
//                that the gate lets past that switch alone (rate limits still apply), written
//                naming the switch so the trigger lets them through.
//   HALTED       its deployment or its account halted — a loss limit reached at an order or at a
//                mark, or an operator's halt: its working orders are cancelled (end source risk),
//                and with the profile's flattenOnHalt (or the operator's flatten) its positions
//                are closed at market — orders that go through the gate like any exit
//                (square-off origin: the price and rate rules still apply).
// Between orders the loss limits are observed after every timestep, so a halt comes with the
// loss, not at the next order; and every minute of the runner's clock the scopes' P&L peaks are
// saved, so the drawdown from the day's peak survives a restart.
import type { Logger } from 'pino';
import { covers } from '../../risk/kill-switch';
import type { TradingStateChange } from '../../risk/trading-state';
import type { LiveRiskGate } from '../../risk-control/live-risk-gate';
import type { KillSwitchRow } from '../../risk-control/kill-switch-store';
import type { OrderReason } from '../../core/order';
import type { DeploymentRuntime } from './deployment-runtime';

export interface RiskStopsOptions {
  risk: LiveRiskGate;
  runtime: DeploymentRuntime;
  accountId: number;
  deploymentId: number;
  log: Logger;
}

export interface RiskStops {
  /** After a timestep: the loss limits against the books now; a halt is stored and acted on. */
  observe(now: number): Promise<void>;
  /** Stops listening (the deployment closes). */
  detach(): void;
}

const PERSIST_EVERY_MS = 60_000;
/** When each gate last saved its peaks: one save a minute per daemon, not per deployment. */
const persistedAt = new WeakMap<LiveRiskGate, number>();

export function attachRiskStops(options: RiskStopsOptions): RiskStops {
  const { risk, runtime, accountId, deploymentId, log } = options;
  let detached = false;

  /** Cancels the working orders (a halt leaves its own closing orders — square-off — working). */
  const cancelAll = (reason: OrderReason) => {
    const engine = runtime.engine;
    let n = 0;
    for (let s = 0; s < runtime.spec.instruments.length; s++)
      for (const order of engine.broker.openOrders(s)) {
        if (reason === 'risk_denied' && order.createdBy === 'square_off') continue;
        if (order.createdBy === 'flatten') continue;
        engine.broker.cancel(order, reason, engine.time);
        n++;
      }
    return n;
  };

  // Halts are carried out one at a time: a loss limit halts the deployment and its account at
  // once (two changes), and the second must not close the position a second time.
  let halting: Promise<void> = Promise.resolve();
  const halt = (change: TradingStateChange) => {
    const mine =
      (change.scope === 'deployment' && change.scopeId === deploymentId) ||
      (change.scope === 'account' && change.scopeId === accountId);
    if (detached || !mine) return;
    halting = halting
      .then(() => carryOutHalt(change))
      .catch((err: Error) => log.error({ deploymentId, err: err.message }, 'risk halt not carried out'));
  };

  const carryOutHalt = async (change: TradingStateChange) => {
    const cancelled = cancelAll('risk_denied');
    const closing = change.flatten ? await closeAll('square_off') : 0;
    log.warn(
      {
        deploymentId,
        scope: change.scope,
        scopeId: change.scopeId,
        reason: change.reason,
        cancelled,
        closing,
      },
      'risk halt: working orders cancelled' + (change.flatten ? ', positions closing' : ''),
    );
  };

  /**
   * Closes every position at market, once: after the cancels (a closing order counted with the
   * working orders on its side would not be an exit, and a CNC sell beyond what is left to sell
   * is refused), and not where a closing order already works.
   */
  const closeAll = async (createdBy: 'square_off' | 'flatten') => {
    await runtime.settle();
    const engine = runtime.engine;
    let closing = 0;
    for (let s = 0; s < runtime.spec.instruments.length; s++) {
      const working = engine.broker.openOrders(s).some((o) => o.createdBy === createdBy);
      if (detached || working || engine.portfolio.positions[s]!.qty === 0) continue;
      engine.closeOut(s, engine.time, createdBy);
      closing++;
    }
    return closing;
  };

  const carryOutKill = async (switches: readonly KillSwitchRow[]) => {
    const cancelled = cancelAll('kill_switch');
    const flatten = switches.find((s) => s.flatten);
    let closing = 0;
    if (flatten) {
      runtime.flattenSwitchId = flatten.id;
      closing = await closeAll('flatten');
    }
    log.warn(
      { deploymentId, killSwitches: switches.map((s) => s.id), cancelled, closing },
      'kill switch: working orders cancelled' + (flatten ? ', positions closing' : ''),
    );
  };

  const stopKill = risk.onKillSwitch(({ engaged, all }) => {
    if (detached) return;
    const switches = engaged.filter((s) => covers(s, accountId, deploymentId));
    if (runtime.flattenSwitchId !== undefined && !all.some((s) => s.id === runtime.flattenSwitchId))
      runtime.flattenSwitchId = undefined; // released
    if (switches.length === 0) return;
    halting = halting
      .then(() => carryOutKill(switches))
      .catch((err: Error) => log.error({ deploymentId, err: err.message }, 'kill switch not carried out'));
  });
  const stopHalt = risk.onHalt(halt);

  return {
    async observe(now) {
      if (detached) return;
      const totals = runtime.books.totals();
      const changes = [
        ...risk.observe('deployment', { ...totals, id: deploymentId }, now),
        ...risk.observe('account', { ...totals, id: accountId }, now),
      ];
      // Stored first: recordStateChanges tells the halt listeners (this one included).
      if (changes.length) await risk.recordStateChanges(changes);
      if (now - (persistedAt.get(risk) ?? -Infinity) >= PERSIST_EVERY_MS) {
        persistedAt.set(risk, now);
        await risk.persist(now);
      }
    },
    detach() {
      detached = true;
      stopKill();
      stopHalt();
    },
  };
}
