// The child runs of sweeps and walk-forward runs, planned from the parent's stored spec. Children
// are ordinary single backtests (kind 'single', parent_id set) with their place in the plan in
// `plan`: {role: 'grid', point, values} for a sweep, {role: 'in-sample' | 'out-of-sample', fold,
// point, values} for walk-forward folds.
import type { NewBacktest } from './backtest-insert';
import type { RunSpec } from './run-spec';
import { planPoints, templateSpace, type Grid, type PlannedPoint } from './sweep-plan';
import type { TimedFold } from './walk-forward-plan';

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
  plan: { folds?: TimedFold[] };
  range: { from: number; to: number };
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
  };
}

function points(parent: ParentRow): PlannedPoint[] {
  return (
    parent.spec.points ??
    planPoints(templateSpace(parent.spec.base.strategy), parent.spec.base.params, parent.spec.grid).points
  );
}

export function parentFolds(parent: ParentRow): TimedFold[] {
  return parent.plan.folds ?? [];
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
      childRow(parent, { ...base, params: p.params, from: fold.train.from, to: fold.train.to }, fold.train, {
        role: 'in-sample',
        fold: fold.fold,
        point: p.point,
        values: p.values,
      }),
    ),
  );
}
