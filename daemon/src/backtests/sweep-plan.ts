// Parameter sets of a sweep: the engine's grid expansion (engine/sweep.ts expandGrid, as the CLI
// uses) over the base parameters, each set validated by the template. The same input always gives
// the same plan, in the same order, so a sweep job retried after a crash plans exactly what the
// first attempt planned.
import { validationError, type AppError } from '../core/errors';
import { expandGrid } from '../engine/index';
import { describeTemplate, getTemplate, parseParams } from '../strategies/index';
import { MAX_PLAN_RUNS } from './backtest-input';

export type Grid = Record<string, readonly number[]>;

export interface PlannedPoint {
  /** Index in the full grid (stable across retries). */
  point: number;
  /** The grid values of this point only. */
  values: Record<string, number>;
  /** Complete, validated parameters (base params, then the point, then defaults). */
  params: Record<string, unknown>;
}

function checkGridKeys(template: string, grid: Grid): void {
  const schema = describeTemplate(getTemplate(template)!).schema as { properties?: object };
  const known = Object.keys(schema.properties ?? {});
  const unknown = Object.keys(grid).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw validationError(
      unknown.map((k) => ({
        path: `grid.${k}`,
        value: grid[k],
        expected: `a parameter of ${template} (${known.join(', ')})`,
      })),
    );
}

/**
 * The grid's valid parameter sets. Combinations the template rejects (say fast >= slow) are
 * skipped, as a grid search expects; when every one is rejected, the first rejection is the error.
 */
export function planPoints(
  template: string,
  base: Record<string, unknown>,
  grid: Grid,
  runsPerPoint = 1,
): { points: PlannedPoint[]; skipped: number } {
  checkGridKeys(template, grid);
  const axes = Object.entries(grid).map(([name, values]) => ({ name, values: [...values] }));
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size * runsPerPoint > MAX_PLAN_RUNS)
    throw validationError([
      {
        path: 'grid',
        value: `${size} combinations × ${runsPerPoint} runs each`,
        expected: `at most ${MAX_PLAN_RUNS} runs`,
      },
    ]);
  const definition = getTemplate(template)!;
  const points: PlannedPoint[] = [];
  let firstError: unknown;
  expandGrid(axes).forEach((values, point) => {
    try {
      points.push({
        point,
        values: values as Record<string, number>,
        params: parseParams(definition, { ...base, ...values }),
      });
    } catch (err) {
      firstError ??= err;
    }
  });
  if (points.length === 0) throw firstError as AppError;
  return { points, skipped: size - points.length };
}
