// What the API and the CLI use of the broker domain: the key, REST clients for on-demand reads
// (funds, holdings, positions — any daemon may serve them; the account's limits are shared through
// PostgreSQL), the link status as the holding daemon reported it, and the nudge that makes the
// holding daemon reload an account. Built once in the composition root.
import type { Logger } from 'pino';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { EventMap } from '../events/event-map';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import { readCredentials } from './account-credentials';
import { requireKeyring } from './broker-key';
import type { BrokerKeyring } from './credential-cipher';
import { createDhanClient, createPgRateStore, createRateLimiter, limiterKey, type DhanClient } from './dhan';
import type { LinkState } from './link-state';
import type { LinkSupervisor } from './link-supervisor';

export interface BrokerUrls {
  rest: string;
  feed: string;
  orderUpdates: string;
}

export interface LinkStatusView {
  accountId: number;
  state: LinkState;
  detail: string | null;
  since: string | null;
  daemonId: string | null;
  heartbeatAt: string | null;
}

type Queryable = Pick<Pool, 'query'>;

/** A link whose holder has not written for this long is reported disconnected. */
const HEARTBEAT_STALE_MS = 30_000;

export function createBrokerService(options: {
  pool: Pool;
  keyring: BrokerKeyring | undefined;
  bus: EventBus;
  metrics: BrokerMetrics;
  log: Logger;
  urls: BrokerUrls;
  timeoutMs?: number;
  supervisor?: LinkSupervisor;
}) {
  const store = createPgRateStore(options.pool);
  const clients = new Map<number, { token: string; client: DhanClient }>();

  return {
    keyring: options.keyring,
    supervisor: options.supervisor,
    urls: options.urls,
    requireKeyring: () => requireKeyring(options.keyring),

    /** REST for an account (the caller has checked the user may see it). */
    async restFor(accountId: number) {
      const held = options.supervisor?.link(accountId);
      if (held) return held.client.rest;
      const creds = await readCredentials(options.pool, requireKeyring(options.keyring), accountId);
      const cached = clients.get(accountId);
      if (cached?.token === creds.accessToken) return cached.client.rest;
      cached?.client.close();
      const client = createDhanClient({
        baseUrl: options.urls.rest,
        credentials: () => creds,
        limiter: createRateLimiter({ store, key: limiterKey(creds.clientId) }),
        timeoutMs: options.timeoutMs,
        observer: {
          request: (endpoint, seconds, outcome) =>
            options.metrics.requestDuration.observe({ endpoint, outcome }, seconds),
          error: (endpoint, code) => options.metrics.errors.inc({ endpoint, code }),
        },
      });
      clients.set(accountId, { token: creds.accessToken, client });
      return client.rest;
    },

    /** Link status rows visible to `db`'s user (row-level security), by account. */
    async statuses(db: Queryable, accountIds: number[]): Promise<Map<number, LinkStatusView>> {
      const { rows } = await db.query<{
        broker_account_id: number;
        state: LinkState;
        detail: string | null;
        since: Date;
        daemon_id: string | null;
        heartbeat_at: Date;
      }>(
        'SELECT broker_account_id, state, detail, since, daemon_id, heartbeat_at FROM broker_link_status WHERE broker_account_id = ANY($1)',
        [accountIds],
      );
      const out = new Map<number, LinkStatusView>();
      for (const r of rows) {
        const stale =
          Date.now() - r.heartbeat_at.getTime() > HEARTBEAT_STALE_MS && r.state !== 'disconnected';
        out.set(r.broker_account_id, {
          accountId: r.broker_account_id,
          state: stale ? 'disconnected' : r.state,
          detail: stale
            ? `no daemon has reported this link since ${r.heartbeat_at.toISOString()} (is a daemon with the trader role and the broker key running?)`
            : r.detail,
          since: r.since.toISOString(),
          daemonId: r.daemon_id,
          heartbeatAt: r.heartbeat_at.toISOString(),
        });
      }
      return out;
    },

    /** Tells the daemon holding (or about to hold) the account's link to reload it. */
    async announce(accountId: number, ownerId: number, change: EventMap['broker.account_changed']['change']) {
      clients.get(accountId)?.client.close();
      clients.delete(accountId);
      await options.bus.publish('broker.account_changed', { accountId, change }, { ownerId });
    },

    close() {
      for (const { client } of clients.values()) client.close();
      clients.clear();
    },
  };
}

export type BrokerService = ReturnType<typeof createBrokerService>;
