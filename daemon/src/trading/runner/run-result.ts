// A paper run's result in the backtester's shape (engine/result.ts), so `quanttrade paper --json`
// writes what `backtest --json` writes and the two compare field by field. The equity curve and
// statistics are recorded per timestep exactly as the backtest drivers record them.
import { bookedRupees } from '../../engine/booked-amount';
import { openPositions } from '../../engine/backtest';
import type { NormalizedBacktestSpec } from '../../engine/backtest-spec';
import type { Engine } from '../../engine/engine';
import { EquityRecorder } from '../../engine/equity-recorder';
import type { BacktestResult } from '../../engine/result';
import { computeStats, riskFreePerBar } from '../../engine/statistics';

/** Records equity and the equal-weight benchmark after each timestep (run-timeline.ts's way). */
export class RunRecorder {
  readonly recorder: EquityRecorder;
  private readonly base: Float64Array;
  private readonly ratio: Float64Array;
  private ratioSum: number;
  steps = 0;

  constructor(
    private readonly engine: Engine,
    readonly spec: NormalizedBacktestSpec,
    private readonly barsPerYear: number,
    expectedSteps: number,
  ) {
    const n = engine.symbolNames.length;
    this.recorder = new EquityRecorder(
      spec.cash,
      riskFreePerBar(spec.riskFreeRate, barsPerYear),
      expectedSteps,
      spec.equityPoints,
    );
    this.base = new Float64Array(n).fill(NaN);
    this.ratio = new Float64Array(n).fill(1);
    this.ratioSum = n;
  }

  afterStep(time: number, symbols: readonly number[]): void {
    for (const s of symbols) {
      const close = this.engine.barSlot(s).close;
      if (this.base[s] !== this.base[s]) this.base[s] = close;
      const r = close / this.base[s]!;
      this.ratioSum += r - this.ratio[s]!;
      this.ratio[s] = r;
    }
    const r = this.recorder;
    r.time = time;
    r.equity = this.engine.portfolio.equity();
    r.benchmark = this.ratioSum / this.engine.symbolNames.length;
    r.exposed = this.engine.portfolio.openPositions > 0;
    r.step();
    this.steps++;
  }

  /** The result as a backtest reports it (call once, after the last timestep). */
  finish(params: Record<string, unknown>, barsProcessed: number): BacktestResult {
    const engine = this.engine;
    const spec = this.spec;
    engine.finish();
    const equity = this.recorder.finish();
    const portfolio = engine.portfolio;
    const finalValue = bookedRupees(portfolio.equity());
    const positions = openPositions(portfolio);
    const stats = computeStats({
      equity,
      trades: portfolio.trades,
      initialCash: spec.cash,
      finalValue,
      tradedValue: portfolio.turnover,
      costs: portfolio.costs.toBreakdown(),
      barsPerYear: this.barsPerYear,
      riskFreeRate: spec.riskFreeRate,
      orders: engine.orderLog,
    });
    return {
      spec,
      symbols: [...engine.symbolNames],
      params,
      initialCash: spec.cash,
      finalValue,
      cash: portfolio.cash,
      positions,
      stats,
      equity: equity.curve,
      trades: portfolio.trades,
      orders: engine.orderLog,
      barsProcessed,
    };
  }
}
