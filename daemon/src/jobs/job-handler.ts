// The contract between the job runner and the domains that handle jobs. A domain writes a
// factory in its own folder that receives explicit dependencies and returns handlers;
// cli/job-handlers.ts (the composition root) lists the factories. Handlers validate `data` themselves (it comes from the database, not from us).
import type { Logger } from 'pino';
import type { Config } from '../config/load-config';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import type { JobQueue } from './job-queue';
import type { QueueName } from './queues';

export interface JobContext {
  jobId: string;
  queue: QueueName;
  /** Attempts already made (0 on the first run). */
  retryCount: number;
  /**
   * Aborted when the daemon's shutdown bound is reached (or the job is cancelled): stop, and
   * throw; the job is handed back for retry. Pass it on to worker threads.
   */
  signal: AbortSignal;
  log: Logger;
}

export interface JobHandler<T = unknown> {
  queue: QueueName;
  /** Jobs of this queue one daemon runs at once (default 1). */
  concurrency?: number;
  /** Poll interval when idle; enqueue wakes workers at once, so this is only a fallback. */
  pollingIntervalSeconds?: number;
  /** Resolves with the job's output (stored by pg-boss), or throws to fail (and retry) it. */
  handle(data: T, context: JobContext): Promise<unknown>;
  /** Releases what the handler holds (worker threads, timers); called on shutdown once its jobs have settled. */
  close?(): Promise<void>;
}

/** What every handler factory receives. */
export interface JobDeps {
  config: Config;
  log: Logger;
  pool: Pool;
  bus: EventBus;
  metrics: Metrics;
  jobs: JobQueue;
}

export type JobHandlerFactory = (deps: JobDeps) => JobHandler | JobHandler[];
