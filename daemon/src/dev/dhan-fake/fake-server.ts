// A local server that speaks Dhan's documented wire format (../shared/reference/dhan-api.md):
// REST under /v2, the binary market feed at /feed and the order-update socket at /order-updates,
// one account, with fault injection. The tests' fixture and the demo sandbox behind
// `quanttrade dev dhan-fake`. Not part of the daemon's runtime: nothing in it is imported by the
// link itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeBroker, type FakeBroker } from './fake-broker';
import { createFaultQueue, type FaultQueue } from './fake-faults';
import { createFakeFeed, type FakeFeed } from './fake-feed';
import { createFakeOrderUpdates, type FakeOrderUpdates } from './fake-order-updates';
import { createFakeRest, type FakeRestOptions, type RecordedRequest } from './fake-rest';
import { createTokenAuthority, type TokenAuthority } from './fake-tokens';

export interface FakeDhanOptions extends Partial<FakeRestOptions> {
  clientId?: string;
  host?: string;
  port?: number;
  /** Market data cadence (default 250 ms) and server pings (default 10 s, as Dhan). */
  tickMs?: number;
  pingMs?: number;
  /** The feed's exchange time (LTT) — a simulated session clock for tests; default the wall clock. */
  marketClock?: () => number;
  /** Symbols by security id, for trading symbols in answers. */
  symbols?: Record<string, string>;
  /** Fill working limit orders when the walking price reaches them (the demo). */
  matchLimitOrders?: boolean;
}

export interface FakeDhan {
  clientId: string;
  /** A valid token issued at start (24 h). */
  token: string;
  restUrl: string;
  feedUrl: string;
  orderUpdateUrl: string;
  broker: FakeBroker;
  tokens: TokenAuthority;
  faults: FaultQueue;
  feed: FakeFeed;
  orderUpdates: FakeOrderUpdates;
  requests: RecordedRequest[];
  options: FakeRestOptions;
  /** Makes a token stop working now: DH-901 on REST, disconnect 807 on the feed, order sockets cut. */
  expireToken(token: string): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_LIMITS = { orders: 10, data: 5, quotes: 1, others: 20 };

export async function startFakeDhan(options: FakeDhanOptions = {}): Promise<FakeDhan> {
  const clientId = options.clientId ?? '1000000001';
  const tokens = createTokenAuthority();
  const broker = createFakeBroker({ clientId, symbols: options.symbols });
  const faults = createFaultQueue();
  const restOptions: FakeRestOptions = {
    enforceLimits: options.enforceLimits ?? true,
    perSecond: options.perSecond ?? DEFAULT_FAKE_LIMITS,
    freezeQty: options.freezeQty ?? 1800,
    missingLookup: options.missingLookup ?? 'dh905',
    fillMarketOrders: options.fillMarketOrders ?? false,
    rejectReason: options.rejectReason,
    holdings: options.holdings ?? [],
    availableBalance: options.availableBalance ?? 100_000,
  };
  const rest = createFakeRest({ broker, tokens, faults, options: restOptions });
  const pingMs = options.pingMs ?? 10_000;
  const feed = createFakeFeed({
    broker,
    tokens,
    options: {
      tickMs: options.tickMs ?? 250,
      pingMs,
      ...(options.marketClock ? { marketClock: options.marketClock } : {}),
    },
  });
  const orderUpdates = createFakeOrderUpdates({ broker, tokens, pingMs });
  const matcher = options.matchLimitOrders
    ? setInterval(() => matchOrders(broker), options.tickMs ?? 250)
    : undefined;
  const server: Server = createServer(rest.handle);
  server.keepAliveTimeout = 5_000;
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    socket.on('error', () => undefined);
    if (path === '/feed') feed.upgrade(req, socket, head);
    else if (path === '/order-updates') orderUpdates.upgrade(req, socket, head);
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const base = `${host}:${port}`;
  return {
    clientId,
    token: tokens.issue(clientId),
    restUrl: `http://${base}/v2`,
    feedUrl: `ws://${base}/feed`,
    orderUpdateUrl: `ws://${base}/order-updates`,
    broker,
    tokens,
    faults,
    feed,
    orderUpdates,
    requests: rest.requests,
    options: restOptions,
    expireToken(token) {
      tokens.revoke(token);
      feed.disconnect(807);
      orderUpdates.drop();
    },
    async close() {
      clearInterval(matcher);
      feed.close();
      orderUpdates.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Fills working orders the last price has reached: market at once, limits at their price. */
function matchOrders(broker: FakeBroker): void {
  for (const o of broker.orders()) {
    if (broker.isTerminal(o)) continue;
    const last = broker.price(o.securityId);
    if (last === undefined) continue;
    const reached =
      o.orderType === 'MARKET' ||
      (o.orderType === 'LIMIT' && (o.transactionType === 'BUY' ? last <= o.price : last >= o.price));
    if (reached) broker.fill(o.orderId, undefined, o.orderType === 'MARKET' ? last : o.price);
  }
}
