// Trading instruments: the ledger (orders by status and who ended them, fills, charges, open
// positions, send outcomes and acknowledgement latency, recovery), the deployment leases, the
// paper venue and the bar pipeline. The deployment runner adds its own (bar lateness, states).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface TradingMetrics {
  /** Ledger orders reaching a status, by status and end source ('' while active or when filled). */
  orderTransitions: Counter<'status' | 'end_source'>;
  /** Sends by outcome: acknowledged, rejected, unknown. */
  orderSends: Counter<'venue' | 'outcome'>;
  /** From the send commit to the venue's acknowledgement, seconds. */
  ackLatency: Histogram<'venue'>;
  /** From an order decision handed to the ledger (before its commit) to the venue's acknowledgement, seconds. */
  decisionToAck: Histogram<'venue'>;
  /** Fills booked by the ledger, by side. */
  fills: Counter<'side'>;
  /** Venue updates the ledger ignored: duplicate, unknown_order, failed. */
  updatesIgnored: Counter<'reason'>;
  /** Open positions (non-zero quantity) per deployment ('' for manual orders), as last booked. */
  openPositions: Gauge<'deployment'>;
  /** Orders settled by recovery, by outcome (updated, unchanged, closed_never_sent, closed_not_found, pending, failed). */
  recovered: Counter<'outcome'>;
  /** Lease events: acquired, lost, refused (a write under a stale token). */
  leaseEvents: Counter<'event'>;
  /** Paper venue orders by final status and reason. */
  paperOrders: Counter<'status' | 'reason'>;
  /** Paper venue executions. */
  paperTrades: Counter;
  /** Bars emitted by the aggregator, by timeframe. */
  barsEmitted: Counter<'timeframe'>;
  /** Ticks the aggregator dropped: late (their bar was already closed) or outside a session. */
  ticksDropped: Counter<'reason'>;
}

export function createTradingMetrics(registry: Registry): TradingMetrics {
  const registers = [registry];
  return {
    orderTransitions: new Counter({
      name: 'quanttrade_orders_total',
      help: 'Ledger orders reaching a status, by status and end source',
      labelNames: ['status', 'end_source'],
      registers,
    }),
    orderSends: new Counter({
      name: 'quanttrade_order_sends_total',
      help: 'Orders sent to a venue, by venue and outcome (acknowledged, rejected, unknown)',
      labelNames: ['venue', 'outcome'],
      registers,
    }),
    ackLatency: new Histogram({
      name: 'quanttrade_order_ack_seconds',
      help: 'Seconds from committing an order as sent to the venue acknowledging it',
      labelNames: ['venue'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    decisionToAck: new Histogram({
      name: 'quanttrade_order_decision_to_ack_seconds',
      help: 'Seconds from an order decision handed to the ledger (its durable commit included) to the venue acknowledging it',
      labelNames: ['venue'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    fills: new Counter({
      name: 'quanttrade_fills_total',
      help: 'Fills booked by the ledger, by side',
      labelNames: ['side'],
      registers,
    }),
    updatesIgnored: new Counter({
      name: 'quanttrade_order_updates_ignored_total',
      help: 'Venue order updates that changed nothing, by reason (duplicate, unknown_order, failed)',
      labelNames: ['reason'],
      registers,
    }),
    openPositions: new Gauge({
      name: 'quanttrade_open_positions',
      help: 'Positions with a non-zero quantity, per deployment',
      labelNames: ['deployment'],
      registers,
    }),
    recovered: new Counter({
      name: 'quanttrade_orders_recovered_total',
      help: 'Orders looked up at the venue by restart recovery, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    leaseEvents: new Counter({
      name: 'quanttrade_lease_events_total',
      help: 'Deployment lease events: acquired, lost, refused (a write under a stale token)',
      labelNames: ['event'],
      registers,
    }),
    paperOrders: new Counter({
      name: 'quanttrade_paper_orders_total',
      help: 'Paper venue orders reaching a final status, by status and reason',
      labelNames: ['status', 'reason'],
      registers,
    }),
    paperTrades: new Counter({
      name: 'quanttrade_paper_trades_total',
      help: 'Executions booked by the paper venue',
      registers,
    }),
    barsEmitted: new Counter({
      name: 'quanttrade_bars_emitted_total',
      help: 'Bars emitted by the live bar aggregator, by timeframe',
      labelNames: ['timeframe'],
      registers,
    }),
    ticksDropped: new Counter({
      name: 'quanttrade_ticks_dropped_total',
      help: 'Ticks the bar aggregator dropped: late (bar already closed) or outside (no session)',
      labelNames: ['reason'],
      registers,
    }),
  };
}
