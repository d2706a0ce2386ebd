// Every pg-boss queue, declared once, with an explicit retry and expiry policy. pg-boss keeps
// these on its `queue` table; start-up creates missing queues and updates the policies of
// existing ones, so a change here reaches the database on the next start.
//
// - retryLimit: attempts after the first. A job handed back at shutdown uses one of them.
// - expireInSeconds: an active job not finished by then is failed (and retried) — the bound on a
//   hung handler or a daemon that died holding the job.
// - policy: 'standard' (any number queued and active), 'stately' (at most one queued and one
//   active: periodic work that must not pile up).

export interface QueuePolicy {
  description: string;
  policy: 'standard' | 'short' | 'singleton' | 'stately';
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Exponential backoff between retries. */
  retryBackoff: boolean;
  expireInSeconds: number;
  /** Completed and failed jobs are kept this long, for inspection. */
  retentionMinutes: number;
}

const DAY = 24 * 60;

export const QUEUES = {
  'backtest.run': {
    description: 'Runs one backtest in a worker thread and stores its results.',
    policy: 'standard',
    retryLimit: 2,
    // A run whose daemon died is failed by the heartbeat reaper (backtests/stale-run-reaper.ts)
    // within seconds; retry it soon after. Expiry only bounds a run that is alive but hung.
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 60 * 60,
    retentionMinutes: 7 * DAY,
  },
  'backtest.sweep': {
    description: 'Expands a parameter grid or walk-forward plan into child backtests and ranks them.',
    policy: 'standard',
    retryLimit: 2,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 6 * 60 * 60,
    retentionMinutes: 7 * DAY,
  },
  'data.ingest': {
    description: 'Imports or fetches market data (CSV, Yahoo, Dhan) into the bar store.',
    policy: 'standard',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 60 * 60,
    retentionMinutes: 7 * DAY,
  },
  'risk.scan': {
    description: 'Recomputes portfolio risk metrics for live deployments.',
    policy: 'stately',
    retryLimit: 1,
    retryDelay: 10,
    retryBackoff: false,
    expireInSeconds: 5 * 60,
    retentionMinutes: DAY,
  },
  'trading.reconcile': {
    description: 'Reconciles orders and positions with the broker.',
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 5 * 60,
    retentionMinutes: DAY,
  },
} as const satisfies Record<string, QueuePolicy>;

export type QueueName = keyof typeof QUEUES;

export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

export function isQueueName(name: string): name is QueueName {
  return Object.hasOwn(QUEUES, name);
}
