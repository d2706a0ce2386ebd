import { describe, expect, it } from 'vitest';
import { EquityRecorder } from './equity-recorder';
import { expandGrid, parseSweep, rankResults } from './sweep';
import { parseWalkForward, planFolds, stitchOutOfSample } from './walk-forward';

describe('sweeps', () => {
  it('parse ranges (end inclusive, no float drift) and lists', () => {
    expect(parseSweep('fast=5:20:5')).toEqual({ name: 'fast', values: [5, 10, 15, 20] });
    expect(parseSweep('k=1:2:0.1').values).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
    expect(parseSweep('slow=20,40, 60')).toEqual({ name: 'slow', values: [20, 40, 60] });
    for (const bad of ['fast', 'fast=', 'fast=9:2:1', 'fast=1:5:0', 'fast=a,b', '=1,2']) {
      expect(() => parseSweep(bad), bad).toThrow(/sweep: got .*, expected name=start:end:step/);
    }
  });

  it('expand the grid with the first axis slowest, over the base parameters', () => {
    expect(expandGrid([parseSweep('fast=1,2'), parseSweep('slow=3,4')], { size: 7 })).toEqual([
      { size: 7, fast: 1, slow: 3 },
      { size: 7, fast: 1, slow: 4 },
      { size: 7, fast: 2, slow: 3 },
      { size: 7, fast: 2, slow: 4 },
    ]);
  });

  it('rank best first, NaN last, ties in grid order; drawdown ranks low first', () => {
    const rows = [
      { id: 'a', stats: { sharpe: 1, maxDrawdown: 0.3 } },
      { id: 'b', stats: { sharpe: NaN, maxDrawdown: 0.1 } },
      { id: 'c', stats: { sharpe: 2, maxDrawdown: 0.2 } },
      { id: 'd', stats: { sharpe: 1, maxDrawdown: 0.2 } },
    ] as never[];
    expect(rankResults(rows, 'sharpe').map((r: { id: string }) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(rankResults(rows, 'maxDrawdown').map((r: { id: string }) => r.id)).toEqual(['b', 'c', 'd', 'a']);
  });
});

describe('walk-forward', () => {
  it('plans folds that roll by the test length, the last one possibly short', () => {
    expect(parseWalkForward('train=750,test=250')).toEqual({ train: 750, test: 250 });
    expect(() => parseWalkForward('train=750')).toThrow(
      /walkForward: got "train=750", expected train=<bars>,test=<bars>/,
    );
    expect(planFolds(1000, { train: 600, test: 150 })).toEqual([
      { index: 0, trainStart: 0, trainEnd: 600, testStart: 600, testEnd: 750 },
      { index: 1, trainStart: 150, trainEnd: 750, testStart: 750, testEnd: 900 },
      { index: 2, trainStart: 300, trainEnd: 900, testStart: 900, testEnd: 1000 },
    ]);
    expect(() => planFolds(100, { train: 100, test: 10 })).toThrow(
      /train: got 100, expected at most 95 bars/,
    );
  });

  it('stitches test curves by compounding each fold from the last one’s growth', () => {
    const curve = (time: number[], value: number[]) => ({
      time: Float64Array.from(time),
      value: Float64Array.from(value),
      drawdown: new Float64Array(time.length),
      benchmark: Float64Array.from(time, () => 1),
    });
    // fold 1: 100 → 110 (+10 %); fold 2 from 100: 95, 120 → scaled by 1.1: 104.5, 132
    const s = stitchOutOfSample([curve([1, 2], [105, 110]), curve([3, 4], [95, 120])], {
      cash: 100,
      riskFreeRate: 0,
      barsPerYear: 250,
    });
    expect(Array.from(s.curve.value)).toEqual([105, 110, 95 * 1.1, 120 * 1.1]);
    expect(s.totalReturn).toBeCloseTo(0.32, 12);
    expect(s.maxDrawdown).toBeCloseTo(1 - 104.5 / 110, 12);
  });
});

describe('equity curve sampling', () => {
  const curveOf = (equity: number[], maxPoints: number, expected = equity.length) => {
    const recorder = new EquityRecorder(100, 0, expected, maxPoints);
    equity.forEach((e, i) => recorder.record(i, e, 1, false));
    return recorder.finish().curve;
  };

  it('keeps every point of a short run', () => {
    const c = curveOf([101, 99, 102], 10);
    expect(Array.from(c.time)).toEqual([0, 1, 2]);
    expect(Array.from(c.value)).toEqual([101, 99, 102]);
    expect(c.drawdown[1]).toBeCloseTo(1 - 99 / 101, 15);
  });

  it('buckets long runs, keeping each bucket’s deepest drawdown and last value', () => {
    // peak stays 100: drawdowns 0, .1, 0, 0, .3, .2, 0, .05; buckets of two
    const c = curveOf([100, 90, 100, 100, 70, 80, 100, 95], 4);
    expect(Array.from(c.time)).toEqual([1, 3, 5, 7]);
    expect(Array.from(c.value)).toEqual([90, 100, 80, 95]);
    expect(Array.from(c.drawdown, (d) => Number(d.toFixed(12)))).toEqual([0.1, 0, 0.3, 0.05]);
  });

  it('merges points pairwise when the run is longer than expected', () => {
    const c = curveOf([100, 100, 50, 100, 100, 100, 100, 100, 100], 4, 4);
    expect(c.time.length).toBeLessThanOrEqual(4);
    expect(c.time[c.time.length - 1]).toBe(8);
    expect(Math.max(...c.drawdown)).toBe(0.5);
  });
});
