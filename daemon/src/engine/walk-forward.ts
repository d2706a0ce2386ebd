// Walk-forward analysis, planned once for every caller (`quanttrade backtest --walk-forward` and the
// backtest.sweep job): the folds in bars and in time, each fold's run windows and warm-up, and the
// stitched out-of-sample statistics. Pure.
//
// Each fold optimises on `train` bars and trades the best parameters on the next `test` bars; the
// next fold starts `test` bars later. A final test window shorter than half the test length
// (minTestBars) is merged into the fold before it, whose test window then runs to the end: the
// tail is still traded out of sample, and no fold reports a one-day window. Test runs warm their
// indicators on the training bars (they precede the test window: no look-ahead), or on the base
// spec's warm-up when that is longer.
import { validationError } from '../core/errors';
import type { EquityCurve } from './equity-curve';
import { EquityRecorder } from './equity-recorder';
import { riskFreePerBar, sharpeRatio } from './statistics';

export interface WalkForwardPlan {
  train: number;
  test: number;
}

export interface Fold {
  index: number;
  /** Bar indexes into the range's bars; ends are exclusive. */
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

export interface FoldWindow {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  /** Bars of the range's (first) series in the window. */
  bars: number;
}

export interface TimedFold {
  fold: number;
  train: FoldWindow;
  test: FoldWindow;
}

const EXPECTED = 'train=<bars>,test=<bars>, e.g. train=750,test=250';

export function parseWalkForward(text: string): WalkForwardPlan {
  const fields = Object.fromEntries(text.split(',').map((part) => part.split('=').map((s) => s.trim())));
  const train = Number(fields.train);
  const test = Number(fields.test);
  const ok =
    Object.keys(fields).length === 2 &&
    Number.isInteger(train) &&
    Number.isInteger(test) &&
    train > 0 &&
    test > 0;
  if (!ok) throw validationError([{ path: 'walkForward', value: text, expected: EXPECTED }]);
  return { train, test };
}

/** The shortest test window a fold may have: half the test length, rounded up. */
export function minTestBars(plan: WalkForwardPlan): number {
  return Math.max(1, Math.ceil(plan.test / 2));
}

/** Folds over `n` bars (see the rule above). Throws when not even one fits. */
export function planFolds(n: number, plan: WalkForwardPlan): Fold[] {
  const min = minTestBars(plan);
  const folds: Fold[] = [];
  for (let start = 0; start + plan.train + min <= n; start += plan.test) {
    const testStart = start + plan.train;
    folds.push({
      index: folds.length,
      trainStart: start,
      trainEnd: testStart,
      testStart,
      testEnd: Math.min(n, testStart + plan.test),
    });
  }
  // The loop stops before a fold with fewer than `min` test bars: the one before takes its bars.
  const last = folds.at(-1);
  if (last) last.testEnd = n;
  if (folds.length === 0) {
    throw validationError([
      {
        path: 'train',
        value: plan.train,
        expected: `at most ${n - min} bars (the range holds ${n} bars and a test window needs at least ${min})`,
      },
    ]);
  }
  return folds;
}

/**
 * Folds as time windows over the range's bars: a window runs from its first bar's time to the
 * first bar after it, and the last one to `end` (the range's exclusive end). `timeAt(i)` is the
 * time of bar i of the range; only fold edges are asked for.
 */
export function timeFolds(
  folds: readonly Fold[],
  timeAt: (i: number) => number,
  n: number,
  end: number,
): TimedFold[] {
  const at = (i: number) => (i < n ? timeAt(i) : end);
  return folds.map((f) => ({
    fold: f.index,
    train: { from: at(f.trainStart), to: at(f.trainEnd), bars: f.trainEnd - f.trainStart },
    test: { from: at(f.testStart), to: at(f.testEnd), bars: f.testEnd - f.testStart },
  }));
}

/** Bar indexes of every fold edge below n: what timeFolds asks timeAt for. */
export function foldEdges(folds: readonly Fold[], n: number): number[] {
  return [...new Set(folds.flatMap((f) => [f.trainStart, f.trainEnd, f.testEnd]))].filter((i) => i < n);
}

export function planWalkForward(
  n: number,
  timeAt: (i: number) => number,
  end: number,
  plan: WalkForwardPlan,
): TimedFold[] {
  return timeFolds(planFolds(n, plan), timeAt, n, end);
}

/**
 * The windows of a fold's runs. In sample: the training window. Out of sample: the test window,
 * warmed on the training bars (or the base warm-up when longer), keeping every point of its
 * equity curve (`symbols` bars per timestep at most) so the stitched statistics are exact.
 */
export function foldRunWindows(
  fold: TimedFold,
  base: { warmupBars?: number; symbols: number },
): {
  train: { from: number; to: number };
  test: { from: number; to: number; warmupBars: number; equityPoints: number };
} {
  return {
    train: { from: fold.train.from, to: fold.train.to },
    test: {
      from: fold.test.from,
      to: fold.test.to,
      warmupBars: Math.max(base.warmupBars ?? 0, fold.train.bars),
      equityPoints: Math.max(2, fold.test.bars * Math.max(1, base.symbols)),
    },
  };
}

export interface OutOfSample {
  folds: number;
  /** Timesteps of the stitched curve. */
  bars: number;
  totalReturn: number;
  sharpe: number;
  maxDrawdown: number;
  benchmarkReturn: number;
  curve: EquityCurve;
}

/**
 * Chains the test windows' equity curves into one out-of-sample curve: each fold ran from the
 * same initial cash, so fold k is scaled by the growth of folds 0..k−1 (compounding, as if the
 * account had been carried from fold to fold), and the curve's statistics are the engine's
 * (statistics.ts: the same Sharpe ratio as a single run of that path).
 */
export function stitchOutOfSample(
  curves: readonly EquityCurve[],
  options: { cash: number; riskFreeRate: number; barsPerYear: number },
): OutOfSample {
  const { cash, barsPerYear } = options;
  const rf = riskFreePerBar(options.riskFreeRate, barsPerYear);
  const steps = curves.reduce((n, c) => n + c.time.length, 0);
  const recorder = new EquityRecorder(cash, rf, steps, Math.max(2, steps));
  let scale = 1;
  let benchScale = 1;
  let benchLast = 1;
  let folds = 0;
  for (const c of curves) {
    if (c.time.length === 0) continue;
    folds++;
    const bench0 = c.benchmark[0]!;
    for (let i = 0; i < c.time.length; i++) {
      benchLast = benchScale * (c.benchmark[i]! / bench0);
      recorder.record(c.time[i]!, c.value[i]! * scale, benchLast, false);
    }
    scale *= c.value[c.time.length - 1]! / cash;
    benchScale = benchLast;
  }
  const s = recorder.finish();
  return {
    folds,
    bars: s.steps,
    totalReturn: s.finalEquity / cash - 1,
    sharpe: sharpeRatio(s, rf, barsPerYear),
    maxDrawdown: s.maxDrawdown,
    benchmarkReturn: s.benchmarkReturn,
    curve: s.curve,
  };
}
