// The notifications domain as a daemon runs it: the secret keyring and the senders (for the API's
// channel procedures), the notifier on every daemon (so events published on any one, or by the
// database, are written once), and the dispatcher on daemons with the worker role.
import type { Logger } from 'pino';
import type { Config } from '../config/load-config';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import { createSecretKeyring, type SecretKeyring } from '../secrets/secret-keyring';
import type { SenderDeps } from './channel-sender';
import { countPending } from './delivery-store';
import { startDispatcher, type Dispatcher } from './dispatcher';
import { startNotifier, type Notifier } from './notifier';

/** A receiver gets this long to answer before the attempt counts as failed (and is retried). */
const SEND_TIMEOUT_MS = 10_000;

export interface NotificationsRuntime {
  keyring: SecretKeyring;
  sender: SenderDeps;
  notifier: Notifier;
  dispatcher: Dispatcher | undefined;
  stop(): Promise<void>;
}

export function startNotifications(deps: {
  config: Config;
  pool: Pool;
  bus: EventBus;
  log: Logger;
  metrics: Metrics;
  version: string;
}): NotificationsRuntime {
  const { config, pool, bus, metrics } = deps;
  const log = deps.log.child({ module: 'notifications' });
  const keyring = createSecretKeyring(config);
  const sender: SenderDeps = {
    keyring,
    telegramBaseUrl: config.telegramBaseUrl,
    userAgent: `QuantTrade/${deps.version}`,
    timeoutMs: SEND_TIMEOUT_MS,
  };
  metrics.notifications.watchPending(() => countPending(pool));
  const notifier = startNotifier({ bus, pool, log, metrics: metrics.notifications });
  const dispatcher = config.roles.includes('worker')
    ? startDispatcher({ pool, bus, log, metrics: metrics.notifications, sender })
    : undefined;
  return {
    keyring,
    sender,
    notifier,
    dispatcher,
    async stop() {
      await notifier.stop();
      await dispatcher?.stop();
    },
  };
}
