// Creating and changing strategies. A strategy's runnable content (template, parameters,
// universe, costs) is immutable once a backtest may have used it: a change adds a version, and
// backtests keep pointing at the version they ran. Renaming does not add a version.
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import { checkDistinctSymbols, strategyFields, validateParams } from './strategy-input';
import {
  archiveStrategy,
  getStrategy,
  insertStrategy,
  updateStrategy,
  type Strategy,
  type VersionContent,
} from './strategy-store';

export const createStrategyInput = z.strictObject({
  name: strategyFields.name,
  description: strategyFields.description.default(''),
  template: strategyFields.template,
  params: strategyFields.params.default({}),
  universe: strategyFields.universe,
  costs: strategyFields.costs.default({ model: 'none' }),
});

export const updateStrategyInput = z.strictObject({
  id: z.number().int().positive(),
  name: strategyFields.name.optional(),
  description: strategyFields.description.optional(),
  template: strategyFields.template.optional(),
  params: strategyFields.params.optional().describe('The complete parameter set (defaults fill the rest)'),
  universe: strategyFields.universe.optional(),
  costs: strategyFields.costs.optional(),
});

function checkedContent(content: VersionContent): VersionContent {
  checkDistinctSymbols(content.universe.symbols, 'universe.symbols');
  return { ...content, params: validateParams(content.template, content.params) };
}

export function createStrategy(
  db: PoolClient,
  ownerId: number,
  input: z.output<typeof createStrategyInput>,
): Promise<Strategy> {
  const content = checkedContent(input);
  return insertStrategy(db, ownerId, { name: input.name, description: input.description, ...content });
}

/** The new version's content, or undefined when nothing runnable changed. */
function changedContent(
  current: Strategy,
  input: z.output<typeof updateStrategyInput>,
): VersionContent | undefined {
  const { template, params, universe, costs } = current.current;
  if (input.template === undefined && !input.params && !input.universe && !input.costs) return undefined;
  const templateChanged = input.template !== undefined && input.template !== template;
  const next = checkedContent({
    template: input.template ?? template,
    // Another template's parameters mean nothing to this one: start from its defaults.
    params: input.params ?? (templateChanged ? {} : params),
    universe: input.universe ?? universe,
    costs: input.costs ?? costs,
  });
  const same = canonical(next) === canonical({ template, params, universe, costs });
  return same ? undefined : next;
}

/** JSON with sorted keys: jsonb hands objects back in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export async function changeStrategy(
  db: PoolClient,
  input: z.output<typeof updateStrategyInput>,
): Promise<Strategy> {
  const current = await getStrategy(db, input.id, true);
  if (current.archivedAt)
    throw new AppError('CONFLICT', `strategy ${current.id} is archived; create a new one instead`, {
      id: current.id,
    });
  return updateStrategy(db, current, {
    name: input.name ?? current.name,
    description: input.description ?? current.description,
    content: changedContent(current, input),
  });
}

export { archiveStrategy };
