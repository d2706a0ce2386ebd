// Keeps one broker account's ledger in step with its venue: the ledger applies the venue's order
// updates as they come (ledger.attach), and reconciliation passes (reconcile-pass.ts) heal what
// the updates missed —
//   on start            updates sent while no daemon listened are gone;
//   after a reconnect   of the order-update socket (the same, for the time it was down);
//   every intervalMs    while the account has orders the venue may still act on, or the last
//                       pass left differences open (so they clear once resolved), or it failed;
//   on request          broker.reconcile, `quanttrade broker reconcile`.
// One pass at a time: a request during a pass is served by a pass that starts after it.
import type { BrokerLink } from '../../broker/broker-link';
import type { Ledger } from '../ledger/ledger';
import { hasOpenOrders } from './ledger-snapshot';
import {
  reconcileAccount,
  type ReconcileDeps,
  type ReconcileReport,
  type ReconcileTrigger,
} from './reconcile-pass';

export interface AccountSyncOptions {
  deps: ReconcileDeps;
  ledger: Pick<Ledger, 'attach'>;
  link: BrokerLink;
  account: { id: number; ownerId: number };
  /** Reconnects of the venue's update stream (Dhan: AccountLink.onReconnected). */
  onReconnected?: (listener: () => void) => () => void;
  /** Period of the passes while orders are open (default 5 s). */
  intervalMs?: number;
}

export interface AccountSync {
  readonly accountId: number;
  readonly link: BrokerLink;
  /** Runs a pass that starts after this call (joining one already queued). */
  reconcile(trigger?: ReconcileTrigger): Promise<ReconcileReport>;
  last(): ReconcileReport | undefined;
  stop(): Promise<void>;
}

export function startAccountSync(options: AccountSyncOptions): AccountSync {
  const { deps, link, account } = options;
  const log = deps.log.child({ accountId: account.id, venue: link.venue });
  const detach = options.ledger.attach(link);
  let running: Promise<unknown> = Promise.resolve();
  let queued: { trigger: ReconcileTrigger; promise: Promise<ReconcileReport> } | undefined;
  let last: ReconcileReport | undefined;
  let owed = true; // the start pass (and any failed one) is owed whatever the open orders
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  function reconcile(trigger: ReconcileTrigger = 'request'): Promise<ReconcileReport> {
    if (queued) return queued.promise;
    const promise = running
      .catch(() => undefined)
      .then(async () => {
        queued = undefined;
        try {
          last = await reconcileAccount(deps, link, account, trigger);
          owed = false;
          return last;
        } catch (err) {
          owed = true;
          throw err;
        }
      });
    queued = { trigger, promise };
    running = promise;
    return promise;
  }

  const background = (trigger: ReconcileTrigger) =>
    reconcile(trigger).catch((err: Error) =>
      log.warn({ err: err.message, trigger }, 'reconciliation pass failed; the next one tries again'),
    );

  const unReconnect = options.onReconnected?.(() => void background('reconnect'));
  const interval = options.intervalMs ?? 5000;
  const tick = async () => {
    if (stopped) return;
    try {
      const due = owed || (last?.openDifferences ?? 0) > 0 || (await hasOpenOrders(deps.pool, account.id));
      if (due && !stopped) await background('interval');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'reconciliation: open orders not read');
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), interval);
      timer.unref();
    }
  };
  void background('start').finally(() => {
    if (!stopped) {
      timer = setTimeout(() => void tick(), interval);
      timer.unref();
    }
  });

  return {
    accountId: account.id,
    link,
    reconcile,
    last: () => last,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unReconnect?.();
      detach();
      await running.catch(() => undefined);
    },
  };
}
