// Runs the registered handlers on daemons with the `worker` role: one job loop (job-loop.ts) per
// unit of concurrency (one job at a time, so one failing job never fails its neighbours), woken at once by
// 'jobs.enqueued' events, timed and counted by queue and outcome. `drain()` is the graceful half
// of shutdown: stop fetching, let running jobs finish up to the bound, then abort the rest —
// their handlers throw and pg-boss hands the jobs back for retry.
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus';
import type { Metrics } from '../metrics/metrics';
import type { Boss } from './boss';
import type { JobContext, JobHandler } from './job-handler';
import { startJobLoop, type JobLoop } from './job-loop';

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
  const loops = new Map<string, JobLoop[]>();

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
    const slots: JobLoop[] = [];
    for (let i = 0; i < (handler.concurrency ?? 1); i++) {
      const slot: JobLoop = startJobLoop({
        boss,
        queue: handler.queue,
        pollingIntervalMs: (handler.pollingIntervalSeconds ?? 2) * 1000,
        log,
        run: (job) => run(handler, job),
      });
      slots.push(slot);
    }
    loops.set(handler.queue, [...(loops.get(handler.queue) ?? []), ...slots]);
  }

  const unsubscribe = [
    bus.subscribe(['jobs.enqueued'], (event) => {
      for (const loop of loops.get(event.payload.queue) ?? []) loop.notify();
    }),
    bus.subscribe(['jobs.cancelled'], (event) => {
      running.get(event.payload.jobId)?.controller.abort(CANCELLED);
    }),
  ];
  log.info({ queues: [...loops.keys()] }, 'job workers started');

  return {
    activeCount: () => running.size,
    async drain(boundMs) {
      unsubscribe.forEach((off) => off());
      // Stop fetching; each loop finishes once its current job has run and been recorded.
      const stopped = Promise.all([...loops.values()].flat().map((loop) => loop.stop()));
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
      await Promise.race([stopped, sleep(ABORT_GRACE_MS)]);
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
