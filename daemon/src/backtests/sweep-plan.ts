// Parameter sets of a sweep job: the engine's grid planner (engine/sweep.ts planGrid, as
// `quanttrade backtest --sweep` uses it) with the API's names and limits. The same input always
// gives the same plan, in the same order, so a sweep job retried after a crash plans exactly what
// the first attempt planned.
import { planGrid, type PlannedPoint } from '../engine/index';
import { MAX_PLAN_RUNS } from './backtest-input';

export type Grid = Record<string, readonly number[]>;
export type { PlannedPoint };

/** The grid's valid parameter sets, and how many combinations the template rejected. */
export function planPoints(
  template: string,
  base: Record<string, unknown>,
  grid: Grid,
  runsPerPoint = 1,
): { points: PlannedPoint[]; skipped: number } {
  const axes = Object.entries(grid).map(([name, values]) => ({ name, values: [...values] }));
  return planGrid(template, base, axes, { path: 'grid', maxRuns: MAX_PLAN_RUNS, runsPerPoint });
}
