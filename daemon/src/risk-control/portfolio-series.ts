// The portfolio-risk time series (risk_portfolio_snapshots): one row per account per scan.
// Amounts are written as numeric, rounded to the paisa by PostgreSQL.
import type { PoolClient } from '../db/pool';

type Db = Pick<PoolClient, 'query'>;

export interface PortfolioSnapshot {
  accountId: number;
  ownerId: number;
  at: number;
  gross: number;
  net: number;
  long: number;
  short: number;
  openPositions: number;
  capital: number | null;
  leverage: number | null;
  dayPnl: number | null;
  intradayDrawdown: number | null;
  var95: number | null;
  es95: number | null;
  var99: number | null;
  es99: number | null;
  beta: number | null;
  betaExposure: number | null;
  returnDays: number;
  details: {
    /** Realised + unrealised P&L of the open book, the base of the day's P&L. */
    totalPnl: number;
    bySymbol: {
      symbol: string;
      qty: number;
      price: number;
      value: number;
      weight: number;
      sector: string | null;
    }[];
    bySector: { sector: string; gross: number; net: number; weight: number }[];
    unclassifiedGross: number;
    concentration: { symbol: string | null; weight: number; herfindahl: number };
    /** Symbols with no bar in the store, valued at their average price. */
    unpriced: string[];
    /** Soft limits above their limit at this scan. */
    breaches: string[];
    benchmark: string | null;
  };
}

export async function insertSnapshot(db: Db, s: PortfolioSnapshot): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO risk_portfolio_snapshots (owner_id, broker_account_id, at, gross, net, long_value, short_value, open_positions,
       capital, leverage, day_pnl, intraday_drawdown, var95, es95, var99, es99, beta, beta_exposure, return_days, details)
     VALUES ($1, $2, to_timestamp($3 / 1000.0), round($4::numeric, 2), round($5::numeric, 2), round($6::numeric, 2),
       round($7::numeric, 2), $8, round($9::numeric, 2), $10, round($11::numeric, 2), round($12::numeric, 2),
       round($13::numeric, 2), round($14::numeric, 2), round($15::numeric, 2), round($16::numeric, 2), $17,
       round($18::numeric, 2), $19, $20)
     RETURNING id`,
    [
      s.ownerId,
      s.accountId,
      s.at,
      s.gross,
      s.net,
      s.long,
      s.short,
      s.openPositions,
      s.capital,
      s.leverage,
      s.dayPnl,
      s.intradayDrawdown,
      s.var95,
      s.es95,
      s.var99,
      s.es99,
      s.beta,
      s.betaExposure,
      s.returnDays,
      JSON.stringify(s.details),
    ],
  );
  return rows[0]!.id;
}

export interface SeriesContext {
  /** details.totalPnl of the last snapshot before the day began (base of the day's P&L). */
  openingTotal: number | null;
  /** The day's P&L at each of today's snapshots, in time order. */
  todayPnl: number[];
  /** Soft limits already reported as exceeded by today's last snapshot. */
  breaches: string[];
}

export async function seriesContext(db: Db, accountId: number, dayStart: number): Promise<SeriesContext> {
  const opening = await db.query<{ total: number | null }>(
    `SELECT (details->>'totalPnl')::float8 AS total FROM risk_portfolio_snapshots
      WHERE broker_account_id = $1 AND at < to_timestamp($2 / 1000.0) ORDER BY at DESC LIMIT 1`,
    [accountId, dayStart],
  );
  const today = await db.query<{ day_pnl: string | null; breaches: string[] | null }>(
    `SELECT day_pnl, ARRAY(SELECT jsonb_array_elements_text(details->'breaches')) AS breaches FROM risk_portfolio_snapshots
      WHERE broker_account_id = $1 AND at >= to_timestamp($2 / 1000.0) ORDER BY at`,
    [accountId, dayStart],
  );
  return {
    openingTotal: opening.rows[0]?.total ?? null,
    todayPnl: today.rows.filter((r) => r.day_pnl !== null).map((r) => Number(r.day_pnl)),
    breaches: today.rows.at(-1)?.breaches ?? [],
  };
}

/** Drops snapshots older than `keepDays` (the series is for monitoring, not the ledger). */
export async function pruneSnapshots(db: Db, before: number): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM risk_portfolio_snapshots WHERE at < to_timestamp($1 / 1000.0)',
    [before],
  );
  return rowCount ?? 0;
}

export interface SnapshotRow extends Omit<PortfolioSnapshot, 'at'> {
  id: number;
  at: string;
}

/** An account's latest snapshots, newest first (under the caller's row-level security). */
export async function listSnapshots(db: Db, accountId: number, limit: number): Promise<SnapshotRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, owner_id, broker_account_id, at, gross, net, long_value, short_value, open_positions, capital, leverage,
            day_pnl, intraday_drawdown, var95, es95, var99, es99, beta, beta_exposure, return_days, details
       FROM risk_portfolio_snapshots WHERE broker_account_id = $1 ORDER BY at DESC LIMIT $2`,
    [accountId, limit],
  );
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    id: r.id as number,
    ownerId: r.owner_id as number,
    accountId: r.broker_account_id as number,
    at: (r.at as Date).toISOString(),
    gross: Number(r.gross),
    net: Number(r.net),
    long: Number(r.long_value),
    short: Number(r.short_value),
    openPositions: r.open_positions as number,
    capital: n(r.capital),
    leverage: n(r.leverage),
    dayPnl: n(r.day_pnl),
    intradayDrawdown: n(r.intraday_drawdown),
    var95: n(r.var95),
    es95: n(r.es95),
    var99: n(r.var99),
    es99: n(r.es99),
    beta: n(r.beta),
    betaExposure: n(r.beta_exposure),
    returnDays: r.return_days as number,
    details: r.details as PortfolioSnapshot['details'],
  }));
}
