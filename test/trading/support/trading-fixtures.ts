// Rows the trading tests stand on, written with plain SQL as the daemon's owner: a user, a paper
// broker account, a strategy version, a deployment and instruments. Each call makes new rows, so
// tests in one file do not share state unless they mean to.
import type { Pool } from '../../../daemon/src/db/pool';

let seq = 0;
const unique = (prefix: string) => `${prefix}${process.pid}x${++seq}`;

export async function createUser(
  pool: Pool,
  role: 'admin' | 'operator' | 'viewer' = 'operator',
): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`,
    [`${unique('u')}@test.local`, role],
  );
  return rows[0]!.id;
}

export async function createBrokerAccount(
  pool: Pool,
  ownerId: number,
  broker: 'paper' | 'dhan' = 'paper',
): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO broker_accounts (owner_id, broker, label) VALUES ($1, $2, $3) RETURNING id`,
    [ownerId, broker, unique('acct')],
  );
  return rows[0]!.id;
}

export async function createDeployment(
  pool: Pool,
  ownerId: number,
  brokerAccountId: number,
): Promise<{ deploymentId: number; strategyId: number; strategyVersion: number }> {
  const strategy = await pool.query<{ id: number }>(
    `INSERT INTO strategies (owner_id, name) VALUES ($1, $2) RETURNING id`,
    [ownerId, unique('strategy')],
  );
  const strategyId = strategy.rows[0]!.id;
  await pool.query(
    `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, universe)
     VALUES ($1, 1, $2, 'sma-cross', '{"symbols": ["TEST"], "timeframe": "1m"}')`,
    [strategyId, ownerId],
  );
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO deployments (owner_id, strategy_id, strategy_version, broker_account_id, mode)
     VALUES ($1, $2, 1, $3, 'paper') RETURNING id`,
    [ownerId, strategyId, brokerAccountId],
  );
  return { deploymentId: rows[0]!.id, strategyId, strategyVersion: 1 };
}

export interface InstrumentSpec {
  symbol?: string;
  exchange?: 'NSE' | 'BSE';
  segment?: 'NSE_EQ' | 'BSE_EQ' | 'NSE_FNO' | 'BSE_FNO';
  kind?: 'equity' | 'future' | 'option';
  tickSize?: number;
  lotSize?: number;
  securityId?: string | null;
  freezeQty?: number | null;
}

export interface TestInstrument {
  id: number;
  symbol: string;
  exchange: 'NSE' | 'BSE';
  segment: 'NSE_EQ' | 'BSE_EQ' | 'NSE_FNO' | 'BSE_FNO';
  kind: 'equity' | 'future' | 'option';
  tickSize: number;
  lotSize: number;
  securityId?: string;
}

export async function createInstrument(pool: Pool, spec: InstrumentSpec = {}): Promise<TestInstrument> {
  const symbol = spec.symbol ?? unique('SYM').toUpperCase();
  const exchange = spec.exchange ?? 'NSE';
  const segment = spec.segment ?? (exchange === 'NSE' ? 'NSE_EQ' : 'BSE_EQ');
  const kind = spec.kind ?? 'equity';
  const tickSize = spec.tickSize ?? 0.05;
  const lotSize = spec.lotSize ?? 1;
  const securityId =
    spec.securityId === undefined ? String(100000 + seq * 7 + (process.pid % 1000)) : spec.securityId;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO instruments (exchange, segment, kind, symbol, security_id, tick_size, lot_size, source, freeze_qty,
                              expiry, option_type, strike)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'test', $8, $9, $10, $11) RETURNING id`,
    [
      exchange,
      segment,
      kind,
      symbol,
      securityId,
      tickSize,
      lotSize,
      spec.freezeQty ?? null,
      kind === 'equity' ? null : '2030-01-31',
      kind === 'option' ? 'CE' : null,
      kind === 'option' ? 100 : null,
    ],
  );
  return {
    id: rows[0]!.id,
    symbol,
    exchange,
    segment,
    kind,
    tickSize,
    lotSize,
    ...(securityId ? { securityId } : {}),
  };
}

/** A user with a paper account and one deployment on it. */
export async function tradingSetup(pool: Pool) {
  const ownerId = await createUser(pool);
  const brokerAccountId = await createBrokerAccount(pool, ownerId);
  const deployment = await createDeployment(pool, ownerId, brokerAccountId);
  return { ownerId, brokerAccountId, ...deployment };
}
