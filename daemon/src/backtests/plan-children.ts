// The child runs of sweeps and walk-forward runs, planned from the parent's stored spec. Children
// are ordinary single backtests (kind 'single', parent_id set) with their place in the plan in
// `plan`: {role: 'grid', point, values} for a sweep, {role: 'in-sample' | 'out-of-sample', fold,
// point, values} for walk-forward folds.
import { foldRunWindows, type TimedFold } from '../engine/index';
import type { NewBacktest } from './backtest-insert';
import type { RunSpec } from './run-spec';
import { planPoints, type Grid, type PlannedPoint } from './sweep-plan';

/** A fold as stored in a parent's plan; folds planned before bar counts were kept lack them. */
export interface StoredFold {
  fold: number;
  train: { from: number; to: number; bars?: number };
  test: { from: number; to: number; bars?: number };
}

export interface ParentRow {
  id: number;
  ownerId: number;
  kind: 'sweep' | 'walk-forward';
  strategyId: number | null;
  strategyVersion: number | null;
  initialCash: string;
  rankBy: string;
  spec: {
    base: RunSpec;
    grid: Grid;
    /** Walk-forward: bars per fold in sample (train) and out of sample (test). */
    train?: number;
    test?: number;
    /**
     * The planned points, stored at submit for user code: its parameters were parsed by its own
     * schema in the sandbox then, and planning again would need the sandbox in the sweep job.
     */
    points?: PlannedPoint[];
  };
  /** Walk-forward: the folds in time, planned at submit (walk-forward-plan.ts). */
  plan: { folds?: StoredFold[] };
  range: { from: number; to: number };
  /** Children run on the parent's universe: synthetic when it is. */
  synthetic?: boolean;
}

export function childRow(
  parent: ParentRow,
  spec: RunSpec,
  range: { from: number; to: number },
  plan: Record<string, unknown>,
): NewBacktest {
  return {
    ownerId: parent.ownerId,
    kind: 'single',
    parentId: parent.id,
    strategyId: parent.strategyId,
    strategyVersion: parent.strategyVersion,
    spec,
    initialCash: parent.initialCash,
    range,
    plan,
    synthetic: parent.synthetic ?? false,
  };
}

function points(parent: ParentRow): PlannedPoint[] {
  return (
    parent.spec.points ??
    planPoints(parent.spec.base.strategy, parent.spec.base.params, parent.spec.grid).points
  );
}

/** The folds planned at submit. Folds stored before windows carried their bar counts get the plan's. */
export function parentFolds(parent: ParentRow): TimedFold[] {
  return (parent.plan.folds ?? []).map((f) => ({
    fold: f.fold,
    train: { ...f.train, bars: f.train.bars ?? parent.spec.train ?? 0 },
    test: { ...f.test, bars: f.test.bars ?? parent.spec.test ?? 0 },
  }));
}

/** Windows of a fold's runs, as the engine plans them for the CLI too (engine/walk-forward.ts). */
export function foldWindows(parent: ParentRow, fold: TimedFold) {
  const base = parent.spec.base;
  return foldRunWindows(fold, { warmupBars: base.warmupBars, symbols: base.symbols.length });
}

/** The children a parent starts with: the grid (sweep), or the grid on every in-sample window. */
export function initialChildren(parent: ParentRow): NewBacktest[] {
  const base = parent.spec.base;
  if (parent.kind === 'sweep') {
    return points(parent).map((p) =>
      childRow(parent, { ...base, params: p.params }, parent.range, {
        role: 'grid',
        point: p.point,
        values: p.values,
      }),
    );
  }
  return parentFolds(parent).flatMap((fold) =>
    points(parent).map((p) =>
      childRow(parent, { ...base, params: p.params, ...foldWindows(parent, fold).train }, fold.train, {
        role: 'in-sample',
        fold: fold.fold,
        point: p.point,
        values: p.values,
      }),
    ),
  );
}
