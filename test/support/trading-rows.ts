// Rows a trading test needs — a user, a paper broker account, an instrument, a strategy version
// and a deployment — and a manual order written the way the ledger writes one. Written as the
// owning role, straight to the tables.
import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from '../../daemon/src/db/pool';

export interface TradingRows {
  userId: number;
  accountId: number;
  deploymentId: number;
  instrumentId: number;
}

type Db = Pick<Pool, 'query'>;

export async function insertUser(
  db: Db,
  email: string,
  role: 'admin' | 'operator' | 'viewer' = 'operator',
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', $2)
     ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role RETURNING id`,
    [email, role],
  );
  return rows[0]!.id;
}

export async function insertInstrument(
  db: Db,
  symbol: string,
  kind: 'equity' | 'index' = 'equity',
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO instruments (exchange, segment, kind, symbol, source) VALUES ('NSE', $2, $3, $1, 'test')
     ON CONFLICT (exchange, symbol) DO UPDATE SET source = 'test' RETURNING id`,
    [symbol, kind === 'index' ? 'IDX_I' : 'NSE_EQ', kind],
  );
  return rows[0]!.id;
}

/** A user (created if needed), an account and a deployment of theirs, and an instrument. */
export async function seedTradingRows(
  db: Db,
  options: { userId?: number; email?: string; symbol?: string } = {},
): Promise<TradingRows> {
  const userId =
    options.userId ??
    (await insertUser(db, options.email ?? `trader-${randomBytes(3).toString('hex')}@example.com`));
  const label = `paper-${randomBytes(4).toString('hex')}`;
  const account = await db.query<{ id: number }>(
    `INSERT INTO broker_accounts (owner_id, broker, label) VALUES ($1, 'paper', $2) RETURNING id`,
    [userId, label],
  );
  const strategy = await db.query<{ id: number }>(
    `INSERT INTO strategies (owner_id, name) VALUES ($1, $2) RETURNING id`,
    [userId, label],
  );
  await db.query(
    `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, universe) VALUES ($1, 1, $2, 'sma-cross', '{"symbols":["TEST"],"timeframe":"1m"}')`,
    [strategy.rows[0]!.id, userId],
  );
  const deployment = await db.query<{ id: number }>(
    `INSERT INTO deployments (owner_id, strategy_id, strategy_version, broker_account_id, mode) VALUES ($1, $2, 1, $3, 'paper') RETURNING id`,
    [userId, strategy.rows[0]!.id, account.rows[0]!.id],
  );
  return {
    userId,
    accountId: account.rows[0]!.id,
    deploymentId: deployment.rows[0]!.id,
    instrumentId: await insertInstrument(db, options.symbol ?? 'TEST'),
  };
}

/** The word the orders table wants for a market order: 001 had 'market', the ledger's 013 'MARKET'. */
async function marketWord(db: Db): Promise<string> {
  const { rows } = await db.query<{ def: string }>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = 'orders'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) ~ 'order_type'`,
  );
  return rows.some((r) => r.def.includes("'MARKET'")) ? 'MARKET' : 'market';
}

/**
 * Inserts a manual order (no deployment: no lease needed) for an account, as the ledger's outbox
 * does before sending it. Returns its client order id.
 */
export async function insertManualOrder(
  db: Db | PoolClient,
  rows: Pick<TradingRows, 'userId' | 'accountId' | 'instrumentId'>,
  status: 'new' | 'rejected' = 'new',
): Promise<string> {
  const clientOrderId = `t-${randomBytes(8).toString('hex')}`;
  await db.query(
    `INSERT INTO orders (owner_id, broker_account_id, client_order_id, instrument_id, side, qty, order_type, product, status)
     VALUES ($1, $2, $3, $4, 'buy', 1, $5, 'INTRADAY', $6)`,
    [rows.userId, rows.accountId, clientOrderId, rows.instrumentId, await marketWord(db), status],
  );
  return clientOrderId;
}
