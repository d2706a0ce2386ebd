// What a deployment runs, read from the database: its strategy version (a template, with the
// version's parameters under the deployment's, or user code compiled for its sandbox), its
// instruments from the instrument master, and how many bars of history each needs before its
// first decision (the largest indicator warm-up; user code's is read in its sandbox).
import { AppError } from '../../core/errors';
import { equityInstrument } from '../../core/instrument';
import type { BrokerProduct } from '../../core/order-lifecycle';
import type { Pool, PoolClient } from '../../db/pool';
import type { Indicator } from '../../indicators/indicator';
import { findInstruments } from '../../market/instrument-store';
import { parseParams, requireTemplate } from '../../strategies/index';
import type { AnyStrategy } from '../../strategies/strategy';
import type { CodeStrategy } from '../../sandbox/code-backtest';
import { StrategyCode, type StrategyLanguage } from '../../sandbox/strategy-code';
import type { DeploymentRow } from '../deployments/deployment-store';
import type { RuntimeInstrument } from './deployment-runtime';
import { PASSIVE_STRATEGY } from './sandbox-decisions';

type Queryable = Pool | PoolClient;

export interface LoadedDeployment {
  /** A template; PASSIVE_STRATEGY for user code (which then runs in its sandbox: `code`). */
  strategy: AnyStrategy;
  code?: CodeStrategy;
  params: Record<string, unknown>;
  instruments: RuntimeInstrument[];
  product: BrokerProduct;
  capital: number;
  /** Bars of history each symbol needs before the strategy's first call. */
  warmupBars: number;
}

/**
 * The strategy of a stored version: a template runs in-process; user code is compiled here
 * (esbuild, no sandbox process) and runs in its own sandbox (deployment-host.ts).
 */
export async function loadStrategyVersion(
  db: Queryable,
  strategyId: number,
  version: number,
  code: StrategyCode = new StrategyCode(),
): Promise<{ strategy: AnyStrategy; params: Record<string, unknown>; code?: CodeStrategy }> {
  const { rows } = await db.query<{
    template: string | null;
    params: Record<string, unknown>;
    source: string | null;
    language: StrategyLanguage | null;
  }>(
    'SELECT template, params, source, language FROM strategy_versions WHERE strategy_id = $1 AND version = $2',
    [strategyId, version],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `strategy ${strategyId} has no version ${version}`);
  if (row.template !== null) return { strategy: requireTemplate(row.template), params: row.params ?? {} };
  if (row.source === null)
    throw new AppError(
      'INVARIANT_BROKEN',
      `strategy ${strategyId} version ${version} has neither template nor source`,
    );
  const compiled = await code.require(row.source, row.language ?? 'ts');
  return { strategy: PASSIVE_STRATEGY, params: row.params ?? {}, code: compiled };
}

/** The largest warm-up of the indicators the strategy declares for an instrument. */
export function warmupBarsOf(
  strategy: AnyStrategy,
  params: unknown,
  instrument: RuntimeInstrument['instrument'],
): number {
  let warmup = 0;
  strategy.init({
    params,
    symbol: instrument.symbol,
    instrument,
    indicator: <I extends Indicator>(indicator: I): I => {
      warmup = Math.max(warmup, indicator.warmup);
      return indicator;
    },
  });
  return warmup;
}

export async function loadDeploymentRun(
  db: Queryable,
  row: DeploymentRow,
  codeCompiler?: StrategyCode,
  /** A strategy object to run instead of the stored version's (tests' scripted strategies). */
  given?: AnyStrategy,
): Promise<LoadedDeployment> {
  const version = await loadStrategyVersion(db, row.strategyId, row.strategyVersion, codeCompiler);
  const strategy = given ?? version.strategy;
  const code = given ? undefined : version.code;
  const versionParams = given ? {} : version.params;
  // User code's parameters are parsed by its own schema, in its sandbox, when it opens.
  const merged = { ...versionParams, ...row.params };
  const params = code ? merged : parseParams(strategy, merged);
  const stored = await findInstruments(db, row.symbols);
  const instruments = stored.map((s) => ({
    instrumentId: s.id,
    instrument: equityInstrument(s.symbol, {
      exchange: s.exchange,
      segment: s.segment,
      kind: s.kind,
      tickSize: s.tickSize,
      lotSize: s.lotSize,
      ...(s.securityId ? { securityId: s.securityId } : {}),
      // The risk gate's freeze_qty rule reads it from here (an order above it is sliced or denied).
      ...(s.freezeQty ? { freezeQty: s.freezeQty } : {}),
    }),
  }));
  const warmupBars = code
    ? 0
    : Math.max(0, ...instruments.map((i) => warmupBarsOf(strategy, params, i.instrument)));
  return {
    strategy,
    ...(code ? { code } : {}),
    params,
    instruments,
    product: row.product,
    capital: Number(row.capital),
    warmupBars,
  };
}
