// The backtest.run handler: claim the run, execute it on a worker thread while a monitor keeps
// its heartbeat and progress, then record how it ended. Input mistakes (a symbol without bars, a
// bad parameter) fail the backtest at once; anything else is retried by pg-boss per the queue's
// policy (jobs/queues.ts), the row going back to queued with the reason, until the last attempt.
// Every worker daemon also runs the stale-run reaper (stale-run-reaper.ts).
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { z } from 'zod';
import { workerPath } from '../config/package-root';
import { AppError } from '../core/errors';
import type { JobContext, JobDeps, JobHandler } from '../jobs/job-handler';
import { QUEUES } from '../jobs/queues';
import { createWorkerPool, type WorkerPool } from '../jobs/worker-pool';
import { publishProgress } from './backtest-events';
import type { BacktestStatus } from './backtest-store';
import { coordinateParent, type CoordinatorDeps } from './coordinate-parent';
import type { RunProgress, RunReport, ThreadRunTask } from './run-execution';
import { monitorRun, type RunMonitor } from './run-monitor';
import { claimRun, endAttempt, type Claim } from './run-state';
import { startStaleRunReaper } from './stale-run-reaper';

const jobData = z.object({ backtestId: z.number().int().positive() });

/** A run without a heartbeat for this long has lost its worker (heartbeats come every second). */
const STALE_SECONDS = 8;
const REAPER_INTERVAL_MS = 2000;
/** A cancelled run's thread gets this long to stop at an engine checkpoint before it is terminated. */
const CANCEL_GRACE_MS = 300;

type Ended = Extract<BacktestStatus, 'succeeded' | 'failed' | 'cancelled'>;

interface Run {
  deps: JobDeps;
  claim: Claim;
  context: JobContext;
  /** The job's log with the backtest's and its owner's ids (and the parent's, for a child). */
  log: Logger;
}

const durationMs = (run: Run) => Date.now() - run.claim.startedAt;

async function announce(run: Run, status: BacktestStatus, percent: number, barsPerSecond: number | null) {
  const { claim, deps } = run;
  if (status === 'succeeded' || status === 'failed' || status === 'cancelled')
    deps.metrics.backtests.finished.inc({ status });
  await publishProgress(deps.bus, claim.ownerId, {
    backtestId: claim.backtestId,
    parentId: claim.parentId,
    status,
    percent,
    barsPerSecond,
  });
}

async function succeeded(run: Run, report: RunReport): Promise<Ended | undefined> {
  if (!report.written) return undefined;
  const m = run.deps.metrics.backtests;
  m.barsProcessed.inc(report.barsProcessed);
  m.throughput.observe(report.barsPerSecond);
  run.log.info(
    {
      status: 'succeeded',
      durationMs: durationMs(run),
      bars: report.barsProcessed,
      trades: report.trades,
      finalValue: report.finalValue,
      totalReturn: report.finalValue / run.claim.spec.cash - 1,
      ...report.timings,
    },
    'backtest finished',
  );
  await announce(run, 'succeeded', 100, Math.round(report.barsPerSecond));
  return 'succeeded';
}

/** Records a run that threw; rethrows when pg-boss should retry (or hand the job back). */
async function failed(run: Run, monitor: RunMonitor, err: unknown): Promise<Ended | undefined> {
  const { deps, claim, context } = run;
  const reason = await monitor.reason();
  if (reason === 'lost') return undefined;
  if (reason === 'cancel') {
    if (await endAttempt(deps.pool, claim, 'cancelled', 'cancelled by user')) {
      run.log.info({ status: 'cancelled', durationMs: durationMs(run) }, 'backtest finished');
      await announce(run, 'cancelled', 0, null);
    }
    return 'cancelled';
  }
  const message = (err as Error).message ?? String(err);
  if (reason === 'shutdown') {
    await endAttempt(deps.pool, claim, 'queued', 'handed back to the queue: the daemon running it shut down');
    run.log.info({ durationMs: durationMs(run) }, 'backtest handed back to the queue (shutdown)');
    throw err;
  }
  const inputError = err instanceof AppError && (err.kind === 'invalid' || err.kind === 'not_found');
  const last = context.retryCount >= QUEUES['backtest.run'].retryLimit;
  if (inputError || last) {
    if (await endAttempt(deps.pool, claim, 'failed', message)) {
      run.log.info({ status: 'failed', durationMs: durationMs(run), error: message }, 'backtest finished');
      await announce(run, 'failed', 0, null);
    }
    if (inputError) return 'failed';
  } else {
    run.log.warn({ attempt: claim.attempt, error: message }, 'backtest attempt failed; it will be retried');
    await endAttempt(
      deps.pool,
      claim,
      'queued',
      `attempt ${context.retryCount + 1} failed (${message}); retrying`,
    );
    await announce(run, 'queued', 0, null);
  }
  throw err;
}

/** The worker threads, started at the first run (a daemon that never runs one never pays for them). */
function lazyThreads(deps: JobDeps): { get(): WorkerPool; close(): Promise<void> } {
  let pool: WorkerPool | undefined;
  return {
    get: () =>
      (pool ??= createWorkerPool({
        file: workerPath('backtest-run'),
        size: deps.config.jobConcurrency,
        terminateAfterMs: CANCEL_GRACE_MS,
      })),
    close: async () => pool?.close(),
  };
}

async function execute(run: Run, threads: WorkerPool, monitor: RunMonitor): Promise<RunReport> {
  const { claim, deps } = run;
  const task: ThreadRunTask = {
    connectionString: deps.pool.options.connectionString!,
    logLevel: deps.config.logLevel,
    run: { backtestId: claim.backtestId, attempt: claim.attempt, ownerId: claim.ownerId, spec: claim.spec },
  };
  const busy = deps.metrics.backtests.threads;
  busy.inc({ state: 'busy' });
  try {
    return await threads.run<RunReport>(task, {
      signal: monitor.signal,
      onProgress: (p) => monitor.progress(p as RunProgress),
    });
  } finally {
    busy.dec({ state: 'busy' });
  }
}

async function runBacktestJob(
  deps: JobDeps,
  threads: () => WorkerPool,
  coordinator: CoordinatorDeps,
  data: unknown,
  context: JobContext,
) {
  const { backtestId } = jobData.parse(data);
  const claim = await claimRun(deps.pool, backtestId, `${hostname()}/${deps.bus.daemonId.slice(0, 8)}`);
  if (!claim) return { backtestId, skipped: 'cancelled or already finished' };
  if (claim.firstStart)
    deps.metrics.backtests.submitToStart.observe((claim.startedAt - claim.queuedAt) / 1000);
  const log = context.log.child({
    backtestId,
    userId: claim.ownerId,
    ...(claim.parentId ? { parentId: claim.parentId } : {}),
  });
  const run: Run = { deps, claim, context, log };
  log.info(
    {
      attempt: claim.attempt,
      waitedMs: claim.startedAt - claim.queuedAt,
      strategy: claim.spec.strategy,
      symbols: claim.spec.symbols,
    },
    'backtest started',
  );
  await announce(run, 'running', 0, null);
  const monitor = monitorRun(deps, claim, context.signal);
  let ended: Ended | undefined;
  try {
    const report = await execute(run, threads(), monitor);
    await monitor.stop();
    ended = await succeeded(run, report);
    return { backtestId, status: ended ?? 'superseded', bars: report.barsProcessed };
  } catch (err) {
    await monitor.stop();
    ended = await failed(run, monitor, err);
    return { backtestId, status: ended ?? 'superseded' };
  } finally {
    if (ended && claim.parentId)
      await coordinateParent(coordinator, claim.parentId).catch((err: Error) =>
        log.warn({ err: err.message, parentId: claim.parentId }, 'could not update the parent run'),
      );
  }
}

export function createBacktestRunHandler(deps: JobDeps): JobHandler {
  const threads = lazyThreads(deps);
  const coordinator = { pool: deps.pool, boss: deps.jobs.boss, bus: deps.bus, log: deps.log };
  const reaper = startStaleRunReaper(coordinator, {
    intervalMs: REAPER_INTERVAL_MS,
    staleSeconds: STALE_SECONDS,
  });
  return {
    queue: 'backtest.run',
    concurrency: deps.config.jobConcurrency,
    pollingIntervalSeconds: 2,
    handle: (data, context) => runBacktestJob(deps, threads.get, coordinator, data, context),
    async close() {
      reaper.stop();
      await threads.close();
    },
  };
}
