// The broker link's instruments: REST latency by endpoint, errors by Dhan code, rate-limit
// waits, feed packets and reconnects, per-symbol tick age, link state, circuit and token expiry.
// Labels are endpoint templates, codes, categories, account ids and symbols — never a token or a
// client id. Feed and link gauges are read at scrape time from whatever `watch` registered.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface BrokerLinkSnapshot {
  accountId: number;
  state: string;
  /** Seconds until the access token expires (negative once expired); undefined when unknown. */
  tokenExpiresInSeconds?: number;
  circuitOpen: boolean;
  tickAges: { symbol: string; ageMs: number; stale: boolean }[];
  /** Cumulative since the daemon started (monotonic). */
  packets: Record<string, number>;
  reconnects: Record<string, number>;
}

export interface BrokerMetrics {
  requestDuration: Histogram<'endpoint' | 'outcome'>;
  errors: Counter<'endpoint' | 'code'>;
  rateLimitWait: Histogram<'category'>;
  alerts: Counter<'kind'>;
  /** Registers the source of link snapshots read at scrape time. */
  watch(read: () => BrokerLinkSnapshot[]): void;
}

export const LINK_STATE_NAMES = [
  'disconnected',
  'connecting',
  'connected',
  'degraded',
  'circuit_open',
  'auth_expired',
  'stopped',
];

export function createBrokerMetrics(registry: Registry): BrokerMetrics {
  let read: () => BrokerLinkSnapshot[] = () => [];
  const seen = new Map<string, number>();
  // Counters fed from cumulative totals: add what grew since the last scrape.
  const addDelta = (counter: Counter<string>, key: string, labels: Record<string, string>, total: number) => {
    const before = seen.get(key) ?? 0;
    if (total > before) counter.inc(labels, total - before);
    seen.set(key, total);
  };
  const packets: Counter<'type'> = new Counter({
    name: 'quanttrade_broker_feed_packets_total',
    help: 'Market-feed packets parsed, by packet type',
    labelNames: ['type'],
    registers: [registry],
    collect() {
      const totals: Record<string, number> = {};
      for (const s of read())
        for (const [type, n] of Object.entries(s.packets)) totals[type] = (totals[type] ?? 0) + n;
      for (const [type, n] of Object.entries(totals)) addDelta(packets, `p/${type}`, { type }, n);
    },
  });
  const reconnects: Counter<'stream'> = new Counter({
    name: 'quanttrade_broker_reconnects_total',
    help: 'Reconnections of the broker sockets, by stream (feed, order_updates)',
    labelNames: ['stream'],
    registers: [registry],
    collect() {
      const totals: Record<string, number> = {};
      for (const s of read())
        for (const [stream, n] of Object.entries(s.reconnects)) totals[stream] = (totals[stream] ?? 0) + n;
      for (const [stream, n] of Object.entries(totals)) addDelta(reconnects, `r/${stream}`, { stream }, n);
    },
  });
  new Gauge({
    name: 'quanttrade_broker_tick_age_seconds',
    help: 'Age of the last tick of each subscribed symbol (staleness clock)',
    labelNames: ['account', 'symbol'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of read())
        for (const a of s.tickAges)
          this.set({ account: String(s.accountId), symbol: a.symbol }, a.ageMs / 1000);
    },
  });
  new Gauge({
    name: 'quanttrade_broker_stale_symbols',
    help: 'Subscribed symbols whose last tick is older than the staleness threshold',
    labelNames: ['account'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of read())
        this.set({ account: String(s.accountId) }, s.tickAges.filter((a) => a.stale).length);
    },
  });
  new Gauge({
    name: 'quanttrade_broker_link_state',
    help: 'Broker link state per account: 1 for the current state, 0 for the others',
    labelNames: ['account', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of read())
        for (const state of LINK_STATE_NAMES)
          this.set({ account: String(s.accountId), state }, s.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'quanttrade_broker_circuit_open',
    help: '1 while the account circuit breaker refuses orders',
    labelNames: ['account'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of read()) this.set({ account: String(s.accountId) }, s.circuitOpen ? 1 : 0);
    },
  });
  new Gauge({
    name: 'quanttrade_broker_token_expiry_seconds',
    help: 'Seconds until the access token expires (negative when expired)',
    labelNames: ['account'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of read())
        if (s.tokenExpiresInSeconds !== undefined)
          this.set({ account: String(s.accountId) }, s.tokenExpiresInSeconds);
    },
  });
  return {
    requestDuration: new Histogram({
      name: 'quanttrade_broker_request_duration_seconds',
      help: 'Broker REST request latency by endpoint and outcome',
      labelNames: ['endpoint', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'quanttrade_broker_errors_total',
      help: 'Broker REST errors by endpoint and code (DH-9xx, http_NNN, timeout, network, bad_shape)',
      labelNames: ['endpoint', 'code'],
      registers: [registry],
    }),
    rateLimitWait: new Histogram({
      name: 'quanttrade_broker_rate_limit_wait_seconds',
      help: 'Time requests waited for a rate-limit slot, by category',
      labelNames: ['category'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'quanttrade_broker_alerts_total',
      help: 'Broker link alerts raised, by kind (circuit_open, auth_expired, stale_symbol, ...)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    watch(fn) {
      read = fn;
    },
  };
}
