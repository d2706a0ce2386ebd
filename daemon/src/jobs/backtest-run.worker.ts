// Worker-thread entry point for backtest.run jobs (bundled to dist/workers/backtest-run.js), served
// through the generic pool (worker-pool.ts). A thread runs one backtest at a time and keeps a
// small PostgreSQL pool of its own between runs, to load bars and write results without paying
// for a connection each time. Cancellation is the pool's shared flag, which the engine polls at
// its checkpoints; the pool terminates a thread that does not stop in time.
import pino from 'pino';
import { executeRun, type RunProgress, type ThreadRunTask } from '../backtests/run-execution';
import { createPool, type Pool } from '../db/pool';
import { serveTasks } from './worker-pool';

/** Fewest milliseconds between progress messages (the engine reports every 65,536 bars). */
const PROGRESS_MS = 100;

let pool: Pool | undefined;

function database(job: ThreadRunTask): Pool {
  // Threads write to stderr directly (the daemon's own logger lives on the main thread).
  pool ??= createPool({
    connectionString: job.connectionString,
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
  return executeRun(database(job), job.run, {
    shouldCancel: context.shouldCancel,
    onProgress(fraction, bars) {
      const now = performance.now();
      if (now - reported < PROGRESS_MS) return;
      reported = now;
      context.progress({ fraction, bars, elapsedMs: now - started } satisfies RunProgress);
    },
  });
});
