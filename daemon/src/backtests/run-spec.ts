// The run spec: everything a backtest needs to run again, stored in backtests.spec. It is the
// engine's spec (engine/backtest-spec.ts) plus the universe as the user named it and the
// timeframe the bars are loaded in. Built from the API input, checked by the engine's own
// validation at submit time so that a bad field is a BAD_REQUEST, not a failed job. A run of user
// code names the saved version (`code`); its parameters are parsed by the code's own schema in
// the sandbox at submit, and the worker loads that version's source to run it.
import { AppError, validationError, type FieldIssue } from '../core/errors';
import { parseTimeBound } from '../core/time-window';
import type { PoolClient } from '../db/pool';
import { DEFAULT_COST_MODEL } from '../costs/index';
import { normalizeSpec, type BacktestSpec } from '../engine/backtest-spec';
import type { RunInput } from './backtest-input';
import {
  checkDistinctSymbols,
  costModelName,
  validateParams,
  type CostModelInput,
  type Universe,
} from '../strategy-library/strategy-input';
import type { MasterInstrument } from '../market/instrument-store';
import type { CodeStrategy } from '../sandbox/code-backtest';
import type { StrategyCode } from '../sandbox/strategy-code';
import { getStrategyVersion } from '../strategy-library/strategy-store';

/** Anything with pg's query(): a pool or a client. */
interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** The saved code a run executes: a strategy version, and the hash of its source as it was. */
export interface RunCode {
  strategyId: number;
  version: number;
  sourceHash: string;
}

export interface RunSpec {
  /** The template, or the name the code declares (for display). */
  strategy: string;
  /** Set when the run executes user code. */
  code?: RunCode;
  params: Record<string, unknown>;
  /** As the user named them (`NSE:TCS`); the worker maps them to the loaded series. */
  symbols: string[];
  timeframe: string;
  from: string | number;
  to: string | number;
  warmupBars: number;
  cash: number;
  costs: string;
  slippage: string;
  product: 'delivery' | 'intraday';
  riskFreeRate: number;
  /** Points kept of the equity curve; walk-forward test runs keep every one (engine default 2000). */
  equityPoints?: number;
}

export interface ResolvedRun {
  spec: RunSpec;
  strategyId: number | null;
  strategyVersion: number | null;
  /** Epoch ms: [from, to). */
  range: { from: number; to: number };
}

interface Source {
  template: string;
  code?: RunCode & { language: 'ts' | 'js'; schema: Record<string, unknown> };
  params: Record<string, unknown>;
  universe: Universe;
  costs: CostModelInput;
  strategyId: number | null;
  strategyVersion: number | null;
}

async function savedSource(db: PoolClient, input: RunInput, strategyId: number): Promise<Source> {
  if (input.template !== undefined || input.params !== undefined)
    throw validationError([
      {
        path: 'template',
        value: input.template ?? input.params,
        expected: 'no template or params with strategyId',
      },
    ]);
  const { strategy, version } = await getStrategyVersion(db, strategyId, input.strategyVersion);
  if (strategy.archivedAt)
    throw new AppError('CONFLICT', `strategy ${strategy.id} is archived`, { strategyId: strategy.id });
  return {
    template: version.template ?? version.code!.name,
    code: version.code
      ? {
          strategyId: strategy.id,
          version: version.version,
          sourceHash: version.code.sourceHash,
          language: version.code.language,
          schema: version.code.paramSchema,
        }
      : undefined,
    params: version.params,
    universe: input.universe ?? version.universe,
    costs: input.costs ?? version.costs,
    strategyId: strategy.id,
    strategyVersion: version.version,
  };
}

function inlineSource(input: RunInput): Source {
  if (input.strategyVersion !== undefined)
    throw validationError([
      { path: 'strategyVersion', value: input.strategyVersion, expected: 'strategyId with it' },
    ]);
  if (input.template === undefined)
    throw validationError([
      { path: 'template', value: undefined, expected: 'a template name, or a strategyId' },
    ]);
  if (!input.universe)
    throw validationError([
      { path: 'universe', value: undefined, expected: '{ symbols, timeframe } with a template' },
    ]);
  return {
    template: input.template,
    params: input.params ?? {},
    universe: input.universe,
    // The one default cost model (costs/india-segment-costs.ts), as the CLI's.
    costs: input.costs ?? { model: DEFAULT_COST_MODEL },
    strategyId: null,
    strategyVersion: null,
  };
}

/**
 * The engine's spec for a run over the loaded series `symbols`, with their instruments from the
 * instrument master (keyed like the series) when the run has loaded them.
 */
export function toEngineSpec(
  spec: RunSpec,
  symbols: string[],
  instruments: Record<string, MasterInstrument> = {},
): BacktestSpec {
  const { timeframe: _tf, code: _code, ...engine } = spec;
  return { ...engine, symbols, instruments };
}

/** Runs `check`, reporting the engine's `strategy` field as the API's `template`. */
function asApiFields<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    const issues = err instanceof AppError ? (err.details?.issues as FieldIssue[] | undefined) : undefined;
    if (!issues?.some((i) => i.path === 'strategy')) throw err;
    throw validationError(issues.map((i) => (i.path === 'strategy' ? { ...i, path: 'template' } : i)));
  }
}

/** Validates a run spec as the engine will: parameters get their defaults; returns the time range. */
export function checkRunSpec(spec: RunSpec): { spec: RunSpec; range: { from: number; to: number } } {
  checkDistinctSymbols(spec.symbols, 'universe.symbols');
  // Code's parameters were parsed by its own schema already (resolveRun).
  const checked = spec.code ? spec : { ...spec, params: validateParams(spec.strategy, spec.params) };
  asApiFields(() => normalizeSpec(toEngineSpec(checked, checked.symbols)));
  const from = parseTimeBound(spec.from, 'from');
  const to = parseTimeBound(spec.to, 'to');
  if (from >= to)
    throw validationError([{ path: 'to', value: spec.to, expected: `a bound after from (${spec.from})` }]);
  return { spec: checked, range: { from, to } };
}

/** A code version's compiled source (sandbox/strategy-code.ts), checked against the saved hash. */
export async function loadRunCode(db: Queryable, code: StrategyCode, run: RunCode): Promise<CodeStrategy> {
  const { rows } = await db.query<{ source: string; source_hash: string; language: 'ts' | 'js' }>(
    `SELECT source, source_hash, language FROM strategy_versions WHERE strategy_id = $1 AND version = $2`,
    [run.strategyId, run.version],
  );
  const row = rows[0];
  if (!row?.source || row.source_hash !== run.sourceHash)
    throw new AppError(
      'NOT_FOUND',
      `strategy ${run.strategyId} version ${run.version} has no source with hash ${run.sourceHash.slice(0, 12)}…`,
      {
        ...run,
      },
    );
  return code.require(row.source, row.language);
}

export interface ResolvedCode {
  strategy: CodeStrategy;
  schema: Record<string, unknown>;
}

export async function resolveRun(
  db: PoolClient,
  input: RunInput,
  code?: StrategyCode,
): Promise<ResolvedRun & { code?: ResolvedCode }> {
  const source =
    input.strategyId !== undefined ? await savedSource(db, input, input.strategyId) : inlineSource(input);
  let resolved: ResolvedCode | undefined;
  let params = source.params;
  if (source.code) {
    if (!code) throw new AppError('INVARIANT_BROKEN', 'user code needs the strategy sandbox here');
    const { language: _language, schema, ...run } = source.code;
    resolved = { strategy: await loadRunCode(db, code, run), schema };
    if (input.params === undefined) params = await code.requireParams(resolved.strategy, params);
  }
  const spec: RunSpec = {
    strategy: source.template,
    ...(source.code && {
      code: {
        strategyId: source.code.strategyId,
        version: source.code.version,
        sourceHash: source.code.sourceHash,
      },
    }),
    params,
    symbols: source.universe.symbols,
    timeframe: source.universe.timeframe,
    from: input.from,
    to: input.to,
    warmupBars: input.warmupBars,
    cash: input.cash,
    costs: costModelName(source.costs),
    slippage: input.slippage,
    product: input.product,
    riskFreeRate: input.riskFreeRate,
  };
  const checked = checkRunSpec(spec);
  return {
    ...checked,
    strategyId: source.strategyId,
    strategyVersion: source.strategyVersion,
    code: resolved,
  };
}
