// One worker slot of a queue: fetch a job, run it, record how it ended — and keep doing so across
// database outages of any length. pg-boss' own work() loop calls complete()/fail() without
// awaiting them: when PostgreSQL is restarting those reject with nobody listening (an unhandled
// rejection, which stopped the daemon), and the job stays "active" until its expiry (an hour for
// backtests) although it finished. Here every database call is awaited: a fetch that fails backs
// off and tries again; an outcome that cannot be recorded is retried until it is, unless the job
// has meanwhile been settled by someone else (the stale-run reaper, expiry) or the daemon is
// stopping — then it is left to those mechanisms. The job is never run twice by this loop.
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Boss } from './boss';

export interface JobLoopOptions {
  boss: Boss;
  queue: string;
  pollingIntervalMs: number;
  log: Logger;
  /** Runs the job; resolves with its output or rejects with why it failed. */
  run(job: PgBoss.JobWithMetadata<unknown>): Promise<unknown>;
}

export interface JobLoop {
  /** Look for a job now (a job was enqueued). */
  notify(): void;
  /** Stops fetching; resolves when the current job (if any) has been run and recorded, or `boundMs` passed. */
  stop(): Promise<void>;
}

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 5000;

export function startJobLoop(options: JobLoopOptions): JobLoop {
  const { boss, queue, log } = options;
  let stopping = false;
  let wake: (() => void) | undefined;
  let notified = false;

  /** Waits `ms`, or less when notified or stopped. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (notified || stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function fetchOne(): Promise<PgBoss.JobWithMetadata<unknown> | undefined> {
    notified = false;
    const jobs = await boss.fetch<unknown>(queue, { batchSize: 1, includeMetadata: true });
    return jobs?.[0];
  }

  /** Whether this attempt still holds the job (no one else settled or re-fetched it). */
  async function stillOurs(job: PgBoss.JobWithMetadata<unknown>): Promise<boolean> {
    const now = await boss.getJobById(queue, job.id);
    return now?.state === 'active' && now.startedOn?.getTime() === job.startedOn?.getTime();
  }

  async function record(
    job: PgBoss.JobWithMetadata<unknown>,
    outcome: { output?: unknown; error?: unknown },
  ) {
    const write = () =>
      outcome.error === undefined
        ? boss.complete(queue, job.id, (outcome.output ?? undefined) as object | undefined)
        : boss.fail(queue, job.id, errorOutput(outcome.error));
    let delay = BACKOFF_START_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0 && !(await stillOurs(job))) return;
        await write();
        return;
      } catch (err) {
        if (stopping && attempt > 0) {
          log.warn(
            { err: (err as Error).message, jobId: job.id },
            'job outcome not recorded before shutdown; the queue will retry it',
          );
          return;
        }
        if (attempt === 0)
          log.warn(
            { err: (err as Error).message, jobId: job.id },
            'recording the job outcome failed; retrying',
          );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      }
    }
  }

  const done = (async () => {
    let delay = BACKOFF_START_MS;
    while (!stopping) {
      let job: PgBoss.JobWithMetadata<unknown> | undefined;
      try {
        job = await fetchOne();
        delay = BACKOFF_START_MS;
      } catch (err) {
        log.debug({ err: (err as Error).message, queue }, 'fetching a job failed; retrying');
        await pause(delay);
        delay = Math.min(delay * 2, BACKOFF_MAX_MS);
        continue;
      }
      if (!job) {
        await pause(options.pollingIntervalMs);
        continue;
      }
      const outcome = await options.run(job).then(
        (output) => ({ output }),
        (error: unknown) => ({ error: error ?? new Error('job failed') }),
      );
      await record(job, outcome);
    }
  })();

  return {
    notify() {
      notified = true;
      wake?.();
    },
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
  };
}

/** What pg-boss stores as the failed job's output. */
function errorOutput(error: unknown): object {
  if (error instanceof Error) return { message: error.message, name: error.name };
  return { message: String(error) };
}
