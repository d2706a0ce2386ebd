// Worker-thread entry (bundled to dist/workers/backtest.js) for the CLI's sweeps and walk-forward
// folds (cli/backtest/optimise.ts): runs one engine backtest per task on bars it is handed (the
// backtest.run job has its own entry, backtest-run.worker.ts, which loads bars from the database).
// Bars arrive as SharedArrayBuffer-backed series, so they are shared across workers rather than
// copied per task.
import type { BarSeries } from '../core/bar';
import {
  backtestResultToJson,
  runBacktest,
  type BacktestSpec,
  type BacktestStats,
  type EquityCurve,
} from '../engine/index';
import { serveTasks } from '../jobs/worker-pool';

export interface BacktestTask {
  spec: BacktestSpec;
  bars: BarSeries[];
  /** summary: params, stats and equity curve; full: the whole result as JSON (result-json.ts). */
  detail: 'summary' | 'full';
}

export interface BacktestSummary {
  params: Record<string, unknown>;
  stats: BacktestStats;
  curve: EquityCurve;
}

serveTasks((input, context) => {
  const task = input as BacktestTask;
  const bars = new Map(task.bars.map((s) => [s.symbol, s]));
  const result = runBacktest(task.spec, bars, {
    shouldCancel: context.shouldCancel,
    onProgress: (fraction) => context.progress(fraction),
  });
  if (task.detail === 'full') return backtestResultToJson(result);
  return { params: result.params, stats: result.stats, curve: result.equity } satisfies BacktestSummary;
});
