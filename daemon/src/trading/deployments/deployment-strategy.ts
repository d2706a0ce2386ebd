// The strategy version a deployment runs, and its parameters checked by that version's own
// schema: a template's zod schema here, user code's in the sandbox. A deployment stores the
// parameters with their defaults filled in, so what it runs cannot change under it.
import { AppError, type FieldIssue } from '../../core/errors';
import type { PoolClient } from '../../db/pool';
import type { CodeStrategy } from '../../sandbox/code-backtest';
import type { StrategyCode } from '../../sandbox/strategy-code';
import { loadRunCode } from '../../backtests/run-spec';
import { validateParams, type CostModelInput } from '../../strategy-library/strategy-input';
import { getStrategyVersion } from '../../strategy-library/strategy-store';

/** What the drift report and the runner need to run the version again. */
export interface StrategyVersionRef {
  strategyId: number;
  version: number;
  /** The template, or null for user code (then `code` is set). */
  template: string | null;
  code: { name: string; sourceHash: string; language: 'ts' | 'js' } | null;
  costs: CostModelInput;
}

function issuesOf(err: unknown): FieldIssue[] | undefined {
  if (!(err instanceof AppError) || err.code !== 'VALIDATION_FAILED') return undefined;
  const issues = (err.details?.issues as FieldIssue[] | undefined) ?? [];
  return issues.length
    ? issues.map((i) => ({ ...i, path: i.path.startsWith('params') ? i.path : `params.${i.path}` }))
    : [{ path: 'params', expected: err.message }];
}

/**
 * The version's source compiled; a source that no longer compiles (saved by an older compiler,
 * or written around the API) is the version's fault, named as such — not a parameter's.
 */
async function compiledVersion(
  db: PoolClient,
  code: StrategyCode,
  ref: StrategyVersionRef,
  issues: FieldIssue[],
): Promise<CodeStrategy | undefined> {
  try {
    return await loadRunCode(db, code, {
      strategyId: ref.strategyId,
      version: ref.version,
      sourceHash: ref.code!.sourceHash,
    });
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'VALIDATION_FAILED' && err.code !== 'NOT_FOUND'))
      throw err;
    const first = (err.details?.issues as FieldIssue[] | undefined)?.[0];
    issues.push({
      path: 'strategyVersion',
      value: ref.version,
      expected: first
        ? `a version whose source compiles (${first.path} ${String(first.value)}: ${first.expected})`
        : `a version with its source (${err.message})`,
    });
    return undefined;
  }
}

/** The version `spec` names, owned by `ownerId`, and its parameters parsed; undefined after issues. */
export async function checkParams(
  db: PoolClient,
  spec: { strategyId: number; strategyVersion: number; params: Record<string, unknown> },
  issues: FieldIssue[],
  code?: StrategyCode,
  ownerId?: number,
): Promise<{ ref: StrategyVersionRef; params: Record<string, unknown> } | undefined> {
  let found;
  try {
    found = await getStrategyVersion(db, spec.strategyId, spec.strategyVersion);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
    const noStrategy = !err.details || err.details.version === undefined;
    issues.push(
      noStrategy
        ? { path: 'strategyId', value: spec.strategyId, expected: 'one of your saved strategies' }
        : {
            path: 'strategyVersion',
            value: spec.strategyVersion,
            expected: `a saved version (${err.message})`,
          },
    );
    return undefined;
  }
  const { strategy, version } = found;
  if (ownerId !== undefined && strategy.ownerId !== ownerId) {
    issues.push({ path: 'strategyId', value: spec.strategyId, expected: 'one of your saved strategies' });
    return undefined;
  }
  if (strategy.archivedAt) {
    issues.push({ path: 'strategyId', value: spec.strategyId, expected: 'a strategy that is not archived' });
    return undefined;
  }
  const ref: StrategyVersionRef = {
    strategyId: strategy.id,
    version: version.version,
    template: version.template,
    code: version.code
      ? { name: version.code.name, sourceHash: version.code.sourceHash, language: version.code.language }
      : null,
    costs: version.costs,
  };
  try {
    if (version.template !== null) return { ref, params: validateParams(version.template, spec.params) };
    if (!code)
      throw new AppError('INVARIANT_BROKEN', 'checking user code parameters needs the strategy sandbox');
    const compiled = await compiledVersion(db, code, ref, issues);
    if (!compiled) return undefined;
    return { ref, params: await code.requireParams(compiled, spec.params) };
  } catch (err) {
    const found = issuesOf(err);
    if (!found) throw err;
    issues.push(...found);
    return undefined;
  }
}
