// The one planner for sweeps and walk-forward runs, as the CLI and the jobs both call it.
import { describe, expect, it } from 'vitest';
import { EquityRecorder } from './equity-recorder';
import { computeStats } from './statistics';
import { chooseBest, planGrid } from './sweep';
import {
  foldRunWindows,
  minTestBars,
  planFolds,
  planWalkForward,
  stitchOutOfSample,
  type TimedFold,
} from './walk-forward';

describe('the walk-forward planner', () => {
  it('merges a final test window shorter than half the test length into the fold before it', () => {
    expect(minTestBars({ train: 200, test: 100 })).toBe(50);
    // 605 bars: the fifth fold would test bars 600–604 only (5 bars < 50).
    expect(
      planFolds(605, { train: 200, test: 100 }).map((f) => [f.trainStart, f.testStart, f.testEnd]),
    ).toEqual([
      [0, 200, 300],
      [100, 300, 400],
      [200, 400, 500],
      [300, 500, 605],
    ]);
    // 660 bars: the fifth fold tests 600–659 (60 bars >= 50) and stays.
    expect(planFolds(660, { train: 200, test: 100 }).at(-1)).toEqual({
      index: 4,
      trainStart: 400,
      trainEnd: 600,
      testStart: 600,
      testEnd: 660,
    });
  });

  it('refuses a range without room for one training window and a minimal test window', () => {
    expect(() => planFolds(240, { train: 200, test: 100 })).toThrow(
      /train: got 200, expected at most 190 bars \(the range holds 240 bars and a test window needs at least 50\)/,
    );
    expect(planFolds(250, { train: 200, test: 100 })).toHaveLength(1);
  });

  it('turns folds into time windows: [first bar, first bar after) and the range end last', () => {
    const times = Array.from({ length: 605 }, (_, i) => 1_000 + i * 10);
    const folds = planWalkForward(605, (i) => times[i]!, 99_999, { train: 200, test: 100 });
    expect(folds[0]).toEqual({
      fold: 0,
      train: { from: 1_000, to: 3_000, bars: 200 },
      test: { from: 3_000, to: 4_000, bars: 100 },
    });
    expect(folds[3]!.test).toEqual({ from: 6_000, to: 99_999, bars: 105 });
  });

  it('warms each test run on its training window (or more, when the base asks for more)', () => {
    const fold: TimedFold = {
      fold: 0,
      train: { from: 0, to: 10, bars: 200 },
      test: { from: 10, to: 20, bars: 100 },
    };
    expect(foldRunWindows(fold, { warmupBars: 0, symbols: 1 })).toEqual({
      train: { from: 0, to: 10 },
      test: { from: 10, to: 20, warmupBars: 200, equityPoints: 100 },
    });
    expect(foldRunWindows(fold, { warmupBars: 300, symbols: 2 }).test).toMatchObject({
      warmupBars: 300,
      equityPoints: 200,
    });
  });
});

describe('the sweep planner', () => {
  it('plans the valid points of a grid with their full parameters, counting the rejected', () => {
    const plan = planGrid('sma-cross', { size: 10 }, [
      { name: 'fast', values: [5, 25] },
      { name: 'slow', values: [20] },
    ]);
    expect(plan.skipped).toBe(1); // fast 25 >= slow 20
    expect(plan.points).toEqual([
      { point: 0, values: { fast: 5, slow: 20 }, params: { fast: 5, slow: 20, size: 10 } },
    ]);
    expect(() => planGrid('sma-cross', {}, [{ name: 'speed', values: [1] }], { path: 'grid' })).toThrow(
      /grid\.speed: got \[1\], expected a parameter of sma-cross \(fast, slow, size\)/,
    );
    expect(() => planGrid('sma-cross', {}, [{ name: 'fast', values: [1, 2, 3] }], { maxRuns: 2 })).toThrow(
      /expected at most 2 runs/,
    );
  });

  it('chooses the best by the rank metric: NaN last, ties to the earlier grid point', () => {
    const rows = [
      { point: 0, value: 1 },
      { point: 1, value: NaN },
      { point: 2, value: 2 },
      { point: 3, value: 2 },
    ];
    expect(chooseBest(rows, 'sharpe', (r) => r.value)).toEqual({ point: 2, value: 2 });
    expect(chooseBest(rows, 'maxDrawdown', (r) => r.value)).toEqual({ point: 0, value: 1 });
    expect(chooseBest([{ value: NaN }], 'sharpe', (r) => r.value)).toEqual({ value: NaN });
    expect(chooseBest([], 'sharpe', () => 0)).toBeUndefined();
  });
});

describe('stitched out-of-sample statistics', () => {
  it('give the Sharpe ratio the engine gives a single run of the same bars', () => {
    const curve = (time: number[], value: number[]) => ({
      time: Float64Array.from(time),
      value: Float64Array.from(value),
      drawdown: new Float64Array(time.length),
      benchmark: Float64Array.from(time, (t) => 100 + t),
    });
    const oos = stitchOutOfSample([curve([1, 2, 3], [101, 99, 104]), curve([4, 5], [102, 103])], {
      cash: 100,
      riskFreeRate: 0.05,
      barsPerYear: 250,
    });
    // The same equity path recorded as one run.
    const recorder = new EquityRecorder(100, Math.pow(1.05, 1 / 250) - 1, 5, 10);
    const path = [101, 99, 104, 102 * 1.04, 103 * 1.04];
    path.forEach((v, i) => recorder.record(i + 1, v, 1, false));
    const single = computeStats({
      equity: recorder.finish(),
      trades: { length: 0 } as never,
      initialCash: 100,
      finalValue: path.at(-1)!,
      tradedValue: 0,
      costs: { brokerage: 0, stt: 0, exchange: 0, sebi: 0, stamp: 0, gst: 0, dp: 0, total: 0 } as never,
      barsPerYear: 250,
      riskFreeRate: 0.05,
    });
    expect(oos).toMatchObject({ folds: 2, bars: 5 });
    expect(oos.totalReturn).toBeCloseTo(1.04 * 1.03 - 1, 12);
    expect(oos.sharpe).toBeCloseTo(single.sharpe, 12);
    expect(oos.maxDrawdown).toBeCloseTo(single.maxDrawdown, 12);
  });
});
