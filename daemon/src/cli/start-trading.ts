// The trading phase of start-up, after the broker phase: the daemon's ledger and its broker
// accounts as the trading spine sees them (trading/trading-links.ts: every Dhan account this
// daemon holds is synced with the ledger — updates applied, reconciliation running — and paper
// accounts on first use), and on daemons holding links, Dhan's own kill switch following
// QuantTrade's (broker/dhan-kill-switch.ts) unless QUANTTRADE_BROKER_KILL_SWITCH=false.
import type { Logger } from 'pino';
import type { BrokerService } from '../broker';
import { startDhanKillSwitch } from '../broker/dhan-kill-switch';
import type { Config } from '../config/load-config';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import { createTradingLinks, type TradingLinks } from '../trading/trading-links';
import type { CleanupStack } from './start-phases';

export async function startTrading(
  config: Config,
  deps: { pool: Pool; bus: EventBus; metrics: Metrics; log: Logger },
  broker: BrokerService,
  cleanups: CleanupStack,
): Promise<TradingLinks> {
  const links = createTradingLinks({
    pool: deps.pool,
    log: deps.log,
    bus: deps.bus,
    metrics: deps.metrics,
    broker,
    supervisor: broker.supervisor,
    reconcileIntervalMs: config.reconcileIntervalSeconds * 1000,
  });
  cleanups.push(() => links.stop());
  if (broker.supervisor && config.brokerKillSwitch) {
    const killSwitch = await startDhanKillSwitch({
      pool: deps.pool,
      bus: deps.bus,
      log: deps.log.child({ module: 'broker-kill-switch' }),
      supervisor: broker.supervisor,
      metrics: deps.metrics,
    });
    cleanups.push(() => killSwitch.stop());
  }
  return links;
}
