// What the portfolio scan reads — open positions (the columns of sql/001), last prices and daily
// closes from the bar store, funds figures, sectors — and the time series it writes. Reads run
// as the owning role (the scan works for every account); the API reads snapshots under the
// caller's row-level security.
import { istDayNumber } from '../core/calendar/civil-date';
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';

type Db = Pick<PoolClient, 'query'>;

export interface HeldRow {
  accountId: number;
  ownerId: number;
  instrumentId: number;
  symbol: string;
  qty: number;
  avgPrice: number;
  realisedPnl: number;
}

/** Positions per account and instrument (deployments' and manual rows added up). */
export async function loadHoldings(db: Db, extraAccounts: readonly number[]): Promise<HeldRow[]> {
  const { rows } = await db.query<{
    broker_account_id: number;
    owner_id: number;
    instrument_id: number;
    symbol: string;
    qty: string;
    cost: string;
    realised: string;
  }>(
    `SELECT p.broker_account_id, min(p.owner_id) AS owner_id, p.instrument_id, i.exchange || ':' || i.symbol AS symbol,
            sum(p.net_qty)::text AS qty, sum(p.net_qty * p.avg_price)::text AS cost, sum(p.realised_pnl)::text AS realised
       FROM positions p JOIN instruments i ON i.id = p.instrument_id
      WHERE p.broker_account_id IN (SELECT broker_account_id FROM positions WHERE net_qty <> 0)
         OR p.broker_account_id = ANY($1::bigint[])
      GROUP BY p.broker_account_id, p.instrument_id, i.exchange, i.symbol
      ORDER BY p.broker_account_id, p.instrument_id`,
    [extraAccounts],
  );
  return rows.map((r) => {
    const qty = Number(r.qty);
    return {
      accountId: r.broker_account_id,
      ownerId: r.owner_id,
      instrumentId: r.instrument_id,
      symbol: r.symbol,
      qty,
      avgPrice: qty !== 0 ? Number(r.cost) / qty : 0,
      realisedPnl: Number(r.realised),
    };
  });
}

/** Accounts whose last snapshot today still held positions (so a flat book is recorded too). */
export async function accountsSnapshottedSince(db: Db, since: number): Promise<number[]> {
  const { rows } = await db.query<{ broker_account_id: number }>(
    `SELECT DISTINCT broker_account_id FROM risk_portfolio_snapshots WHERE at >= to_timestamp($1 / 1000.0) AND open_positions > 0`,
    [since],
  );
  return rows.map((r) => r.broker_account_id);
}

/** The latest close of each instrument, from whichever timeframe has the newest bar. */
export async function loadLastPrices(
  db: Db,
  instrumentIds: readonly number[],
): Promise<Map<number, { price: number; at: number }>> {
  const { rows } = await db.query<{ instrument_id: number; close: number; ts: Date }>(
    `SELECT DISTINCT ON (c.instrument_id) c.instrument_id, b.close, b.ts
       FROM bar_coverage c JOIN bars b ON b.instrument_id = c.instrument_id AND b.timeframe = c.timeframe AND b.ts = c.last_ts
      WHERE c.instrument_id = ANY($1::bigint[])
      ORDER BY c.instrument_id, c.last_ts DESC`,
    [instrumentIds],
  );
  return new Map(rows.map((r) => [r.instrument_id, { price: r.close, at: r.ts.getTime() }]));
}

export interface DailyCloses {
  days: number[];
  closes: number[];
}

/** Up to `count` daily closes per instrument before `now`, oldest first, keyed by IST day. */
export async function loadDailyCloses(
  db: Db,
  instrumentIds: readonly number[],
  now: number,
  count: number,
): Promise<Map<number, DailyCloses>> {
  const { rows } = await db.query<{ instrument_id: number; ts: Date; close: number }>(
    `SELECT instrument_id, ts, close FROM (
       SELECT instrument_id, ts, close, row_number() OVER (PARTITION BY instrument_id ORDER BY ts DESC) AS n
         FROM bars WHERE instrument_id = ANY($1::bigint[]) AND timeframe = '1d' AND ts < to_timestamp($2 / 1000.0)
     ) b WHERE n <= $3 ORDER BY instrument_id, ts`,
    [instrumentIds, now, count],
  );
  const out = new Map<number, DailyCloses>();
  for (const r of rows) {
    let s = out.get(r.instrument_id);
    if (!s) out.set(r.instrument_id, (s = { days: [], closes: [] }));
    s.days.push(istDayNumber(r.ts.getTime()));
    s.closes.push(r.close);
  }
  return out;
}

/** NIFTY 50 as the bar store may name it (Yahoo ^NSEI, Dhan's NIFTY), preferring one with daily bars. */
export async function findBenchmark(db: Db): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT i.id FROM instruments i LEFT JOIN bar_coverage c ON c.instrument_id = i.id AND c.timeframe = '1d'
      WHERE i.kind = 'index' AND upper(i.symbol) IN ('^NSEI', 'NIFTY', 'NIFTY 50', 'NIFTY50')
      ORDER BY c.bar_count DESC NULLS LAST, i.id LIMIT 1`,
  );
  return rows[0]?.id;
}

export async function loadSectors(db: Db, instrumentIds: readonly number[]): Promise<Map<number, string>> {
  const { rows } = await db.query<{ instrument_id: number; sector: string }>(
    'SELECT instrument_id, sector FROM instrument_sectors WHERE instrument_id = ANY($1::bigint[])',
    [instrumentIds],
  );
  return new Map(rows.map((r) => [r.instrument_id, r.sector]));
}

export async function loadCapital(db: Db, accountIds: readonly number[]): Promise<Map<number, number>> {
  const { rows } = await db.query<{ broker_account_id: number; capital: string }>(
    'SELECT broker_account_id, capital FROM risk_account_funds WHERE broker_account_id = ANY($1::bigint[])',
    [accountIds],
  );
  return new Map(rows.map((r) => [r.broker_account_id, Number(r.capital)]));
}

/** Records an account's funds figure (the runner, the broker link or an operator). */
export async function recordFunds(
  db: Db,
  f: { accountId: number; capital: number; available?: number | null; source: string; asOf: number },
): Promise<void> {
  const { rowCount } = await db.query(
    `INSERT INTO risk_account_funds (broker_account_id, owner_id, capital, available, source, as_of)
     SELECT id, owner_id, round($2::numeric, 2), round($3::numeric, 2), $4, to_timestamp($5 / 1000.0) FROM broker_accounts WHERE id = $1
     ON CONFLICT (broker_account_id) DO UPDATE
       SET capital = EXCLUDED.capital, available = EXCLUDED.available, source = EXCLUDED.source, as_of = EXCLUDED.as_of`,
    [f.accountId, f.capital, f.available ?? null, f.source, f.asOf],
  );
  if (rowCount === 0) throw new AppError('NOT_FOUND', `no broker account ${f.accountId}`);
}
