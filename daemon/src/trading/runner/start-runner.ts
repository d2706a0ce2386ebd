// The trading phase of a daemon's start-up (composition root: cli/start.ts): on daemons with the
// `trader` role, the risk gate, the tick source and the supervisor that runs the deployments.
// Ticks: the synthetic feed for the demo symbols (offline, on a fresh clone) for paper
// deployments; a live deployment trades through the daemon's broker accounts (`links`): its
// account's Dhan link and market feed, on the daemon holding that link.
import type { Logger } from 'pino';
import { wallClock } from '../../broker/feeds/feed-source';
import type { SimulatedClockSpec } from '../../config/trading-options';
import type { SourceSettings } from '../../market/source-settings';
import { createSyntheticFeed, demoFeedInstruments } from '../../broker/feeds/synthetic-feed';
import type { Pool } from '../../db/pool';
import type { EventBus } from '../../events/event-bus';
import type { Metrics } from '../../metrics/metrics';
import { createLiveRiskGate } from '../../risk-control/live-risk-gate';
import { scaledClock } from './scaled-clock';
import type { LiveAccounts } from './live-accounts';
import { TradingSupervisor } from './supervisor';
import { marketWarmupFetch } from './warm-up-fetch';

export interface StartRunnerDeps {
  roles: readonly string[];
  takeoverSeconds: number;
  /** The market clock: the wall clock, or a simulated session (--trading-clock). */
  tradingClock?: 'wall' | SimulatedClockSpec;
  /** Market sources for warm-up gaps (the daemon's configuration). */
  config?: SourceSettings;
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
  const sim = deps.tradingClock === 'wall' ? undefined : deps.tradingClock;
  const clock = sim ? scaledClock(sim.start, sim.speed, sim.anchor) : wallClock;
  const ticks = createSyntheticFeed({ universe: demoFeedInstruments(), clock });
  const supervisor = new TradingSupervisor({
    pool: deps.pool,
    bus: deps.bus,
    log,
    daemonId: deps.bus.daemonId,
    ticks,
    clock,
    risk,
    ...(deps.config
      ? {
          warmupFetch: marketWarmupFetch({
            pool: deps.pool,
            settings: deps.config,
            now: () => clock.now(),
            log,
          }),
        }
      : {}),
    leaseTtlMs: deps.takeoverSeconds * 1000,
    // A dead holder's deployments are claimed within ttl + one scan.
    scanEveryMs: Math.min(2000, (deps.takeoverSeconds * 1000) / 4),
    metrics: { trading: deps.metrics.trading, runner: deps.metrics.runner },
    ...(deps.links ? { accounts: deps.links } : {}),
  });
  supervisor.start();
  log.info(
    { takeoverSeconds: deps.takeoverSeconds, clock: sim ? { ...sim, at: new Date(clock.now()) } : 'wall' },
    'trading supervisor started',
  );
  return async () => {
    await supervisor.stop();
    ticks.close();
    risk.close();
  };
}
