// A daemon's broker accounts as the trading spine sees them: for an account, the BrokerLink to
// send through (Dhan or the paper venue), where its ticks come from, whether it can send, and
// the reconciliation that keeps the ledger in step with it. Built once in the composition root.
//
//   - The daemon has ONE ledger (`ledger`): it is attached to every link here, so each venue
//     update is applied once and every listener (`onLedger`) hears of it — a runner adds its
//     listener instead of creating a ledger of its own.
//   - A Dhan account is synced (ledger attached, reconciliation loop) for as long as this daemon
//     holds its link (the link supervisor's advisory lock), whether or not a deployment runs on
//     it: fills of manual orders and of stopped deployments still reach the ledger.
//   - A paper account is opened on first use (open()) and stays synced until stop().
//   - reconcile(accountId) runs a pass here: through the synced link when there is one, else
//     through a one-off link (Dhan REST with the account's shared limits; a paper venue).
import type { Logger } from 'pino';
import type { BrokerService } from '../broker/broker-service';
import type { BrokerLink } from '../broker/broker-link';
import { createDhanBrokerLink, type AccountLink, type DhanBrokerLink } from '../broker/dhan';
import { createSyntheticFeed, demoFeedInstruments } from '../broker/feeds/synthetic-feed';
import type { LinkStatus } from '../broker/link-state';
import type { LinkSupervisor } from '../broker/link-supervisor';
import { PaperVenue } from '../broker/paper/paper-venue';
import type { TickSource } from '../broker/tick-source';
import { AppError } from '../core/errors';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import { createLedger, type Ledger, type LedgerListener } from './ledger/ledger';
import { startAccountSync, type AccountSync } from './reconcile/account-sync';
import { reconcileAccount, type ReconcileDeps, type ReconcileReport } from './reconcile/reconcile-pass';

export interface TradingLinksOptions {
  pool: Pool;
  log: Logger;
  bus: EventBus;
  metrics: Pick<Metrics, 'trading' | 'reconcile' | 'broker'>;
  /** REST for Dhan accounts this daemon does not hold (one-off passes). */
  broker: Pick<BrokerService, 'restFor'>;
  /** The link supervisor (daemons with the trader role). */
  supervisor?: Pick<LinkSupervisor, 'watchLinks' | 'link'>;
  /** Period of reconciliation while orders are open (default 5 s). */
  reconcileIntervalMs?: number;
}

/** What a runner needs of one broker account. */
export type AccountTrading = {
  accountId: number;
  ownerId: number;
  link: BrokerLink;
  /** Whether orders can go out now (the risk gate's link health). */
  status(): LinkStatus;
  /** Runs a reconciliation pass now. */
  reconcile(): Promise<ReconcileReport>;
} & (
  | {
      venue: 'dhan';
      /** The account's market feed (opened on first use; subscribe what the deployment trades). */
      ticks(): TickSource;
    }
  | {
      venue: 'paper';
      /** The venue itself: feed it ticks (onTick), bars (onBar, replay) and the clock (onClock). */
      paper: PaperVenue;
      /** The offline synthetic feed of the demo symbols, one per call (or use a Dhan account's ticks). */
      ticks(): TickSource;
    }
);

interface Synced {
  sync: AccountSync;
  ownerId: number;
  close(): void;
  trading: AccountTrading;
}

export function createTradingLinks(options: TradingLinksOptions) {
  const { pool, bus, metrics } = options;
  const log = options.log.child({ module: 'trading-links' });
  const listeners = new Set<LedgerListener>();
  const ledger: Ledger = createLedger({
    pool,
    log: options.log.child({ module: 'ledger' }),
    metrics: metrics.trading,
    listener: {
      onOrder: (o) => listeners.forEach((l) => l.onOrder?.(o)),
      onFill: (f, o) => listeners.forEach((l) => l.onFill?.(f, o)),
    },
  });
  const deps: ReconcileDeps = {
    pool,
    ledger,
    log,
    bus,
    metrics: metrics.reconcile,
    countAlert: (kind) => metrics.broker.alerts.inc({ kind }),
  };
  const synced = new Map<number, Synced>();
  const opening = new Map<number, Promise<AccountTrading>>();
  const interval = options.reconcileIntervalMs ?? 5000;

  async function accountRow(accountId: number): Promise<{ broker: 'dhan' | 'paper'; ownerId: number }> {
    const { rows } = await pool.query<{ broker: 'dhan' | 'paper'; owner_id: number }>(
      'SELECT broker, owner_id FROM broker_accounts WHERE id = $1',
      [accountId],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', `no broker account ${accountId}`);
    return { broker: rows[0].broker, ownerId: rows[0].owner_id };
  }

  function syncDhan(accountId: number, held: AccountLink, ownerId: number): void {
    synced
      .get(accountId)
      ?.sync.stop()
      .catch(() => undefined);
    const link: DhanBrokerLink = createDhanBrokerLink({
      rest: held.client.rest,
      updates: (l) => held.onOrderUpdate(l),
      status: () => held.status(),
      log: log.child({ accountId, venue: 'dhan' }),
    });
    const sync = startAccountSync({
      deps,
      ledger,
      link,
      account: { id: accountId, ownerId },
      onReconnected: (l) => held.onReconnected(l),
      intervalMs: interval,
    });
    const trading: AccountTrading = {
      accountId,
      ownerId,
      venue: 'dhan',
      link,
      status: () => held.status(),
      reconcile: () => sync.reconcile('request'),
      ticks: () => held.tickSource(),
    };
    synced.set(accountId, { sync, ownerId, close: () => link.close(), trading });
    log.info({ accountId }, 'broker account synced with the ledger');
  }

  async function unsync(accountId: number): Promise<void> {
    const s = synced.get(accountId);
    if (!s) return;
    synced.delete(accountId);
    s.close();
    await s.sync.stop();
  }

  const unwatch = options.supervisor?.watchLinks({
    started: (id, held, ownerId) => syncDhan(id, held, ownerId),
    stopping: (id) => unsync(id),
  });

  async function openPaper(accountId: number, ownerId: number): Promise<AccountTrading> {
    const paper = await PaperVenue.open({
      pool,
      brokerAccountId: accountId,
      log: log.child({ accountId, venue: 'paper' }),
      metrics: metrics.trading,
    });
    const sync = startAccountSync({
      deps,
      ledger,
      link: paper,
      account: { id: accountId, ownerId },
      intervalMs: interval,
    });
    const trading: AccountTrading = {
      accountId,
      ownerId,
      venue: 'paper',
      link: paper,
      paper,
      status: () => ({ state: 'connected', since: 0 }),
      reconcile: () => sync.reconcile('request'),
      ticks: () => createSyntheticFeed({ universe: demoFeedInstruments() }),
    };
    synced.set(accountId, { sync, ownerId, close: () => undefined, trading });
    return trading;
  }

  return {
    /** The daemon's ledger (attached to every link here). */
    ledger,
    /** Hears every order change and fill the ledger books on this daemon. */
    onLedger(listener: LedgerListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * The account's link for a runner. A Dhan account must be held by this daemon (connected,
     * the trader role, the broker key): CONFLICT otherwise, naming why.
     */
    async open(accountId: number): Promise<AccountTrading> {
      const known = synced.get(accountId);
      if (known) return known.trading;
      const pending = opening.get(accountId);
      if (pending) return pending;
      const promise = (async () => {
        const account = await accountRow(accountId);
        if (account.broker === 'paper') return openPaper(accountId, account.ownerId);
        const held = options.supervisor?.link(accountId);
        if (!held)
          throw new AppError(
            'CONFLICT',
            `Dhan account ${accountId}'s link is not held by this daemon: connect it (quanttrade broker connect --id ${accountId}) on a daemon with the trader role and the broker key`,
          );
        syncDhan(accountId, held, account.ownerId);
        return synced.get(accountId)!.trading;
      })().finally(() => opening.delete(accountId));
      opening.set(accountId, promise);
      return promise;
    },

    /** A reconciliation pass of the account now (here, through the synced link or a one-off one). */
    async reconcile(accountId: number): Promise<ReconcileReport> {
      const known = synced.get(accountId);
      if (known) return known.sync.reconcile('request');
      const account = await accountRow(accountId);
      const link: BrokerLink =
        account.broker === 'paper'
          ? await PaperVenue.open({ pool, brokerAccountId: accountId, log })
          : createDhanBrokerLink({ rest: await options.broker.restFor(accountId), log });
      return reconcileAccount(deps, link, { id: accountId, ownerId: account.ownerId }, 'request');
    },

    /** Accounts synced on this daemon. */
    synced: () => [...synced.keys()],

    async stop(): Promise<void> {
      unwatch?.();
      for (const id of [...synced.keys()]) await unsync(id);
    },
  };
}

export type TradingLinks = ReturnType<typeof createTradingLinks>;
