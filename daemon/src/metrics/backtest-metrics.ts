// Backtest instruments. Queue depths and job durations by queue and outcome are the job runner's
// (job-metrics.ts) and cover backtest.run and backtest.sweep too; these add what only the
// backtest service knows: bars simulated, engine speed, how long a run waited for a worker.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface BacktestMetrics {
  /** Bars fed through the engine by this daemon's workers (warm-up included). */
  barsProcessed: Counter;
  /** Backtests this daemon finished, by final status (succeeded, failed, cancelled). */
  finished: Counter<'status'>;
  /** Engine speed of each finished run, bars per second of simulation. */
  throughput: Histogram;
  /** From submit (queued_at) to a worker claiming the run (started_at), seconds. */
  submitToStart: Histogram;
  /** Backtest runs executing on worker threads in this daemon (state="busy"). */
  threads: Gauge<'state'>;
}

export function createBacktestMetrics(registry: Registry): BacktestMetrics {
  return {
    barsProcessed: new Counter({
      name: 'quanttrade_backtest_bars_processed_total',
      help: 'Bars processed by backtests run on this daemon (warm-up included)',
      registers: [registry],
    }),
    finished: new Counter({
      name: 'quanttrade_backtests_finished_total',
      help: 'Backtests finished on this daemon, by final status',
      labelNames: ['status'],
      registers: [registry],
    }),
    throughput: new Histogram({
      name: 'quanttrade_backtest_throughput_bars_per_second',
      help: 'Engine throughput of each finished backtest, bars per second',
      buckets: [1e4, 1e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2e7, 5e7],
      registers: [registry],
    }),
    submitToStart: new Histogram({
      name: 'quanttrade_backtest_submit_to_start_seconds',
      help: 'Seconds from submitting a backtest to a worker starting it',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers: [registry],
    }),
    threads: new Gauge({
      name: 'quanttrade_backtest_worker_threads',
      help: 'Backtest worker threads in this daemon running a backtest (state="busy")',
      labelNames: ['state'],
      registers: [registry],
    }),
  };
}
