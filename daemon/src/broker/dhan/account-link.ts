// One Dhan account's link, whole: the REST client (orders, portfolio, historical data), the
// order-update stream and, once someone subscribes, the market feed — with one state the risk
// gate can read (../link-state.ts). It verifies the token on start (GET /profile), turns DH-901 or
// a feed refusal into `auth_expired` (orders stop, an alert fires), takes a new token without a
// restart, and renews the token before it expires when asked to. No database, no bus: the owner
// (../link-supervisor.ts) wires the callbacks to them.
import type { BrokerAlert } from '../broker-events';
import type { LinkState, LinkStatus } from '../link-state';
import type { DhanOrderUpdate } from './dhan-order-update';
import type { StalenessClockOptions } from './feed-staleness';
import { createDhanClient, type DhanClient } from './dhan-client';
import { DhanError } from './dhan-errors';
import { createMarketFeed, type DhanMarketFeed } from './market-feed';
import { createOrderUpdateStream } from './order-update-stream';
import type { PlacementPolicy } from './order-placement';
import type { RetryPolicy } from './read-retry';
import type { DhanCredentials, DhanObserver } from './rest-caller';
import type { RateLimiter } from './rate-limiter';
import { tokenExpiry } from './token-info';

export interface AccountLinkOptions {
  accountId: number;
  credentials: DhanCredentials;
  urls: { rest: string; feed: string; orderUpdates: string };
  limiter: RateLimiter;
  observer?: DhanObserver;
  timeoutMs?: number;
  staleness?: Partial<StalenessClockOptions>;
  circuit?: { threshold?: number; cooldownMs?: number };
  readRetry?: RetryPolicy;
  placement?: PlacementPolicy;
  socket?: { backoffBaseMs?: number; backoffMaxMs?: number; pingIntervalMs?: number; deadAfterMs?: number };
  onStatus?(status: LinkStatus): void;
  onAlert?(alert: BrokerAlert): void;
  onOrderUpdate?(update: DhanOrderUpdate): void;
  /** The order-update socket came back: whoever keeps the ledger reconciles now. */
  onReconnected?(): void;
  now?: () => number;
}

export function createAccountLink(options: AccountLinkOptions) {
  const now = options.now ?? Date.now;
  const id = options.accountId;
  let creds = options.credentials;
  let verified = false;
  let authExpired: string | undefined;
  let denied: string | undefined;
  let running = false;
  let status: LinkStatus = { state: 'disconnected', since: now() };
  let feed: DhanMarketFeed | undefined;
  // Besides the owner's callbacks, the account's BrokerLink (dhan-broker-link.ts) and the
  // reconciliation loop listen here.
  const updateListeners = new Set<(u: DhanOrderUpdate) => void>();
  const reconnectListeners = new Set<() => void>();
  const alert = (kind: BrokerAlert['kind'], message: string, symbol?: string) =>
    options.onAlert?.({ accountId: id, kind, message, symbol });

  const client: DhanClient = createDhanClient({
    baseUrl: options.urls.rest,
    credentials: () => creds,
    limiter: options.limiter,
    timeoutMs: options.timeoutMs,
    readRetry: options.readRetry,
    placement: options.placement,
    circuit: {
      ...options.circuit,
      onChange(state, reason) {
        if (state === 'open')
          alert(
            'circuit_open',
            `Dhan account ${id}: orders refused, the broker failed repeatedly (last: ${reason})`,
          );
        refresh();
      },
    },
    observer: {
      ...options.observer,
      authExpired(message) {
        options.observer?.authExpired?.(message);
        expire(message);
      },
    },
  });

  const updates = createOrderUpdateStream({
    url: options.urls.orderUpdates,
    credentials: () => creds,
    onUpdate(u) {
      options.onOrderUpdate?.(u);
      for (const l of updateListeners) l(u);
    },
    onReconnected() {
      options.onReconnected?.();
      for (const l of reconnectListeners) l();
    },
    onState: () => refresh(),
    socket: options.socket,
  });

  function compute(): { state: LinkState; detail?: string } {
    if (!running) return { state: 'disconnected' };
    if (authExpired) return { state: 'auth_expired', detail: authExpired };
    if (denied) return { state: 'stopped', detail: denied };
    const refusal = client.breaker.refusal();
    if (refusal) return { state: 'circuit_open', detail: refusal };
    if (!verified) return { state: 'connecting', detail: 'checking the access token' };
    const problems: string[] = [];
    if (updates.state() !== 'open') problems.push(`order updates ${updates.state()}`);
    const fs = feed?.status();
    if (fs && (fs.state === 'down' || fs.state === 'degraded' || fs.state === 'connecting'))
      problems.push(`market feed ${fs.state}${fs.detail ? ` (${fs.detail})` : ''}`);
    return problems.length ? { state: 'degraded', detail: problems.join('; ') } : { state: 'connected' };
  }

  function refresh() {
    const next = compute();
    if (next.state === status.state && next.detail === status.detail) return;
    status = { ...next, since: next.state === status.state ? status.since : now() };
    options.onStatus?.(status);
  }

  function expire(message: string) {
    if (authExpired) return;
    authExpired = message;
    alert(
      'auth_expired',
      `Dhan account ${id}: the access token was refused; orders are stopped until a new token is set`,
    );
    void updates.stop();
    refresh();
  }

  async function verify(): Promise<void> {
    try {
      await client.rest.profile();
      verified = true;
    } catch (err) {
      if (err instanceof DhanError && err.action === 'stop') {
        denied = err.message;
        alert('access_denied', `Dhan account ${id}: ${err.message}`);
      }
      // reauthenticate is handled by the observer; a retryable failure leaves it connecting.
    }
    refresh();
  }

  return {
    accountId: id,
    /** REST: orders, portfolio, controls, historical data. */
    client,
    async start(): Promise<void> {
      running = true;
      refresh();
      updates.start();
      await verify();
    },
    async stop(): Promise<void> {
      running = false;
      await Promise.all([updates.stop(), feed?.close()]);
      feed = undefined;
      client.close();
      refresh();
    },
    /** The market feed (a TickSource), opened on first use. */
    tickSource(): DhanMarketFeed {
      feed ??= createMarketFeed({
        url: options.urls.feed,
        credentials: () => creds,
        staleness: options.staleness,
        socket: options.socket,
        onAuthRefused: (detail) => expire(`market feed: ${detail}`),
      });
      feed.onStaleness((c) => {
        if (c.stale)
          alert('stale_symbol', `${c.symbol}: no tick for ${Math.round(c.ageMs / 1000)} s`, c.symbol);
        refresh();
      });
      return feed;
    },
    /** A new token (set by an operator or renewed): applies at once to REST and both sockets. */
    async setCredentials(next: DhanCredentials): Promise<void> {
      creds = next;
      authExpired = undefined;
      denied = undefined;
      verified = false;
      refresh();
      if (!running) return;
      updates.restart('new access token');
      feed?.reconnect('new access token');
      await verify();
    },
    /** Renews the token through Dhan when it expires within `leadMs`; returns the new one. */
    async renewIfDue(leadMs: number): Promise<{ accessToken: string; expiresAt?: number } | undefined> {
      const expires = tokenExpiry(creds.accessToken);
      if (!running || authExpired || expires === undefined || expires - now() > leadMs) return undefined;
      try {
        const renewed = await client.rest.renewToken();
        await this.setCredentials({ clientId: creds.clientId, accessToken: renewed.accessToken });
        return renewed;
      } catch (err) {
        alert(
          'token_renewal_failed',
          `Dhan account ${id}: the token expires at ${new Date(expires).toISOString()} and renewing it failed: ${(err as Error).message}`,
        );
        return undefined;
      }
    },
    status: (): LinkStatus => (refresh(), status),
    /** Order updates from the socket (every one, ours or not); returns the unsubscribe function. */
    onOrderUpdate(listener: (u: DhanOrderUpdate) => void): () => void {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    },
    /** The order-update socket came back after a drop: updates sent meanwhile are gone. */
    onReconnected(listener: () => void): () => void {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    tokenExpiresAt: () => tokenExpiry(creds.accessToken),
    feedStats: () => feed?.stats(),
    tickAges: () => feed?.tickAges() ?? [],
    orderUpdateReconnects: () => updates.reconnects(),
  };
}

export type AccountLink = ReturnType<typeof createAccountLink>;
