// One Dhan account's REST side, assembled: a transport, the account's shared rate limiter, a
// circuit breaker, the caller, and the order/portfolio and historical-data clients on top. Orders
// and historical data of one account go through the same limiter (one set of limits per account).
import type { CircuitBreaker } from './circuit-breaker';
import { createCircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { createDhanHistoricalClient } from './historical-client';
import { createHttpTransport, type HttpTransport } from './http-transport';
import type { PlacementPolicy } from './order-placement';
import type { RetryPolicy } from './read-retry';
import { createRestCaller, type DhanCredentials, type DhanObserver } from './rest-caller';
import { createDhanRestClient } from './rest-client';
import { DHAN_BASE_URL } from '../../config/default-endpoints';
import type { RateLimiter } from './rate-limiter';

export interface DhanClientOptions {
  baseUrl?: string;
  /** Read at every request, so a new token applies without rebuilding anything. */
  credentials: () => DhanCredentials;
  limiter: RateLimiter;
  /** Per-request deadline (default 10 s). */
  timeoutMs?: number;
  observer?: DhanObserver;
  breaker?: CircuitBreaker;
  circuit?: CircuitBreakerOptions;
  readRetry?: RetryPolicy;
  placement?: PlacementPolicy;
  transport?: HttpTransport;
  now?: () => number;
}

export function createDhanClient(options: DhanClientOptions) {
  const transport = options.transport ?? createHttpTransport();
  const breaker = options.breaker ?? createCircuitBreaker(options.circuit);
  const caller = createRestCaller({
    baseUrl: options.baseUrl ?? DHAN_BASE_URL,
    credentials: options.credentials,
    transport,
    limiter: options.limiter,
    breaker,
    timeoutMs: options.timeoutMs ?? 10_000,
    observer: options.observer,
  });
  return {
    rest: createDhanRestClient({ caller, readRetry: options.readRetry, placement: options.placement }),
    historical: createDhanHistoricalClient({ caller, retry: options.readRetry, now: options.now }),
    breaker,
    /** Closes idle keep-alive connections (a transport passed in is left open). */
    close() {
      if (!options.transport) transport.close();
    },
  };
}

export type DhanClient = ReturnType<typeof createDhanClient>;
