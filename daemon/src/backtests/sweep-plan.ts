// Parameter sets of a sweep: the engine's grid expansion (engine/sweep.ts expandGrid, as the CLI
// uses) over the base parameters, each set validated by the strategy — a template's schema, or
// user code's own schema parsed in the sandbox ahead of planning (codeParamSpace). The same input
// always gives the same plan, in the same order, so a sweep job retried after a crash plans
// exactly what the first attempt planned.
import { validationError, type AppError } from '../core/errors';
import { expandGrid } from '../engine/index';
import type { CodeStrategy } from '../sandbox/code-backtest';
import type { StrategyCode } from '../sandbox/strategy-code';
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

/** What planning needs of a strategy: its name, its parameter names, and its parser. */
export interface ParamSpace {
  name: string;
  known: string[];
  /** Complete parameters with defaults; throws VALIDATION_FAILED naming each bad field. */
  parse(raw: Record<string, unknown>): Record<string, unknown>;
}

export function templateSpace(template: string): ParamSpace {
  const definition = getTemplate(template)!;
  const schema = describeTemplate(definition).schema as { properties?: object };
  return {
    name: template,
    known: Object.keys(schema.properties ?? {}),
    parse: (raw) => parseParams(definition, raw),
  };
}

function checkGridKeys(space: ParamSpace, grid: Grid): void {
  const unknown = Object.keys(grid).filter((k) => !space.known.includes(k));
  if (unknown.length > 0)
    throw validationError(
      unknown.map((k) => ({
        path: `grid.${k}`,
        value: grid[k],
        expected: `a parameter of ${space.name} (${space.known.join(', ')})`,
      })),
    );
}

function rawSets(base: Record<string, unknown>, grid: Grid): Record<string, unknown>[] {
  const axes = Object.entries(grid).map(([name, values]) => ({ name, values: [...values] }));
  return expandGrid(axes).map((values) => ({ ...base, ...values }));
}

/**
 * A code strategy's parameter space for one grid: every set the grid makes is parsed by the code's
 * schema in the sandbox (one request for the whole grid), before planning. `schema` is the JSON
 * Schema saved with the version (its property names are the parameters).
 */
export async function codeParamSpace(
  code: StrategyCode,
  strategy: CodeStrategy,
  name: string,
  schema: Record<string, unknown>,
  base: Record<string, unknown>,
  grid: Grid,
): Promise<ParamSpace> {
  const known = Object.keys((schema.properties as object | undefined) ?? {});
  const space: ParamSpace = { name, known, parse: () => ({}) };
  checkGridKeys(space, grid);
  const axes = Object.values(grid).reduce((n, v) => n * v.length, 1);
  if (axes > MAX_PLAN_RUNS) return { ...space, parse: () => ({}) };
  const sets = rawSets(base, grid);
  const parsed = await code.parseParams(strategy, sets);
  const byKey = new Map(sets.map((raw, i) => [JSON.stringify(raw), parsed[i]!]));
  return {
    ...space,
    parse(raw) {
      const result = byKey.get(JSON.stringify(raw));
      if (!result)
        throw validationError([{ path: 'params', value: raw, expected: 'a planned parameter set' }]);
      if (result.ok) return result.params;
      throw validationError(
        result.issues.length ? result.issues : [{ path: 'params', value: raw, expected: result.message }],
        `parameters for ${name}`,
      );
    },
  };
}

/**
 * The grid's valid parameter sets. Combinations the template rejects (say fast >= slow) are
 * skipped, as a grid search expects; when every one is rejected, the first rejection is the error.
 */
export function planPoints(
  space: ParamSpace,
  base: Record<string, unknown>,
  grid: Grid,
  runsPerPoint = 1,
): { points: PlannedPoint[]; skipped: number } {
  checkGridKeys(space, grid);
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
  const points: PlannedPoint[] = [];
  let firstError: unknown;
  expandGrid(axes).forEach((values, point) => {
    try {
      points.push({
        point,
        values: values as Record<string, number>,
        params: space.parse({ ...base, ...values }),
      });
    } catch (err) {
      firstError ??= err;
    }
  });
  if (points.length === 0) throw firstError as AppError;
  return { points, skipped: size - points.length };
}
