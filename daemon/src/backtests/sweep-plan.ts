// Parameter sets of a sweep job: the engine's grid planner (engine/sweep.ts planGrid, as
// `quanttrade backtest --sweep` uses it) with the API's names and limits. The same input always
// gives the same plan, in the same order, so a sweep job retried after a crash plans exactly what
// the first attempt planned. User code plans from its own schema, parsed in the sandbox ahead
// (sandbox/code-params.ts); its points are kept in the parent's spec (plan-children.ts).
import { planGrid, type ParamSpace, type PlannedPoint, type SweepAxis } from '../engine/index';
import { MAX_PLAN_RUNS } from './backtest-input';

export type Grid = Record<string, readonly number[]>;
export type { PlannedPoint };

export function gridAxes(grid: Grid): SweepAxis[] {
  return Object.entries(grid).map(([name, values]) => ({ name, values: [...values] }));
}

/** The grid's valid parameter sets, and how many combinations the strategy rejected. */
export function planPoints(
  strategy: string | ParamSpace,
  base: Record<string, unknown>,
  grid: Grid,
  runsPerPoint = 1,
): { points: PlannedPoint[]; skipped: number } {
  return planGrid(strategy, base, gridAxes(grid), { path: 'grid', maxRuns: MAX_PLAN_RUNS, runsPerPoint });
}
