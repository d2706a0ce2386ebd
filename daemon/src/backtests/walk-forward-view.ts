// backtests.folds: a walk-forward run as its own view (the console's fold table, stitched
// out-of-sample curve and parameter-stability chart) — read from the stored plan and the children,
// so it is there while the run is still going. Per fold: the train and test windows, the in-sample
// run whose parameters were chosen with its return and Sharpe, and the out-of-sample run's.
// Under the caller's row-level security, like every backtest read.
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { getBacktest } from './backtest-store';
import type { StoredFold } from './plan-children';
import { buyAndHold } from './result-reader';
import { downsampleEquity, type EquitySeries } from './series-downsample';

export interface RunFigures {
  backtestId: number;
  status: string;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  /** The statistic the run was ranked by, for in-sample runs. */
  rankValue: number | null;
}

export interface FoldView {
  fold: number;
  train: { from: string; to: string; bars: number | null };
  test: { from: string; to: string; bars: number | null };
  inSampleRuns: number;
  inSampleFinished: number;
  /** The parameters chosen in sample (null until the fold's grid has finished). */
  chosen: Record<string, unknown> | null;
  inSample: RunFigures | null;
  outOfSample: RunFigures | null;
}

export interface WalkForwardView {
  id: number;
  rankBy: string;
  folds: FoldView[];
  /** Test windows' curves chained: each starts where the one before ended. */
  stitched: EquitySeries | null;
  outOfSample: Record<string, unknown> | null;
}

interface ChildRow {
  id: number;
  status: string;
  plan: { role?: string; fold?: number; values?: Record<string, unknown>; chosenFrom?: number };
  stats: Record<string, unknown> | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const iso = (ms: number) => new Date(ms).toISOString();

function figures(child: ChildRow | undefined, rankBy: string): RunFigures | null {
  if (!child) return null;
  const s = child.stats ?? {};
  return {
    backtestId: child.id,
    status: child.status,
    totalReturn: num(s.totalReturn),
    sharpe: num(s.sharpe),
    maxDrawdown: num(s.maxDrawdown),
    rankValue: num(s[rankBy]),
  };
}

/** Chains test-window curves: each is scaled to start from the previous one's last value. */
export function stitchCurves(
  curves: { time: number[]; equity: number[]; benchmark: (number | null)[] | undefined }[],
  cash: number,
): EquitySeries {
  const out: Required<EquitySeries> = { time: [], equity: [], drawdown: [], benchmark: [] };
  let scale = 1;
  let benchScale = 1;
  let peak = -Infinity;
  for (const c of curves) {
    if (c.time.length === 0) continue;
    const start = c.equity[0]!;
    for (let i = 0; i < c.time.length; i++) {
      const value = c.equity[i]! * scale;
      peak = Math.max(peak, value);
      out.time.push(c.time[i]!);
      out.equity.push(value);
      out.drawdown.push(peak > 0 ? (peak - value) / peak : 0);
      const b = c.benchmark?.[i];
      out.benchmark.push(b === null || b === undefined ? null : (b / start) * cash * benchScale);
    }
    scale *= c.equity[c.equity.length - 1]! / cash;
    const lastBench = c.benchmark?.[c.benchmark.length - 1];
    if (lastBench !== null && lastBench !== undefined) benchScale *= lastBench / start;
  }
  return out;
}

async function readStitched(db: PoolClient, ids: number[], cash: number, points: number) {
  if (ids.length === 0) return null;
  const { rows } = await db.query<{
    id: number;
    time: number[];
    equity: number[];
    benchmark: (number | null)[] | null;
  }>(
    `SELECT backtest_id::int AS id, ts::float8[] AS time, equity, benchmark FROM backtest_equity WHERE backtest_id = ANY($1)`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const curves = ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ time: r.time, equity: r.equity, benchmark: buyAndHold(r.equity, r.benchmark) }] : [];
  });
  return curves.length ? downsampleEquity(stitchCurves(curves, cash), points) : null;
}

export async function readWalkForward(db: PoolClient, id: number, points: number): Promise<WalkForwardView> {
  const parent = await getBacktest(db, id);
  if (parent.kind !== 'walk-forward') {
    throw new AppError('CONFLICT', `backtest ${id} is a ${parent.kind} run, not a walk-forward one`, {
      kind: parent.kind,
    });
  }
  const rankBy = parent.rankBy ?? 'sharpe';
  const { rows: children } = await db.query<ChildRow>(
    `SELECT id::int, status, plan, stats FROM backtests WHERE parent_id = $1 ORDER BY id`,
    [id],
  );
  const stored = ((parent.plan as { folds?: StoredFold[] }).folds ?? [])
    .slice()
    .sort((a, b) => a.fold - b.fold);
  const folds = stored.map((f): FoldView => {
    const inSample = children.filter((c) => c.plan.role === 'in-sample' && c.plan.fold === f.fold);
    const oos = children.find((c) => c.plan.role === 'out-of-sample' && c.plan.fold === f.fold);
    const chosenRun = oos ? children.find((c) => c.id === oos.plan.chosenFrom) : undefined;
    return {
      fold: f.fold,
      train: { from: iso(f.train.from), to: iso(f.train.to), bars: f.train.bars ?? null },
      test: { from: iso(f.test.from), to: iso(f.test.to), bars: f.test.bars ?? null },
      inSampleRuns: inSample.length,
      inSampleFinished: inSample.filter((c) => ['succeeded', 'failed', 'cancelled'].includes(c.status))
        .length,
      chosen: oos?.plan.values ?? chosenRun?.plan.values ?? null,
      inSample: figures(chosenRun, rankBy),
      outOfSample: figures(oos, rankBy),
    };
  });
  const oosIds = folds.flatMap((f) =>
    f.outOfSample?.status === 'succeeded' ? [f.outOfSample.backtestId] : [],
  );
  const stats = parent.stats as { outOfSample?: Record<string, unknown> | null } | null;
  return {
    id,
    rankBy,
    folds,
    stitched: await readStitched(db, oosIds, Number(parent.initialCash), points),
    outOfSample: stats?.outOfSample ?? null,
  };
}
