// Shared set-up for Dhan link tests: the local fake Dhan (daemon/src/dev/dhan-fake) and a client
// wired to it with test-sized timeouts and backoffs. Nothing here stubs the network: the client
// talks HTTP and WebSocket to a real server on 127.0.0.1.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createDhanClient,
  createMemoryRateStore,
  createRateLimiter,
  type DhanClientOptions,
  type RateLimitStore,
} from '../../daemon/src/broker/dhan';
import {
  startFakeDhan,
  type FakeDhan,
  type FakeDhanOptions,
} from '../../daemon/src/dev/dhan-fake/fake-server';

/** Fast policies so fault tests finish quickly; the logic is the production one. */
export const FAST = {
  timeoutMs: 400,
  readRetry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 100 },
  placement: {
    maxSends: 3,
    notSentRetries: 3,
    confirmations: 3,
    lookup: { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
  },
  circuit: { threshold: 5, cooldownMs: 60_000 },
};

// One store per fake account, as in the daemon: every client of an account shares its limits.
const stores = new Map<string, RateLimitStore>();

export function dhanClientFor(
  fake: FakeDhan,
  overrides: Partial<DhanClientOptions> & { store?: RateLimitStore; token?: () => string } = {},
) {
  const { store, token, ...rest } = overrides;
  const limiter = createRateLimiter({
    store:
      store ??
      stores.get(fake.restUrl) ??
      stores.set(fake.restUrl, createMemoryRateStore()).get(fake.restUrl)!,
    key: `test-${fake.clientId}`,
    maxWaitMs: { orders: 30_000 },
  });
  return createDhanClient({
    baseUrl: fake.restUrl,
    credentials: () => ({ clientId: fake.clientId, accessToken: token ? token() : fake.token }),
    limiter,
    ...FAST,
    ...rest,
  });
}

/** One fake Dhan for a test file, its faults and book reset before each test. */
export function useFakeDhan(options: FakeDhanOptions = {}): { current: FakeDhan } {
  const holder = {} as { current: FakeDhan };
  beforeAll(async () => {
    holder.current = await startFakeDhan({ pingMs: 1000, tickMs: 50, ...options });
  });
  beforeEach(() => holder.current?.faults.clear());
  afterAll(() => holder.current?.close());
  return holder;
}

/** Polls until `check` passes or the deadline ends (no fixed sleeps in tests). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  deadlineMs = 10_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(
        `${what} not reached within ${deadlineMs} ms${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

let seq = 0;
/** A fresh client order id per call (≤ 30 characters). */
export function clientOrderId(prefix = 't'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq++}`.slice(0, 30);
}

export const LIMIT_BUY = {
  side: 'buy' as const,
  segment: 'NSE_EQ' as const,
  securityId: '11536',
  product: 'INTRADAY' as const,
  orderType: 'LIMIT' as const,
  validity: 'DAY' as const,
  quantity: 10,
  price: 4000,
};
