// The out-of-sample record of a finished walk-forward run: the test windows' equity curves chained
// into one and its headline figures (engine/walk-forward.ts stitchOutOfSample, as the CLI reports
// them). Test runs keep every point of their curve (foldRunWindows), so the figures are exact.
import { barsPerYear, parseTimeframe } from '../core/timeframe';
import type { PoolClient } from '../db/pool';
import { jsonNumber, stitchOutOfSample, type EquityCurve } from '../engine/index';
import type { ParentRow } from './plan-children';
import type { FoldSummary } from './walk-forward-step';

export interface OutOfSample {
  folds: number;
  bars: number;
  totalReturn: number | null;
  maxDrawdown: number | null;
  sharpe: number | null;
  benchmarkReturn: number | null;
}

export async function outOfSampleSummary(
  c: PoolClient,
  parent: ParentRow,
  folds: FoldSummary[],
): Promise<OutOfSample | null> {
  const ids = folds.flatMap((f) =>
    f.outOfSampleRun?.status === 'succeeded' ? [f.outOfSampleRun.backtestId] : [],
  );
  if (ids.length === 0) return null;
  const { rows } = await c.query<{
    id: number;
    time: number[];
    equity: number[];
    drawdown: number[];
    benchmark: number[];
  }>(
    `SELECT backtest_id AS id, ts::float8[] AS time, equity, drawdown, benchmark FROM backtest_equity WHERE backtest_id = ANY($1)`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const curves: EquityCurve[] = ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        time: Float64Array.from(r.time),
        value: Float64Array.from(r.equity),
        drawdown: Float64Array.from(r.drawdown),
        benchmark: Float64Array.from(r.benchmark),
      },
    ];
  });
  const base = parent.spec.base;
  const s = stitchOutOfSample(curves, {
    cash: base.cash,
    riskFreeRate: base.riskFreeRate,
    barsPerYear: barsPerYear(parseTimeframe(base.timeframe)!),
  });
  return {
    folds: s.folds,
    bars: s.bars,
    totalReturn: jsonNumber(s.totalReturn),
    maxDrawdown: jsonNumber(s.maxDrawdown),
    sharpe: jsonNumber(s.sharpe),
    benchmarkReturn: jsonNumber(s.benchmarkReturn),
  };
}
