// Runs the registered handlers on daemons with the `worker` role: one pg-boss worker per unit
// of concurrency (batch size 1, so one failing job never fails its neighbours), woken at once by
// 'jobs.enqueued' events, timed and counted by queue and outcome. `drain()` is the graceful half
// of shutdown: stop fetching, let running jobs finish up to the bound, then abort the rest —
// their handlers throw and pg-boss hands the jobs back for retry.
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import type { Boss } from './boss';
import type { JobContext, JobHandler } from './job-handler';

export interface JobRunner {
  /** Jobs running now in this daemon. */
  activeCount(): number;
  /** Stops taking jobs and waits up to `boundMs` for running ones; returns how many were handed back. */
  drain(boundMs: number): Promise<{ finished: number; handedBack: number }>;
}

interface Running {
  queue: string;
  controller: AbortController;
  done: Promise<void>;
}

/** The abort reason of a cancelled job (a shutdown aborts with an Error instead). */
const CANCELLED = new Error('job cancelled');

/** After the bound, aborted handlers get this long to notice and throw before pg-boss fails them. */
const ABORT_GRACE_MS = 3000;

export async function startJobRunner(options: {
  boss: Boss;
  handlers: readonly JobHandler[];
  bus: EventBus;
  metrics: Metrics;
  log: Logger;
}): Promise<JobRunner> {
  const { boss, bus, metrics, log } = options;
  const running = new Map<string, Running>();
  const workerIds = new Map<string, string[]>();

  const run = async (handler: JobHandler, job: PgBoss.JobWithMetadata<unknown>): Promise<unknown> => {
    const controller = new AbortController();
    let settle!: () => void;
    const done = new Promise<void>((r) => (settle = r));
    running.set(job.id, { queue: handler.queue, controller, done });
    const jobLog = log.child({ queue: handler.queue, jobId: job.id });
    const context: JobContext = {
      jobId: job.id,
      queue: handler.queue,
      retryCount: job.retryCount,
      signal: controller.signal,
      log: jobLog,
    };
    const timer = metrics.jobs.duration.startTimer({ queue: handler.queue });
    let outcome = 'completed';
    try {
      return await handler.handle(job.data, context);
    } catch (err) {
      outcome = !controller.signal.aborted
        ? 'failed'
        : controller.signal.reason === CANCELLED
          ? 'cancelled'
          : 'handed_back';
      jobLog.warn({ err, outcome }, 'job did not complete');
      throw err;
    } finally {
      timer({ outcome });
      metrics.jobs.finished.inc({ queue: handler.queue, outcome });
      running.delete(job.id);
      settle();
    }
  };

  for (const handler of options.handlers) {
    const ids: string[] = [];
    for (let i = 0; i < (handler.concurrency ?? 1); i++) {
      // The handler closure reads the worker's id, known only once work() returns.
      const worker: { id?: string } = {};
      const id = await boss.work(
        handler.queue,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: handler.pollingIntervalSeconds ?? 2 },
        async ([job]) => {
          try {
            return await run(handler, job!);
          } finally {
            // A worker that found a job looks for the next at once: pg-boss would otherwise wait
            // out the polling interval after every job, and a backlog would drain one job per
            // interval per worker.
            if (worker.id) boss.notifyWorker(worker.id);
          }
        },
      );
      worker.id = id;
      ids.push(id);
    }
    workerIds.set(handler.queue, [...(workerIds.get(handler.queue) ?? []), ...ids]);
  }

  const unsubscribe = [
    bus.subscribe(['jobs.enqueued'], (event) => {
      for (const id of workerIds.get(event.payload.queue) ?? []) boss.notifyWorker(id);
    }),
    bus.subscribe(['jobs.cancelled'], (event) => {
      running.get(event.payload.jobId)?.controller.abort(CANCELLED);
    }),
  ];
  log.info({ queues: [...workerIds.keys()] }, 'job workers started');

  return {
    activeCount: () => running.size,
    async drain(boundMs) {
      unsubscribe.forEach((off) => off());
      await Promise.all([...workerIds.keys()].map((queue) => boss.offWork(queue)));
      const initially = running.size;
      const all = () => Promise.all([...running.values()].map((r) => r.done));
      await Promise.race([all(), sleep(boundMs)]);
      const handedBack = running.size;
      if (handedBack > 0) {
        log.warn(
          { jobs: handedBack, boundMs },
          'shutdown bound reached: handing running jobs back for retry',
        );
        for (const r of running.values()) r.controller.abort(new Error('daemon shutting down'));
        await Promise.race([all(), sleep(ABORT_GRACE_MS)]);
      }
      // Worker threads and their database connections end before the database does.
      await Promise.all(
        options.handlers.map((h) =>
          h
            .close?.()
            .catch((err: Error) => log.warn({ err, queue: h.queue }, 'job handler did not close cleanly')),
        ),
      );
      return { finished: initially - handedBack, handedBack };
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
