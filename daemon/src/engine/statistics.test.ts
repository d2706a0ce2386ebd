// Statistics against the formulas of docs/statistics.md, evaluated by hand on tiny inputs.
import { describe, expect, it } from 'vitest';
import { ZERO_COSTS } from '../costs/index';
import { EquityRecorder } from './equity-recorder';
import { computeStats, riskFreePerBar } from './statistics';
import { TradeLog } from './trade-log';

const DAY = 86_400_000;

function run(
  equity: number[],
  benchmark: number[],
  exposed: boolean[],
  rf = 0,
  trades = new TradeLog(['X']),
) {
  const B = 250;
  const recorder = new EquityRecorder(100, riskFreePerBar(rf, B), equity.length, 100);
  equity.forEach((e, i) => recorder.record(i * DAY, e, benchmark[i]!, exposed[i]!));
  return computeStats({
    equity: recorder.finish(),
    trades,
    initialCash: 100,
    finalValue: equity[equity.length - 1]!,
    tradedValue: 300,
    costs: { ...ZERO_COSTS },
    barsPerYear: B,
    riskFreeRate: rf,
  });
}

describe('statistics', () => {
  // initial 100 → 110 → 99 → 121; benchmark 10 → 11 → 10.45
  const equity = [110, 99, 121];
  const mean = (0.1 - 0.1 + (121 / 99 - 1)) / 3;
  const sd = Math.sqrt(((0.1 - mean) ** 2 + (-0.1 - mean) ** 2 + (121 / 99 - 1 - mean) ** 2) / 2);

  it('returns, volatility, Sharpe, Sortino, CAGR and Calmar', () => {
    const s = run(equity, [10, 11, 10.45], [true, false, true]);
    expect(s.totalReturn).toBeCloseTo(0.21, 15);
    expect(s.annualVolatility).toBeCloseTo(sd * Math.sqrt(250), 12);
    expect(s.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(250), 10);
    // downside deviation: only the −10 % bar is below the 0 target, over n = 3 bars
    expect(s.sortino).toBeCloseTo((mean / Math.sqrt(0.01 / 3)) * Math.sqrt(250), 10);
    expect(s.cagr).toBeCloseTo(1.21 ** (250 / 3) - 1, 6);
    expect(s.maxDrawdown).toBeCloseTo(0.1, 15); // 110 → 99
    expect(s.calmar).toBeCloseTo(s.cagr / 0.1, 6);
    expect(s.maxDrawdownBars).toBe(1);
    expect([s.maxDrawdownStart, s.maxDrawdownEnd]).toEqual([0, DAY]);
    expect(s.exposure).toBeCloseTo(2 / 3, 15);
    expect(s.turnover).toBeCloseTo(300 / ((110 + 99 + 121) / 3), 12);
    expect([s.startTime, s.endTime, s.bars]).toEqual([0, 2 * DAY, 3]);
  });

  it('subtracts the per-bar risk-free rate', () => {
    const s = run(equity, [10, 11, 10.45], [true, true, true], 0.065);
    const rf = 1.065 ** (1 / 250) - 1;
    expect(s.sharpe).toBeCloseTo(((mean - rf) / sd) * Math.sqrt(250), 10);
  });

  it('benchmark return, beta and alpha from bar returns i ≥ 1', () => {
    const s = run(equity, [10, 11, 10.45], [true, true, true]);
    const rs = [-0.1, 121 / 99 - 1];
    const rb = [0.1, -0.05];
    const ms = (rs[0]! + rs[1]!) / 2;
    const mb = (rb[0]! + rb[1]!) / 2;
    const cov = ((rs[0]! - ms) * (rb[0]! - mb) + (rs[1]! - ms) * (rb[1]! - mb)) / 2;
    const varB = ((rb[0]! - mb) ** 2 + (rb[1]! - mb) ** 2) / 2;
    expect(s.benchmarkReturn).toBeCloseTo(0.045, 15);
    expect(s.beta).toBeCloseTo(cov / varB, 12);
    expect(s.alpha).toBeCloseTo((ms - (cov / varB) * mb) * 250, 9);
  });

  it('the longest drawdown runs from the peak to recovery', () => {
    // peak 105 at bar 0, under water on bars 1–3, recovered on bar 4; a deeper but shorter dip later
    const s = run([105, 100, 101, 102, 106, 90, 107], [1, 1, 1, 1, 1, 1, 1], Array(7).fill(true));
    expect(s.maxDrawdownBars).toBe(3);
    expect([s.maxDrawdownStart, s.maxDrawdownEnd]).toEqual([0, 3 * DAY]);
    expect(s.maxDrawdown).toBeCloseTo(1 - 90 / 106, 15);
  });

  it('trade statistics use net PnL', () => {
    const log = new TradeLog(['X']);
    // pnl, costs → net: +98, −52, +198, 0
    const trades: [number, number][] = [
      [100, 2],
      [-50, 2],
      [200, 2],
      [2, 2],
    ];
    trades.forEach(([pnl, costs], i) =>
      log.push(0, 'long', 1, i * DAY, 10, (i + 1) * DAY, 11, pnl, costs, 2 + i),
    );
    const s = run(equity, [10, 11, 10.45], [true, true, true], 0, log);
    expect(s.trades).toBe(4);
    expect(s.winRate).toBe(0.5);
    expect(s.profitFactor).toBeCloseTo(296 / 52, 12);
    expect(s.expectancy).toBeCloseTo((98 - 52 + 198 + 0) / 4, 12);
    expect(s.averageWin).toBe(148);
    expect(s.averageLoss).toBe(-52);
    expect(s.largestWin).toBe(198);
    expect(s.largestLoss).toBe(-52);
    expect(s.averageHoldingBars).toBe(3.5);
    expect(s.averageHoldingMs).toBe(DAY);
  });

  it('leaves undefined figures as NaN rather than inventing them', () => {
    const s = run([100, 100, 100], [1, 1, 1], [false, false, false]);
    expect(s.sharpe).toBeNaN();
    expect(s.sortino).toBeNaN();
    expect(s.calmar).toBeNaN();
    expect(s.beta).toBeNaN();
    expect(s.winRate).toBeNaN();
    expect(s.maxDrawdown).toBe(0);
  });
});
