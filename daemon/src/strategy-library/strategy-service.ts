// Creating and changing strategies. A strategy's runnable content (a template or the source of the
// user's own code, parameters, universe, costs) is immutable once a backtest may have used it: a
// change adds a version, and backtests keep pointing at the version they ran. Renaming does not
// add a version. Code is checked before anything is written — compiled, type-checked, loaded in
// the sandbox, its parameters parsed by its own schema (code-content.ts) — outside the database
// transaction, since a check takes seconds; the write then makes sure no one saved in between.
import { z } from 'zod';
import { AppError, validationError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { StrategyCode } from '../sandbox/strategy-code';
import { codeContent, sourceFields } from './code-content';
import { checkDistinctSymbols, strategyFields, validateParams } from './strategy-input';
import {
  archiveStrategy,
  getStrategy,
  getVersionSource,
  insertStrategy,
  updateStrategy,
  type Strategy,
  type VersionContent,
} from './strategy-store';

export const createStrategyInput = z.strictObject({
  name: strategyFields.name,
  description: strategyFields.description.default(''),
  template: strategyFields.template.optional(),
  source: sourceFields.source.optional(),
  language: sourceFields.language.default('ts'),
  params: strategyFields.params.default({}),
  universe: strategyFields.universe,
  costs: strategyFields.costs.default({ model: 'none' }),
});

export const updateStrategyInput = z.strictObject({
  id: z.number().int().positive(),
  name: strategyFields.name.optional(),
  description: strategyFields.description.optional(),
  template: strategyFields.template.optional(),
  source: sourceFields.source.optional(),
  language: sourceFields.language.optional(),
  params: strategyFields.params.optional().describe('The complete parameter set (defaults fill the rest)'),
  universe: strategyFields.universe.optional(),
  costs: strategyFields.costs.optional(),
});

/** Runs a read or write under the caller's row-level security (ctx.asUser). */
export type AsUser = <T>(fn: (db: PoolClient) => Promise<T>) => Promise<T>;

function oneOf(template: string | undefined, source: string | undefined): void {
  if ((template === undefined) === (source === undefined))
    throw validationError([
      {
        path: template === undefined ? 'template' : 'source',
        value: template === undefined ? undefined : '(both given)',
        expected: 'either a template name or a source, not both',
      },
    ]);
}

/** The content of a version, checked; code is compiled, type-checked and loaded first. */
async function checkedContent(
  code: StrategyCode,
  content: Omit<VersionContent, 'code'> & { source?: string; language?: 'ts' | 'js' },
): Promise<VersionContent> {
  checkDistinctSymbols(content.universe.symbols, 'universe.symbols');
  const { source, language, ...rest } = content;
  if (source === undefined) {
    const template = rest.template!;
    return { ...rest, template, code: null, params: validateParams(template, rest.params) };
  }
  const checked = await codeContent(code, source, language ?? 'ts', rest.params);
  return { ...rest, template: null, code: checked.code, params: checked.params };
}

export async function createStrategy(
  asUser: AsUser,
  code: StrategyCode,
  ownerId: number,
  input: z.output<typeof createStrategyInput>,
): Promise<Strategy> {
  oneOf(input.template, input.source);
  const content = await checkedContent(code, {
    template: input.template ?? null,
    source: input.source,
    language: input.language,
    params: input.params,
    universe: input.universe,
    costs: input.costs,
  });
  return asUser((db) =>
    insertStrategy(db, ownerId, { name: input.name, description: input.description, ...content }),
  );
}

/** JSON with sorted keys: jsonb hands objects back in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The new version's content, or undefined when nothing runnable changed. */
async function changedContent(
  asUser: AsUser,
  code: StrategyCode,
  current: Strategy,
  input: z.output<typeof updateStrategyInput>,
): Promise<VersionContent | undefined> {
  const v = current.current;
  const touched =
    input.template !== undefined ||
    input.source !== undefined ||
    input.language !== undefined ||
    input.params ||
    input.universe ||
    input.costs;
  if (!touched) return undefined;
  if (input.template !== undefined && input.source !== undefined) oneOf(input.template, input.source);
  const toTemplate = input.template !== undefined;
  const toCode = input.source !== undefined || (!toTemplate && v.code !== null);
  let source = input.source;
  if (toCode && source === undefined)
    source = (await asUser((db) => getVersionSource(db, current.id, v.version))).source;
  const kindChanged = toTemplate ? input.template !== v.template : source !== undefined && v.code === null;
  const next = await checkedContent(code, {
    template: toTemplate ? input.template! : toCode ? null : v.template,
    source: toCode ? source : undefined,
    language: input.language ?? v.code?.language ?? 'ts',
    // Another template's (or another kind's) parameters mean nothing here: start from defaults.
    params: input.params ?? (kindChanged ? {} : v.params),
    universe: input.universe ?? v.universe,
    costs: input.costs ?? v.costs,
  });
  const same =
    canonical({
      ...next,
      code: next.code && { hash: next.code.sourceHash, language: next.code.language },
    }) ===
    canonical({
      ...v,
      code: v.code && { hash: v.code.sourceHash, language: v.code.language },
      version: undefined,
      createdAt: undefined,
    });
  return same ? undefined : next;
}

export async function changeStrategy(
  asUser: AsUser,
  code: StrategyCode,
  input: z.output<typeof updateStrategyInput>,
): Promise<Strategy> {
  const before = await asUser((db) => getStrategy(db, input.id));
  if (before.archivedAt)
    throw new AppError('CONFLICT', `strategy ${before.id} is archived; create a new one instead`, {
      id: before.id,
    });
  const content = await changedContent(asUser, code, before, input);
  return asUser(async (db) => {
    const current = await getStrategy(db, input.id, true);
    if (current.latestVersion !== before.latestVersion || current.archivedAt)
      throw new AppError(
        'CONFLICT',
        `strategy ${current.id} changed while this change was checked (now version ${current.latestVersion}); try again`,
        { id: current.id, version: current.latestVersion },
      );
    return updateStrategy(db, current, {
      name: input.name ?? current.name,
      description: input.description ?? current.description,
      content,
    });
  });
}

export { archiveStrategy };
