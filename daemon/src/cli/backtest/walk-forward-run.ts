// `--walk-forward train=N,test=M`: the folds, their run windows and warm-up, the choice of
// parameters and the stitched out-of-sample statistics are the engine's (engine/walk-forward.ts,
// engine/sweep.ts), as the backtest.sweep job uses them; this file runs the grids on the worker
// pool and prints the folds.
import { writeFileSync } from 'node:fs';
import { istIsoString } from '../../core/time';
import { barsPerYear, parseTimeframe } from '../../core/timeframe';
import {
  chooseBest,
  foldRunWindows,
  jsonNumber,
  lowerBound,
  MIN_RETURN_OBSERVATIONS,
  parseTimeBound,
  parseWalkForward,
  planWalkForward,
  statsToJson,
  stitchOutOfSample,
  type BacktestSpec,
  type PlannedPoint,
  type RankMetric,
  type TimedFold,
} from '../../engine/index';
import type { BacktestSummary } from '../../backtests/backtest.worker';
import { DEFAULT_COST_MODEL, describeCostModel } from '../../costs/index';
import type { BacktestOptions } from './args';
import { fixed, formatParams, percent, table } from './format';
import { runGrid, type GridRun } from './optimise';

const day = (ms: number) => istIsoString(ms).slice(0, 10);

/** The range's folds, planned on the first series' bars between the spec's bounds. */
function planFoldsOf(run: GridRun, spec: BacktestSpec, text: string): TimedFold[] {
  const series = run.bars[0]!;
  const from = spec.from === undefined ? undefined : parseTimeBound(spec.from, 'from');
  const to = spec.to === undefined ? undefined : parseTimeBound(spec.to, 'to');
  const first = from === undefined ? 0 : lowerBound(series.time, series.length, from);
  const last = to === undefined ? series.length : lowerBound(series.time, series.length, to);
  // The range's exclusive end: the --to bound, or just past the last bar.
  const end = to ?? series.time[series.length - 1]! + 1;
  return planWalkForward(last - first, (i) => series.time[first + i]!, end, parseWalkForward(text));
}

interface FoldOutcome {
  fold: TimedFold;
  chosen: BacktestSummary & { values: Record<string, number> };
  test: BacktestSummary;
}

function printFolds(outcomes: FoldOutcome[], metric: RankMetric): void {
  const head = [
    'fold',
    'train',
    'test',
    'best params',
    `train ${metric}`,
    'test return',
    'test Sharpe',
    'test max DD',
    'trades',
  ];
  // A window's last bar is the one before its exclusive end.
  const span = (w: { from: number; to: number }) => `${day(w.from)}…${day(w.to - 1)}`;
  const rows = outcomes.map(({ fold, chosen, test }) => [
    String(fold.fold + 1),
    span(fold.train),
    span(fold.test),
    formatParams(chosen.params),
    fixed(chosen.stats[metric], 4),
    percent(test.stats.totalReturn),
    fixed(test.stats.sharpe),
    percent(test.stats.maxDrawdown),
    String(test.stats.trades),
  ]);
  console.log(table([head, ...rows], [0, 4, 5, 6, 7, 8]));
}

export async function runWalkForward(
  run: GridRun,
  spec: BacktestSpec,
  points: PlannedPoint[],
  options: BacktestOptions,
): Promise<void> {
  const folds = planFoldsOf(run, spec, options.walkForward!);
  const metric = options.rank as RankMetric;
  const base = { warmupBars: spec.warmupBars, symbols: run.bars.length };
  const trainSpecs = folds.flatMap((f) =>
    points.map((p) => ({ ...spec, params: p.params, ...foldRunWindows(f, base).train, equityPoints: 2 })),
  );
  const trained = await runGrid(run, trainSpecs, 'walk-forward: training');
  const chosen = folds.map((_, k) => {
    const candidates = points.map((p, i) => ({ ...trained[k * points.length + i]!, values: p.values }));
    return chooseBest(candidates, metric, (c) => c.stats[metric])!;
  });
  const testSpecs = folds.map((f, k) => ({
    ...spec,
    params: chosen[k]!.params,
    ...foldRunWindows(f, base).test,
  }));
  const tested = await runGrid(run, testSpecs, 'walk-forward: testing');
  const outcomes = folds.map((fold, k) => ({ fold, chosen: chosen[k]!, test: tested[k]! }));

  const tf = parseTimeframe(run.bars[0]!.timeframe);
  const oos = stitchOutOfSample(
    tested.map((t) => t.curve),
    {
      cash: spec.cash ?? 1_000_000,
      riskFreeRate: spec.riskFreeRate ?? 0,
      barsPerYear: tf ? barsPerYear(tf) : 250,
    },
  );
  printFolds(outcomes, metric);
  console.log(
    `\nout of sample (${oos.bars} bars, ${oos.folds} folds): return ${percent(oos.totalReturn)}, Sharpe ${fixed(oos.sharpe)}, max drawdown ${percent(oos.maxDrawdown)}`,
  );
  console.log(
    `cost model ${describeCostModel(spec.costs ?? DEFAULT_COST_MODEL, spec.product ?? 'delivery')}`,
  );
  if (oos.bars < MIN_RETURN_OBSERVATIONS)
    console.log(
      `warning: out-of-sample statistics from ${oos.bars} return observations (fewer than ${MIN_RETURN_OBSERVATIONS})`,
    );
  if (options.json !== undefined) {
    const out = {
      metric,
      plan: parseWalkForward(options.walkForward!),
      folds: outcomes.map(({ fold, chosen: c, test }) => ({
        ...fold,
        chosen: { values: c.values, params: c.params, value: jsonNumber(c.stats[metric]) },
        inSample: statsToJson(c.stats),
        outOfSample: statsToJson(test.stats),
      })),
      outOfSample: {
        folds: oos.folds,
        bars: oos.bars,
        totalReturn: jsonNumber(oos.totalReturn),
        sharpe: jsonNumber(oos.sharpe),
        maxDrawdown: jsonNumber(oos.maxDrawdown),
        benchmarkReturn: jsonNumber(oos.benchmarkReturn),
        equity: Array.from(oos.curve.time, (t, i) => ({ time: istIsoString(t), value: oos.curve.value[i] })),
      },
    };
    writeFileSync(options.json, `${JSON.stringify(out, null, 1)}\n`);
  }
}
