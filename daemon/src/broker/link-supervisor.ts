// Holds the broker links of a daemon with the trader role. An account the operator connected
// (broker_accounts.link_enabled) is held by exactly one daemon: a PostgreSQL advisory lock per
// account on a dedicated session; if that session dies every link stops at once (another daemon
// takes them over at its next poll). The supervisor starts and stops links as accounts are
// connected and disconnected, loads new tokens without a restart, renews tokens before expiry
// when the account asks for it, and reports state to broker_link_status, the bus and metrics.
import pg from 'pg';
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { HealthCheckResult } from '../events/event-map';
import type { BrokerLinkSnapshot, BrokerMetrics } from '../metrics/broker-metrics';
import { enabledDhanAccounts, readCredentials, storeRenewedToken } from './account-credentials';
import type { BrokerAlert } from './broker-events';
import type { BrokerKeyring } from './credential-cipher';
import {
  createAccountLink,
  createPgRateStore,
  createRateLimiter,
  limiterKey,
  type AccountLink,
  type AccountLinkOptions,
} from './dhan';
import { canSendOrders, type LinkStatus } from './link-state';
import type { DhanOrderUpdate } from './dhan/dhan-order-update';

/** Advisory-lock namespace of broker links ("BRKL"). */
const LOCK_SPACE = 0x42524b4c;

export interface LinkSupervisorOptions {
  pool: Pool;
  connectionString: string;
  keyring: BrokerKeyring | undefined;
  bus: EventBus;
  metrics: BrokerMetrics;
  log: Logger;
  urls: { rest: string; feed: string; orderUpdates: string };
  timeoutMs?: number;
  staleAfterMs?: number;
  /** Renew a token this long before it expires (default 1 h). */
  renewLeadMs?: number;
  pollMs?: number;
  /** Test knobs for the links (socket backoffs, staleness session). */
  link?: Partial<AccountLinkOptions>;
  /** The spine's hooks: order updates and reconnects of each held account. */
  onOrderUpdate?(accountId: number, update: DhanOrderUpdate): void;
  onReconnected?(accountId: number): void;
  /** The daemon started or stopped holding any link (readiness includes the link only then). */
  onHolding?(holding: boolean): void;
}

/** Told when this daemon starts and stops holding an account's link (the trading spine's hook). */
export interface LinkWatcher {
  started(accountId: number, link: AccountLink, ownerId: number): void | Promise<void>;
  stopping(accountId: number): void | Promise<void>;
}

interface Held {
  link: AccountLink;
  ownerId: number;
  autoRenew: boolean;
  /** token_set_at when the credentials were loaded: a newer one means a new token to load. */
  tokenSetAt: number;
}

export function createLinkSupervisor(options: LinkSupervisorOptions) {
  const { pool, bus, log, metrics } = options;
  const held = new Map<number, Held>();
  const store = createPgRateStore(pool);
  const retired = { packets: {} as Record<string, number>, reconnects: { feed: 0, order_updates: 0 } };
  let locks: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<void> = Promise.resolve();
  let stopped = false;
  let warnedNoKey = false;
  let unsubscribe: (() => void) | undefined;
  const watchers = new Set<LinkWatcher>();
  const tell = async (what: string, fn: (w: LinkWatcher) => void | Promise<void>) => {
    for (const w of watchers)
      await Promise.resolve()
        .then(() => fn(w))
        .catch((err: Error) => log.warn({ err: err.message }, `broker link watcher failed (${what})`));
  };

  // Status writes go one at a time, in order: two quick changes written concurrently could land
  // in the wrong order and leave the row showing the older state.
  let writes: Promise<void> = Promise.resolve();
  function writeStatus(accountId: number, ownerId: number, status: LinkStatus): Promise<void> {
    const write = async () => {
      await pool
        .query(
          `INSERT INTO broker_link_status (broker_account_id, owner_id, state, detail, daemon_id, since, heartbeat_at)
           VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), now())
           ON CONFLICT (broker_account_id) DO UPDATE SET state = EXCLUDED.state, detail = EXCLUDED.detail,
             daemon_id = EXCLUDED.daemon_id, since = EXCLUDED.since, heartbeat_at = now()`,
          [accountId, ownerId, status.state, status.detail ?? null, bus.daemonId, status.since],
        )
        .catch((err: Error) => log.warn({ err: err.message, accountId }, 'broker link status not written'));
    };
    writes = writes.then(write);
    return writes;
  }

  function raise(ownerId: number, alert: BrokerAlert) {
    metrics.alerts.inc({ kind: alert.kind });
    log.warn({ accountId: alert.accountId, kind: alert.kind, symbol: alert.symbol }, alert.message);
    bus.publish('broker.alert', alert, { ownerId }).catch(() => undefined);
  }

  async function acquire(accountId: number, tokenSetAt: number): Promise<void> {
    const { rows } = await locks!.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      LOCK_SPACE,
      accountId,
    ]);
    if (!rows[0]!.ok) return;
    let creds;
    try {
      creds = await readCredentials(pool, options.keyring!, accountId);
    } catch (err) {
      await locks!.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, accountId]);
      log.warn({ accountId, err: (err as Error).message }, 'broker link not started');
      return;
    }
    const ownerId = creds.ownerId;
    const link = createAccountLink({
      accountId,
      credentials: { clientId: creds.clientId, accessToken: creds.accessToken },
      urls: options.urls,
      limiter: createRateLimiter({
        store,
        key: limiterKey(creds.clientId),
        onWait: (c, ms) => metrics.rateLimitWait.observe({ category: c }, ms / 1000),
      }),
      timeoutMs: options.timeoutMs,
      staleness: { staleAfterMs: options.staleAfterMs, ...options.link?.staleness },
      observer: {
        request: (endpoint, seconds, outcome) =>
          metrics.requestDuration.observe({ endpoint, outcome }, seconds),
        error: (endpoint, code) => metrics.errors.inc({ endpoint, code }),
      },
      ...options.link,
      onStatus(status) {
        log.info({ accountId, state: status.state, detail: status.detail }, 'broker link state');
        void writeStatus(accountId, ownerId, status);
        bus
          .publish(
            'broker.link',
            { accountId, state: status.state, detail: status.detail, daemonId: bus.daemonId },
            { ownerId },
          )
          .catch(() => undefined);
      },
      onAlert: (alert) => raise(ownerId, alert),
      onOrderUpdate: (u) => options.onOrderUpdate?.(accountId, u),
      onReconnected: () => options.onReconnected?.(accountId),
    });
    held.set(accountId, { link, ownerId, autoRenew: creds.autoRenew, tokenSetAt });
    if (held.size === 1) options.onHolding?.(true);
    await link.start();
    if (held.get(accountId)?.link === link) await tell('started', (w) => w.started(accountId, link, ownerId));
  }

  async function release(accountId: number, why: string): Promise<void> {
    const h = held.get(accountId);
    if (!h) return;
    held.delete(accountId);
    if (held.size === 0) options.onHolding?.(false);
    const stats = h.link.feedStats();
    for (const [k, n] of Object.entries(stats?.packets ?? {}))
      retired.packets[k] = (retired.packets[k] ?? 0) + n;
    retired.reconnects.feed += stats?.reconnects ?? 0;
    retired.reconnects.order_updates += h.link.orderUpdateReconnects();
    await tell('stopping', (w) => w.stopping(accountId));
    await h.link.stop();
    await writeStatus(accountId, h.ownerId, { state: 'disconnected', detail: why, since: Date.now() });
    await locks?.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, accountId]).catch(() => undefined);
  }

  async function connectLocks(): Promise<boolean> {
    if (locks) return true;
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'quanttrade-broker-links',
    });
    const lost = (why: string) => {
      if (locks !== client) return;
      // Fencing: without the session that holds the locks, this daemon no longer owns the links.
      log.warn({ err: why }, 'broker link lock session lost: stopping every link');
      locks = undefined;
      for (const id of [...held.keys()]) void release(id, 'this daemon lost its database session');
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      locks = client;
      return true;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'broker link lock session: cannot connect');
      return false;
    }
  }

  async function reload(id: number, h: Held, tokenSetAt: number) {
    const creds = await readCredentials(pool, options.keyring!, id);
    h.tokenSetAt = tokenSetAt;
    h.autoRenew = creds.autoRenew;
    await h.link.setCredentials({ clientId: creds.clientId, accessToken: creds.accessToken });
    log.info({ accountId: id }, 'broker link: new access token loaded');
  }

  async function poll(): Promise<void> {
    if (stopped) return;
    const enabled = new Map((await enabledDhanAccounts(pool)).map((a) => [a.id, a]));
    // The lock session is opened only once there is a link to hold.
    if ((enabled.size > 0 || held.size > 0) && !(await connectLocks())) return;
    for (const id of [...held.keys()]) if (!enabled.has(id)) await release(id, 'disconnected by an operator');
    if (!options.keyring) {
      if (enabled.size > held.size && !warnedNoKey)
        log.warn(
          'broker accounts are connected but this daemon has no broker key (QUANTTRADE_BROKER_KEY_FILE): it holds no link',
        );
      warnedNoKey = true;
      return;
    }
    for (const a of enabled.values())
      if (!held.has(a.id) && locks)
        await acquire(a.id, a.tokenSetAt).catch((err: Error) =>
          log.warn({ accountId: a.id, err: err.message }, 'broker link start failed'),
        );
    for (const [id, h] of held) {
      const row = enabled.get(id)!;
      h.autoRenew = row.autoRenew;
      // A token set elsewhere (the CLI, another daemon's API) is picked up here at the latest.
      if (row.tokenSetAt > h.tokenSetAt) await reload(id, h, row.tokenSetAt);
      // The heartbeat rewrites the whole current state, so the row can never stay behind.
      await writeStatus(id, h.ownerId, h.link.status());
      if (!h.autoRenew) continue;
      const renewed = await h.link.renewIfDue(options.renewLeadMs ?? 3_600_000);
      if (renewed) {
        const creds = await readCredentials(pool, options.keyring, id);
        h.tokenSetAt = await storeRenewedToken(
          pool,
          options.keyring,
          id,
          { clientId: creds.clientId, accessToken: renewed.accessToken },
          renewed.expiresAt,
        );
        log.info({ accountId: id }, 'broker access token renewed');
      }
    }
  }

  function schedule(reason?: { accountId: number; change: string }) {
    cycle = cycle
      .then(async () => {
        // poll() compares token_set_at and reloads what changed.
        void reason;
        await poll();
      })
      .catch((err: Error) => log.warn({ err: err.message }, 'broker link supervision failed'));
    return cycle;
  }

  function snapshot(accountId: number, h: Held): BrokerLinkSnapshot {
    const stats = h.link.feedStats();
    const expires = h.link.tokenExpiresAt();
    return {
      accountId,
      state: h.link.status().state,
      tokenExpiresInSeconds: expires === undefined ? undefined : Math.round((expires - Date.now()) / 1000),
      circuitOpen: h.link.client.breaker.state() === 'open',
      tickAges: h.link.tickAges(),
      packets: stats?.packets ?? {},
      reconnects: { feed: stats?.reconnects ?? 0, order_updates: h.link.orderUpdateReconnects() },
    };
  }

  return {
    async start(): Promise<void> {
      unsubscribe = bus.subscribe(['broker.account_changed'], (e) => void schedule(e.payload));
      metrics.watch(() => {
        const list = [...held].map(([id, h]) => snapshot(id, h));
        // Retired links keep their counts so the counters stay monotonic.
        list.push({
          accountId: 0,
          state: 'disconnected',
          circuitOpen: false,
          tickAges: [],
          packets: retired.packets,
          reconnects: retired.reconnects,
        });
        return list.filter(
          (s) =>
            s.accountId !== 0 ||
            Object.keys(s.packets).length ||
            s.reconnects.feed ||
            s.reconnects.order_updates,
        );
      });
      await schedule();
      const loop = () => {
        timer = setTimeout(() => void schedule().finally(() => !stopped && loop()), options.pollMs ?? 5000);
        timer.unref();
      };
      loop();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      unsubscribe?.();
      await cycle;
      for (const id of [...held.keys()]) await release(id, 'daemon stopping');
      const session = locks;
      locks = undefined;
      await session?.end().catch(() => undefined);
    },
    /** Runs one supervision cycle now (tests, and after an API change on this daemon). */
    refresh: (accountId?: number, change?: string) =>
      schedule(accountId === undefined ? undefined : { accountId, change: change ?? 'updated' }),
    /** The link of an account this daemon holds (the live runner's BrokerPort and TickSource). */
    link: (accountId: number): AccountLink | undefined => held.get(accountId)?.link,
    held: () => [...held.keys()],
    /** Calls `watcher` for every link this daemon holds now and starts or stops holding later. */
    watchLinks(watcher: LinkWatcher): () => void {
      watchers.add(watcher);
      for (const [id, h] of held)
        void Promise.resolve()
          .then(() => watcher.started(id, h.link, h.ownerId))
          .catch((err: Error) => log.warn({ err: err.message }, 'broker link watcher failed (started)'));
      return () => watchers.delete(watcher);
    },
    health(): HealthCheckResult {
      if (held.size === 0)
        return { status: 'not_configured', detail: 'no broker account connected on this daemon' };
      const states = [...held].map(([id, h]) => ({ id, s: h.link.status() }));
      const detail = states
        .map(({ id, s }) => `account ${id}: ${s.state}${s.detail ? ` (${s.detail})` : ''}`)
        .join('; ');
      return { status: states.every(({ s }) => canSendOrders(s.state)) ? 'ok' : 'down', detail };
    },
  };
}

export type LinkSupervisor = ReturnType<typeof createLinkSupervisor>;
