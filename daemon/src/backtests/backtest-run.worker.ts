// Worker-thread entry point for backtest.run jobs (bundled to dist/workers/backtest-run.js), served
// through the generic pool (jobs/worker-pool.ts). A thread runs one backtest at a time and keeps a
// small PostgreSQL pool of its own between runs, to load bars and write results without paying
// for a connection each time. Cancellation is the pool's shared flag, which the engine polls at
// its checkpoints; the pool terminates a thread that does not stop in time.
import pino from 'pino';
import { createPool, type Pool } from '../db/pool';
import { StrategyCode } from '../sandbox/strategy-code';
import { serveTasks } from '../jobs/worker-pool';
import { BarCache } from './bar-cache';
import { executeRun, type RunProgress, type ThreadRunTask } from './run-execution';

/** Fewest milliseconds between progress messages (the engine reports every 65,536 bars). */
const PROGRESS_MS = 100;

let pool: Pool | undefined;
/** Up to a million bars (48 MB) kept between runs (bar-cache.ts). */
const cache = new BarCache(1_000_000);
/**
 * Runs of user code go to this thread's own sandbox process (started at the first such run):
 * one, as the thread runs one backtest at a time. When the thread ends, the process's stdin closes
 * and it exits.
 */
const code = new StrategyCode({ poolSize: 1 });

/**
 * The thread's connections commit asynchronously: a result write returns without waiting for
 * the WAL flush (an fsync per backtest was most of a small run's wall time). Nothing durable is
 * at stake: the job's completion in pg-boss commits synchronously after it, which flushes this
 * write too; should PostgreSQL crash before that, both are lost together, the run is still
 * "running" with a stale heartbeat, and the reaper has it run again.
 */
function asyncCommit(connectionString: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('options', '-c synchronous_commit=off');
  return url.toString();
}

function database(job: ThreadRunTask): Pool {
  // Threads write to stderr directly (the daemon's own logger lives on the main thread).
  pool ??= createPool({
    connectionString: asyncCommit(job.connectionString),
    max: 2,
    applicationName: 'quanttrade-backtest',
    log: pino({ level: job.logLevel, name: 'backtest-thread' }, pino.destination(2)),
  });
  return pool;
}

serveTasks(async (input, context) => {
  const job = input as ThreadRunTask;
  const started = performance.now();
  let reported = -Infinity;
  return executeRun(
    database(job),
    job.run,
    {
      shouldCancel: context.shouldCancel,
      onProgress(fraction, bars) {
        const now = performance.now();
        if (now - reported < PROGRESS_MS) return;
        reported = now;
        context.progress({ fraction, bars, elapsedMs: now - started } satisfies RunProgress);
      },
    },
    cache,
    code,
  );
});
