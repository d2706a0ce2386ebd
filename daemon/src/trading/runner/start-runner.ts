// The trading phase of a daemon's start-up (composition root: cli/start.ts): on daemons with the
// `trader` role, the risk gate, the tick source and the supervisor that runs the deployments.
// Ticks: the synthetic feed for the demo symbols (offline, on a fresh clone) for paper
// deployments; a live deployment trades through the daemon's broker accounts (`links`): its
// account's Dhan link and market feed, on the daemon holding that link.
import type { Logger } from 'pino';
import { wallClock } from '../../broker/feeds/feed-source';
import { createSyntheticFeed, demoFeedInstruments } from '../../broker/feeds/synthetic-feed';
import type { Pool } from '../../db/pool';
import type { EventBus } from '../../events/event-bus';
import type { Metrics } from '../../metrics/metrics';
import { createLiveRiskGate } from '../../risk-control/live-risk-gate';
import type { LiveAccounts } from './live-accounts';
import { TradingSupervisor } from './supervisor';

export interface StartRunnerDeps {
  roles: readonly string[];
  takeoverSeconds: number;
  pool: Pool;
  bus: EventBus;
  log: Logger;
  metrics: Metrics;
  /** The daemon's broker accounts (trading-links.ts): live deployments and the shared ledger. */
  links?: LiveAccounts;
}

/** Starts the supervisor on a trader daemon; returns its stop function (undefined elsewhere). */
export async function startDeploymentRunner(
  deps: StartRunnerDeps,
): Promise<(() => Promise<void>) | undefined> {
  if (!deps.roles.includes('trader')) return undefined;
  const log = deps.log.child({ module: 'trading' });
  const risk = await createLiveRiskGate({
    pool: deps.pool,
    bus: deps.bus,
    log: deps.log.child({ module: 'risk' }),
    metrics: deps.metrics.risk,
  });
  const ticks = createSyntheticFeed({ universe: demoFeedInstruments() });
  const supervisor = new TradingSupervisor({
    pool: deps.pool,
    bus: deps.bus,
    log,
    daemonId: deps.bus.daemonId,
    ticks,
    clock: wallClock,
    risk,
    leaseTtlMs: deps.takeoverSeconds * 1000,
    metrics: { trading: deps.metrics.trading, runner: deps.metrics.runner },
    ...(deps.links ? { accounts: deps.links } : {}),
  });
  supervisor.start();
  log.info({ takeoverSeconds: deps.takeoverSeconds }, 'trading supervisor started');
  return async () => {
    await supervisor.stop();
    ticks.close();
    risk.close();
  };
}
