// A code strategy's parameter space for one grid (engine/sweep.ts ParamSpace): every set the grid
// makes is parsed by the code's own schema in the sandbox — one request for the whole grid —
// before planning, so the planner (pure and synchronous) can look each one up.
import { validationError } from '../core/errors';
import { expandGrid, type ParamSpace, type SweepAxis } from '../engine/index';
import type { CodeStrategy } from './code-backtest';
import type { StrategyCode } from './strategy-code';

/** Grids larger than this are left to the planner to refuse (it names the limit). */
const MAX_PARSED = 100_000;

export async function codeParamSpace(
  code: StrategyCode,
  strategy: CodeStrategy,
  name: string,
  /** The parameter names (the properties of the code's JSON Schema). */
  known: readonly string[],
  base: Record<string, unknown>,
  axes: readonly SweepAxis[],
): Promise<ParamSpace> {
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_PARSED || axes.some((a) => !known.includes(a.name)))
    return { name, known, parse: () => ({}) };
  const sets = expandGrid(axes).map((values) => ({ ...base, ...values }));
  const parsed = await code.parseParams(strategy, sets);
  const byKey = new Map(sets.map((raw, i) => [JSON.stringify(raw), parsed[i]!]));
  return {
    name,
    known,
    parse(raw) {
      const result = byKey.get(JSON.stringify(raw));
      if (!result)
        throw validationError([{ path: 'params', value: raw, expected: 'a set of the planned grid' }]);
      if (result.ok) return result.params;
      throw validationError(
        result.issues.length ? result.issues : [{ path: 'params', value: raw, expected: result.message }],
        `parameters for ${name}`,
      );
    },
  };
}

/** The parameter names of a saved code version: the properties of its JSON Schema. */
export function schemaParameterNames(schema: Record<string, unknown>): string[] {
  return Object.keys((schema.properties as object | undefined) ?? {});
}
