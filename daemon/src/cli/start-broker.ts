// The broker phase of start-up: load the broker key (a bad key stops start-up with the reason),
// build the broker service every API daemon uses, and on daemons with the trader role start the
// link supervisor and put the link into health and readiness.
import type { Logger } from 'pino';
import type { HealthMonitor } from '../api/health';
import { createBrokerService, createLinkSupervisor, loadBrokerKeyring, type BrokerService } from '../broker';
import type { Config } from '../config/load-config';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import type { CleanupStack } from './start-phases';

export async function startBroker(
  config: Config,
  deps: {
    pool: Pool;
    connectionString: string;
    bus: EventBus;
    metrics: Metrics;
    log: Logger;
    health: HealthMonitor;
  },
  cleanups: CleanupStack,
): Promise<BrokerService> {
  const log = deps.log.child({ module: 'broker' });
  const health = deps.health;
  const keyring = loadBrokerKeyring(config);
  const urls = {
    rest: config.dhanBaseUrl,
    feed: config.dhanFeedUrl,
    orderUpdates: config.dhanOrderUpdateUrl,
  };
  const timeoutMs = config.dhanTimeoutSeconds * 1000;
  const supervisor = config.roles.includes('trader')
    ? createLinkSupervisor({
        pool: deps.pool,
        connectionString: deps.connectionString,
        keyring,
        bus: deps.bus,
        metrics: deps.metrics.broker,
        log,
        urls,
        timeoutMs,
        staleAfterMs: config.dhanStaleSeconds * 1000,
        renewLeadMs: config.dhanRenewBeforeMinutes * 60_000,
        // Readiness includes the link only while this daemon holds one: a trader daemon with no
        // account connected is ready, and says so (not_configured).
        onHolding: (holding) =>
          health.register('broker', async () => supervisor!.health(), { readiness: holding }),
      })
    : undefined;
  const service = createBrokerService({
    pool: deps.pool,
    keyring,
    bus: deps.bus,
    metrics: deps.metrics.broker,
    log,
    urls,
    timeoutMs,
    supervisor,
  });
  if (supervisor) {
    health.register('broker', async () => supervisor.health());
    await supervisor.start();
    cleanups.push(() => supervisor.stop());
  }
  cleanups.push(async () => service.close());
  log.info(
    { key: keyring ? keyring.current.id : 'none', links: supervisor ? 'held here' : 'not on this daemon' },
    'broker link ready',
  );
  return service;
}
