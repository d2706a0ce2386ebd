// One backtest run as a worker thread executes it: load the bars, run the engine, write the
// results. Everything heavy (decoding bars, simulating, formatting thousands of trades into
// exact decimal strings) happens here, off the daemon's event loop.
import type { BarSeries } from '../core/bar';
import { AppError } from '../core/errors';
import type { Pool } from '../db/pool';
import { runBacktest } from '../engine/backtest';
import type { BacktestResult } from '../engine/result';
import type { RunHooks } from '../engine/run-series';
import type { StrategyCode } from '../sandbox/strategy-code';
import type { BarCache } from './bar-cache';
import { loadRunBars, loadRunInstruments } from './run-bars';
import { writeResult, type ResultOwner } from './result-writer';
import { loadRunCode, toEngineSpec, type RunSpec } from './run-spec';

/** How often a run of user code checks for cancellation (the run itself is in another process). */
const CANCEL_POLL_MS = 200;

function missingSandbox(): never {
  throw new AppError('INVARIANT_BROKEN', 'a run of user code needs the strategy sandbox');
}

export interface RunTask extends ResultOwner {
  spec: RunSpec;
}

/** What a worker thread receives (backtest-run.worker.ts): the run and how to reach the database. */
export interface ThreadRunTask {
  /** The thread cannot use the daemon's pool; it opens its own. */
  connectionString: string;
  logLevel: string;
  run: RunTask;
}

/** Progress as a thread reports it. */
export interface RunProgress {
  fraction: number;
  bars: number;
  elapsedMs: number;
}

export interface RunReport {
  /** False when the run was no longer this attempt's to finish: nothing was written. */
  written: boolean;
  barsProcessed: number;
  /** Engine speed, bars per second of simulation (loading and writing excluded). */
  barsPerSecond: number;
  trades: number;
  finalValue: number;
  timings: { loadMs: number; runMs: number; writeMs: number };
}

/**
 * A run of user code, in the thread's sandbox pool (sandbox/strategy-code.ts): the version's source
 * is loaded and compiled, the bar loop runs in a sandbox process. Cancellation is polled here and
 * kills that process.
 */
async function runCode(
  pool: Pool,
  code: StrategyCode,
  spec: RunSpec,
  bars: Map<string, BarSeries>,
  hooks: RunHooks,
): Promise<BacktestResult> {
  const strategy = await loadRunCode(pool, code, spec.code!);
  const abort = new AbortController();
  const poll = setInterval(() => hooks.shouldCancel?.() && abort.abort(), CANCEL_POLL_MS);
  try {
    return await code.backtest(strategy, toEngineSpec(spec, [...bars.keys()]), bars, {
      onProgress: hooks.onProgress,
      signal: abort.signal,
    });
  } finally {
    clearInterval(poll);
  }
}

/** Runs `task`; bars come through `cache` when given (a worker thread keeps one). */
export async function executeRun(
  pool: Pool,
  task: RunTask,
  hooks: RunHooks,
  cache?: BarCache,
  code?: StrategyCode,
): Promise<RunReport> {
  const t0 = performance.now();
  const bars = cache ? await cache.load(pool, task.spec) : await loadRunBars(pool, task.spec);
  const instruments = await loadRunInstruments(pool, task.spec);
  const t1 = performance.now();
  const result = task.spec.code
    ? await runCode(pool, code ?? missingSandbox(), task.spec, bars, hooks)
    : runBacktest(toEngineSpec(task.spec, [...bars.keys()], instruments), bars, hooks);
  const t2 = performance.now();
  const barsPerSecond = result.barsProcessed / Math.max((t2 - t1) / 1000, 1e-6);
  const written = await writeResult(pool, task, result, barsPerSecond);
  const t3 = performance.now();
  return {
    written,
    barsProcessed: result.barsProcessed,
    barsPerSecond,
    trades: result.trades.length,
    finalValue: result.finalValue,
    timings: { loadMs: t1 - t0, runMs: t2 - t1, writeMs: t3 - t2 },
  };
}
