import { Gauge, Histogram, type Registry } from 'prom-client';

export interface HttpMetrics {
  /** Seconds per request, labelled by route pattern (not raw URL: bounded cardinality). */
  requestDuration: Histogram<'route' | 'method' | 'status'>;
  /** WebSocket connections open now (tRPC subscriptions). */
  wsConnections: Gauge;
  /** Calls per tRPC HTTP request (1 unless batched), by method: its count is the tRPC request count. */
  trpcCallsPerRequest: Histogram<'method'>;
}

export function createHttpMetrics(registry: Registry): HttpMetrics {
  return {
    requestDuration: new Histogram({
      name: 'quanttrade_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route pattern, method and status code',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    trpcCallsPerRequest: new Histogram({
      name: 'quanttrade_trpc_calls_per_request',
      help: 'Procedure calls carried by each tRPC HTTP request (batches carry several), by method',
      labelNames: ['method'],
      buckets: [1, 2, 5, 10, 20, 50],
      registers: [registry],
    }),
    wsConnections: new Gauge({
      name: 'quanttrade_ws_connections',
      help: 'WebSocket connections open now',
      registers: [registry],
    }),
  };
}
