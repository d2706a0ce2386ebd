// `--walk-forward train=N,test=M`: every fold's grid on its training bars, then the best
// parameters on its test bars (indicators warmed on the training bars), all on the worker pool.
import { writeFileSync } from 'node:fs';
import { istIsoString } from '../../core/time';
import { barsPerYear, parseTimeframe } from '../../core/timeframe';
import {
  lowerBound,
  parseTimeBound,
  parseWalkForward,
  planFolds,
  rankResults,
  riskFreePerBar,
  stitchFolds,
  type BacktestSpec,
  type Fold,
  type RankMetric,
} from '../../engine/index';
import type { BacktestOptions } from './args';
import { fixed, formatParams, percent, table } from './format';
import { runGrid, type GridRun } from './optimise';

const day = (ms: number) => istIsoString(ms).slice(0, 10);

export async function runWalkForward(
  run: GridRun,
  spec: BacktestSpec,
  grid: Record<string, unknown>[],
  options: BacktestOptions,
): Promise<void> {
  const plan = parseWalkForward(options.walkForward!);
  const series = run.bars[0]!;
  const first =
    spec.from === undefined ? 0 : lowerBound(series.time, series.length, parseTimeBound(spec.from, 'from'));
  const last =
    spec.to === undefined
      ? series.length
      : lowerBound(series.time, series.length, parseTimeBound(spec.to, 'to'));
  const folds = planFolds(last - first, plan).map((f) => ({
    ...f,
    trainStart: f.trainStart + first,
    trainEnd: f.trainEnd + first,
    testStart: f.testStart + first,
    testEnd: f.testEnd + first,
  }));
  // `to` bounds are exclusive: the first bar after the window, or just past the last bar.
  const bound = (i: number) => (i < series.length ? series.time[i]! : series.time[series.length - 1]! + 1);
  const window = (f: Fold, which: 'train' | 'test') =>
    which === 'train'
      ? { from: bound(f.trainStart), to: bound(f.trainEnd) }
      : { from: bound(f.testStart), to: bound(f.testEnd) };

  const trainSpecs = folds.flatMap((f) =>
    grid.map((params) => ({ ...spec, params, ...window(f, 'train'), equityPoints: 2 })),
  );
  const trained = await runGrid(run, trainSpecs, 'walk-forward: training');
  const metric = options.rank as RankMetric;
  const best = folds.map(
    (_, k) => rankResults(trained.slice(k * grid.length, (k + 1) * grid.length), metric)[0]!,
  );
  const testSpecs = folds.map((f, k) => ({
    ...spec,
    params: best[k]!.params,
    ...window(f, 'test'),
    warmupBars: f.trainEnd - f.trainStart,
    equityPoints: Math.max(2, f.testEnd - f.testStart),
  }));
  const tested = await runGrid(run, testSpecs, 'walk-forward: testing');

  const tf = parseTimeframe(series.timeframe);
  const B = tf ? barsPerYear(tf) : 250;
  const rf = riskFreePerBar(spec.riskFreeRate ?? 0, B);
  const stitched = stitchFolds(
    tested.map((t) => t.curve),
    spec.cash ?? 1_000_000,
    rf,
  );
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
  const rows = folds.map((f, k) => [
    String(k + 1),
    `${day(series.time[f.trainStart]!)}…${day(series.time[f.trainEnd - 1]!)}`,
    `${day(series.time[f.testStart]!)}…${day(series.time[f.testEnd - 1]!)}`,
    formatParams(best[k]!.params),
    fixed(best[k]!.stats[metric], 4),
    percent(tested[k]!.stats.totalReturn),
    fixed(tested[k]!.stats.sharpe),
    percent(tested[k]!.stats.maxDrawdown),
    String(tested[k]!.stats.trades),
  ]);
  const total = stitched.finalEquity / (spec.cash ?? 1_000_000) - 1;
  const sharpe =
    stitched.stdReturn > 0 ? ((stitched.meanReturn - rf) / stitched.stdReturn) * Math.sqrt(B) : NaN;
  console.log(table([head, ...rows], [0, 4, 5, 6, 7, 8]));
  console.log(
    `\nout of sample (${stitched.steps} bars, ${folds.length} folds): return ${percent(total)}, Sharpe ${fixed(sharpe)}, max drawdown ${percent(stitched.maxDrawdown)}`,
  );
  if (options.json !== undefined) {
    const out = {
      metric,
      plan,
      folds: folds.map((f, k) => ({
        ...f,
        bestParams: best[k]!.params,
        train: best[k]!.stats,
        test: tested[k]!.stats,
      })),
      outOfSample: {
        totalReturn: total,
        sharpe,
        maxDrawdown: stitched.maxDrawdown,
        equity: Array.from(stitched.curve.time, (t, i) => ({
          time: istIsoString(t),
          value: stitched.curve.value[i],
        })),
      },
    };
    writeFileSync(options.json, `${JSON.stringify(out, null, 1)}\n`);
  }
}
