// The Dhan venue adapter's public face. Everything else in this folder is internal: wire types
// never leave it — only Dhan records (dhan-records.ts), order updates, ticks, errors, and the
// account's BrokerLink (dhan-broker-link.ts), which speaks the venue-neutral port.
export { createDhanClient, type DhanClient, type DhanClientOptions } from './dhan-client';
export type { DhanRestClient } from './rest-client';
export type { DhanFetchRequest, DhanCandleChunks, DhanHistoricalClient } from './historical-client';
export type { DhanCredentials, DhanObserver } from './rest-caller';
export { DhanError, type DhanErrorAction, type SendState } from './dhan-errors';
export type { CircuitBreaker, CircuitState } from './circuit-breaker';
export { DEFAULT_PLACEMENT, type PlacementPolicy } from './order-placement';
export type { RetryPolicy } from './read-retry';
export {
  createMemoryRateStore,
  createRateLimiter,
  DHAN_LIMITS,
  type RateCategory,
  type RateLimiter,
  type RateLimitStore,
} from './rate-limiter';
export { createPgRateStore } from './pg-rate-store';
export { limiterKey } from './limiter-key';
export { createMarketFeed, type DhanMarketFeed, type FeedStats, type MarketFeedOptions } from './market-feed';
export { nseSessionOpen } from './feed-staleness';
export {
  createOrderUpdateStream,
  type OrderUpdateStream,
  type OrderUpdateStreamOptions,
} from './order-update-stream';
export { tokenClientId, tokenExpiry } from './token-info';
export type { SocketState } from './supervised-socket';
export { createAccountLink, type AccountLink, type AccountLinkOptions } from './account-link';
export { createDhanCandleFetcher } from './candle-fetcher';
export {
  createDhanBrokerLink,
  portError,
  type DhanBrokerLink,
  type DhanBrokerLinkOptions,
} from './dhan-broker-link';
export type {
  DhanFunds,
  DhanHolding,
  DhanModifyRequest,
  DhanOrder,
  DhanOrderAck,
  DhanPlaceOutcome,
  DhanPlaceRequest,
  DhanPosition,
  DhanProduct,
  DhanProfile,
  DhanTrade,
} from './dhan-records';
export type { DhanOrderUpdate } from './dhan-order-update';
