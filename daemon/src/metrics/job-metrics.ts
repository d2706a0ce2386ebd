import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface QueueDepth {
  queue: string;
  queued: number;
  active: number;
}

export interface JobMetrics {
  /** Jobs that finished, by queue and outcome (completed, failed, cancelled, handed_back). */
  finished: Counter<'queue' | 'outcome'>;
  /** Seconds a job's handler ran, by queue and outcome. */
  duration: Histogram<'queue' | 'outcome'>;
  /** Jobs of each queue this daemon runs at once (its workers): utilisation = active / capacity. */
  capacity: Gauge<'queue'>;
  /** Reads queue depths at scrape time (jobs/queue-depth.ts, cached). */
  watchDepth(read: () => Promise<QueueDepth[]>): void;
}

export function createJobMetrics(registry: Registry): JobMetrics {
  let read: (() => Promise<QueueDepth[]>) | undefined;
  // Both gauges are filled by one query per scrape (cached for a second).
  let cache: { at: number; value: Promise<QueueDepth[]> } | undefined;
  const depths = () => {
    const now = Date.now();
    if (!cache || now - cache.at > 1000) {
      cache = { at: now, value: (read ? read() : Promise.resolve([])).catch(() => []) };
    }
    return cache.value;
  };
  new Gauge({
    name: 'quanttrade_jobs_queued',
    help: 'Jobs waiting to run (created or retry), by queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const d of await depths()) this.set({ queue: d.queue }, d.queued);
    },
  });
  new Gauge({
    name: 'quanttrade_jobs_active',
    help: 'Jobs running now, by queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const d of await depths()) this.set({ queue: d.queue }, d.active);
    },
  });
  return {
    finished: new Counter({
      name: 'quanttrade_jobs_finished_total',
      help: 'Jobs finished by this daemon, by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'quanttrade_job_duration_seconds',
      help: 'Job handler duration in seconds, by queue and outcome',
      labelNames: ['queue', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    }),
    capacity: new Gauge({
      name: 'quanttrade_jobs_capacity',
      help: 'Jobs of each queue this daemon runs at once (its worker slots); sum over daemons for the cluster',
      labelNames: ['queue'],
      registers: [registry],
    }),
    watchDepth(fn) {
      read = fn;
    },
  };
}
