// What a deployment runs, read from the database: its strategy version (a template, with the
// version's parameters under the deployment's), its instruments from the instrument master, and
// how many bars of history each needs before its first decision (the largest indicator warm-up).
import { AppError } from '../../core/errors';
import { equityInstrument } from '../../core/instrument';
import type { BrokerProduct } from '../../core/order-lifecycle';
import type { Pool, PoolClient } from '../../db/pool';
import type { Indicator } from '../../indicators/indicator';
import { findInstruments } from '../../market/instrument-store';
import { parseParams, requireTemplate } from '../../strategies/index';
import type { AnyStrategy } from '../../strategies/strategy';
import type { DeploymentRow } from '../deployments/deployment-store';
import type { RuntimeInstrument } from './deployment-runtime';

type Queryable = Pool | PoolClient;

export interface LoadedDeployment {
  strategy: AnyStrategy;
  params: Record<string, unknown>;
  instruments: RuntimeInstrument[];
  product: BrokerProduct;
  capital: number;
  /** Bars of history each symbol needs before the strategy's first call. */
  warmupBars: number;
}

/** The strategy of a stored version: templates run in-process (code strategies: not yet live). */
export async function loadStrategyVersion(
  db: Queryable,
  strategyId: number,
  version: number,
): Promise<{ strategy: AnyStrategy; params: Record<string, unknown> }> {
  const { rows } = await db.query<{ template: string | null; params: Record<string, unknown> }>(
    'SELECT template, params FROM strategy_versions WHERE strategy_id = $1 AND version = $2',
    [strategyId, version],
  );
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `strategy ${strategyId} has no version ${version}`);
  if (row.template === null)
    throw new AppError(
      'VALIDATION_FAILED',
      `strategy ${strategyId} version ${version} is user code: the runner runs template strategies only so far`,
    );
  return { strategy: requireTemplate(row.template), params: row.params ?? {} };
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
  given?: AnyStrategy,
): Promise<LoadedDeployment> {
  const stored = await loadStrategyVersion(db, row.strategyId, row.strategyVersion);
  const strategy = given ?? stored.strategy;
  const versionParams = given ? {} : stored.params;
  const params = parseParams(strategy, { ...versionParams, ...row.params });
  const rows = await findInstruments(db, row.symbols);
  const instruments = rows.map((s) => ({
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
  const warmupBars = Math.max(0, ...instruments.map((i) => warmupBarsOf(strategy, params, i.instrument)));
  return { strategy, params, instruments, product: row.product, capital: Number(row.capital), warmupBars };
}
