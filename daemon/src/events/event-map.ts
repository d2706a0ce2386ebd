// The catalogue of events on the bus (events/event-bus.ts): name → payload type. Payloads are
// small JSON (they cross daemons through PostgreSQL NOTIFY, limited to 8 kB): ids, counters and
// states, never result sets.
//
// A domain declares its events in its own file by augmenting this interface, e.g. in
// daemon/src/backtests/backtest-events.ts:
//
//   declare module '../events/event-map' {
//     interface EventMap {
//       'backtest.progress': { backtestId: number; percent: number; barsPerSecond: number };
//     }
//   }
//
// and publishes with `bus.publish('backtest.progress', payload, { ownerId })`. Events that carry
// an ownerId reach only that user's subscriptions (and admins'); events without one reach every
// subscriber.

export interface QueueDepthSnapshot {
  queue: string;
  queued: number;
  active: number;
}

export interface HeartbeatEvent {
  daemonId: string;
  uptimeSeconds: number;
  /** Mean event-loop delay over the last interval, in milliseconds. */
  eventLoopLagMs: number;
  /** 99th percentile event-loop delay over the last interval, in milliseconds. */
  eventLoopLagP99Ms: number;
  heapUsedBytes: number;
  rssBytes: number;
  queues: QueueDepthSnapshot[];
  /** Warnings and errors this daemon has logged since it started (system.recentErrors has them). */
  warningsLogged: number;
}

export type HealthStatus = 'ok' | 'degraded' | 'down' | 'not_configured';

export interface HealthCheckResult {
  status: HealthStatus;
  detail?: string;
}

export interface HealthEvent {
  daemonId: string;
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, HealthCheckResult>;
}

// An interface (not a type alias) so that other domains can add their events by augmentation.
export interface EventMap {
  /** This daemon is alive: vitals every few seconds. Local to the daemon. */
  'system.heartbeat': HeartbeatEvent;
  /** A health check changed state. */
  'system.health': HealthEvent;
  /** A job was enqueued: workers of that queue on every daemon wake up instead of polling. */
  'jobs.enqueued': { queue: string };
  /** A job was cancelled: the daemon running it aborts its handler's signal. */
  'jobs.cancelled': { queue: string; jobId: string };
  /** A user or token changed (role, disabled, revoked): daemons drop cached credentials. */
  'auth.changed': { userId?: number; tokenId?: number };
}

export type EventType = keyof EventMap;

export interface BusEvent<K extends EventType = EventType> {
  type: K;
  payload: EventMap[K];
  /** The user the event belongs to; undefined for events everyone may see. */
  ownerId?: number;
  /** ISO time of publication. */
  at: string;
  /** The daemon that published it. */
  origin: string;
}
