// Positions in the ledger (sql/013): one row per deployment (NULL for manual orders), account,
// instrument and product, booked exactly from fills (core/booked-position.ts) in the fill's
// transaction, and marked to market by the runner. The day columns roll to a new IST trading
// date on the first fill or mark of that date: what was held becomes the start-of-day quantity,
// valued at the last mark (the previous close).
import { bookFill, type BookedPosition } from '../../core/booked-position';
import { decimalToPaise, paiseToDecimal, unitsToDecimal, MICROS } from '../../core/exact-money';
import { istDate } from '../../core/time';
import type { Pool, PoolClient } from '../../db/pool';
import type { LedgerPosition } from './ledger-types';
import type { Param } from './sql-params';

type Queryable = Pool | PoolClient;

export interface PositionKey {
  ownerId: number;
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  product: string;
}

/** A position row as its fill booking reads it (locked in the fill's transaction). */
export interface LockedPosition {
  id: number;
  net_qty: number;
  cost_basis: string;
  realised_pnl: string;
  last_price: string | null;
  last_price_at: Date | null;
}

/**
 * The statement creating the position of the key's row when missing and locking it for the
 * rest of the transaction: `source` is a query with the columns owner_id, deployment_id,
 * broker_account_id, instrument_id and product (a VALUES list or a locked order's row).
 */
export function positionLockSql(source: string): string {
  return `INSERT INTO positions (owner_id, deployment_id, broker_account_id, instrument_id, product)
     ${source}
     ON CONFLICT (deployment_id, broker_account_id, instrument_id, product) DO UPDATE SET net_qty = positions.net_qty
     RETURNING id, net_qty, cost_basis::text AS cost_basis, realised_pnl::text AS realised_pnl,
               last_price::text AS last_price, last_price_at`;
}

export interface PositionFill {
  side: 'buy' | 'sell';
  qty: bigint;
  pricePaise: bigint;
  costsMicros: bigint;
  /** Venue time of the fill, epoch ms. */
  time: number;
}

/**
 * Books a fill on its locked position: the UPDATE statement (`where` narrows it further, for a
 * statement that makes it depend on the fill's event) and the P&L the fill realises, paise.
 */
export function positionFillSql(
  row: LockedPosition,
  fill: PositionFill,
  p: Param,
  where = '',
): { sql: string; realised: bigint } {
  const before: BookedPosition = {
    qty: BigInt(row.net_qty),
    basis: decimalToPaise(row.cost_basis),
    realised: decimalToPaise(row.realised_pnl),
  };
  const booked = bookFill(before, fill.side, fill.qty, fill.pricePaise);
  const value = fill.qty * fill.pricePaise;
  const buy = fill.side === 'buy';
  const day = p(istDate(fill.time));
  const buyQty = p(buy ? fill.qty.toString() : '0');
  const sellQty = p(buy ? '0' : fill.qty.toString());
  const buyValue = p(buy ? paiseToDecimal(value) : '0');
  const sellValue = p(buy ? '0' : paiseToDecimal(value));
  const costs = p(unitsToDecimal(fill.costsMicros, MICROS));
  const netQty = p(booked.position.qty.toString());
  const basis = p(paiseToDecimal(booked.position.basis));
  // A mark newer than the fill (a later tick) stays the mark.
  const newerMark = p(row.last_price_at !== null && row.last_price_at.getTime() > fill.time);
  const sql = `UPDATE positions SET
        -- roll the day first (every right-hand side below reads the old row)
        sod_qty          = CASE WHEN day IS DISTINCT FROM ${day}::date THEN net_qty ELSE sod_qty END,
        sod_price        = CASE WHEN day IS DISTINCT FROM ${day}::date THEN last_price ELSE sod_price END,
        day_buy_qty      = CASE WHEN day IS DISTINCT FROM ${day}::date THEN 0 ELSE day_buy_qty END + ${buyQty}::bigint,
        day_sell_qty     = CASE WHEN day IS DISTINCT FROM ${day}::date THEN 0 ELSE day_sell_qty END + ${sellQty}::bigint,
        day_buy_value    = CASE WHEN day IS DISTINCT FROM ${day}::date THEN 0 ELSE day_buy_value END + ${buyValue}::numeric,
        day_sell_value   = CASE WHEN day IS DISTINCT FROM ${day}::date THEN 0 ELSE day_sell_value END + ${sellValue}::numeric,
        day_realised_pnl = CASE WHEN day IS DISTINCT FROM ${day}::date THEN 0 ELSE day_realised_pnl END
                           + ${p(paiseToDecimal(booked.realised))}::numeric,
        day_costs        = CASE WHEN day IS DISTINCT FROM ${day}::date THEN 0 ELSE day_costs END + ${costs}::numeric,
        day              = ${day}::date,
        net_qty = ${netQty}::bigint, cost_basis = ${basis}::numeric,
        realised_pnl = ${p(paiseToDecimal(booked.position.realised))}::numeric,
        avg_price = CASE WHEN ${netQty}::bigint = 0 THEN 0 ELSE round(abs(${basis}::numeric / ${netQty}::bigint), 4) END,
        buy_qty = buy_qty + ${buyQty}::bigint, sell_qty = sell_qty + ${sellQty}::bigint,
        buy_value = buy_value + ${buyValue}::numeric, sell_value = sell_value + ${sellValue}::numeric,
        costs = costs + ${costs}::numeric,
        last_price = CASE WHEN ${newerMark}::boolean THEN last_price ELSE ${p(paiseToDecimal(fill.pricePaise))}::numeric END,
        last_price_at = CASE WHEN ${newerMark}::boolean THEN last_price_at ELSE ${p(new Date(fill.time))}::timestamptz END
      WHERE id = ${p(row.id)} ${where}
      RETURNING id`;
  return { sql, realised: booked.realised };
}

export interface Mark {
  instrumentId: number;
  price: number;
  /** Time of the price (tick or bar close), epoch ms. */
  time: number;
}

/**
 * Marks every position in the instruments to market (all deployments and accounts), rolling
 * the day when the mark is the first of a new IST date. An older mark than the stored one is
 * ignored. Returns the number of positions marked.
 *
 * Its commit does not wait for the WAL flush (synchronous_commit off for this statement's
 * transaction only; acknowledge.ts does the same): a replay marks every 15 minutes of market
 * time while it holds a position, which was a durable commit more per order than the orders'
 * own. A mark books no amount — it is a price observation, written again by the next tick or
 * bar — and the day roll it may do is repeated by the next fill or mark of that date (the same
 * CASEs). Any later durable commit (a fill, an order, the EOD report) flushes the WAL up to
 * itself, so a report or booking that read a mark cannot outlive it; a crash can only lose the
 * last fraction of a second of marks, leaving the previous price as the mark.
 */
// A pool, never a client: the asynchronous commit must not reach a caller's transaction.
export async function markPositions(pool: Pool, marks: readonly Mark[]): Promise<number> {
  if (marks.length === 0) return 0;
  // A mark updates every position in the instrument (all deployments and accounts), so two
  // deployments marking and booking the same instruments can deadlock: the mark is idempotent
  // (it only moves last_price_at forward), so the loser simply marks again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await markOnce(pool, marks);
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
    }
  }
}

async function markOnce(pool: Pool, marks: readonly Mark[]): Promise<number> {
  const { rowCount } = await pool.query(
    `WITH m AS (
       SELECT DISTINCT ON (instrument_id) instrument_id, price, at,
              set_config('synchronous_commit', 'off', true) AS async_commit
         FROM unnest($1::bigint[], $2::numeric[], $3::timestamptz[]) AS m(instrument_id, price, at)
        ORDER BY instrument_id, at DESC)
     UPDATE positions p SET
        sod_qty          = CASE WHEN p.day IS DISTINCT FROM d.day THEN p.net_qty ELSE p.sod_qty END,
        sod_price        = CASE WHEN p.day IS DISTINCT FROM d.day THEN p.last_price ELSE p.sod_price END,
        day_buy_qty      = CASE WHEN p.day IS DISTINCT FROM d.day THEN 0 ELSE p.day_buy_qty END,
        day_sell_qty     = CASE WHEN p.day IS DISTINCT FROM d.day THEN 0 ELSE p.day_sell_qty END,
        day_buy_value    = CASE WHEN p.day IS DISTINCT FROM d.day THEN 0 ELSE p.day_buy_value END,
        day_sell_value   = CASE WHEN p.day IS DISTINCT FROM d.day THEN 0 ELSE p.day_sell_value END,
        day_realised_pnl = CASE WHEN p.day IS DISTINCT FROM d.day THEN 0 ELSE p.day_realised_pnl END,
        day_costs        = CASE WHEN p.day IS DISTINCT FROM d.day THEN 0 ELSE p.day_costs END,
        day = d.day, last_price = m.price, last_price_at = m.at
       FROM m, LATERAL (SELECT (m.at AT TIME ZONE 'Asia/Kolkata')::date AS day) d
      WHERE p.instrument_id = m.instrument_id
        AND (p.last_price_at IS NULL OR p.last_price_at <= m.at)`,
    [marks.map((m) => m.instrumentId), marks.map((m) => String(m.price)), marks.map((m) => new Date(m.time))],
  );
  return rowCount ?? 0;
}

const POSITION_COLUMNS = `deployment_id, broker_account_id, instrument_id, product, net_qty, avg_price::text AS avg_price,
  cost_basis::text AS cost_basis, realised_pnl::text AS realised_pnl, unrealised_pnl::text AS unrealised_pnl,
  day_pnl::text AS day_pnl, costs::text AS costs, day_costs::text AS day_costs, last_price::text AS last_price,
  day::text AS day`;

interface PositionRow {
  deployment_id: number | null;
  broker_account_id: number;
  instrument_id: number;
  product: string;
  net_qty: number;
  avg_price: string;
  cost_basis: string;
  realised_pnl: string;
  unrealised_pnl: string | null;
  day_pnl: string | null;
  costs: string;
  day_costs: string;
  last_price: string | null;
  day: string | null;
}

const toPosition = (r: PositionRow): LedgerPosition => ({
  deploymentId: r.deployment_id,
  brokerAccountId: r.broker_account_id,
  instrumentId: r.instrument_id,
  product: r.product,
  netQty: r.net_qty,
  avgPrice: r.avg_price,
  costBasis: r.cost_basis,
  realisedPnl: r.realised_pnl,
  unrealisedPnl: r.unrealised_pnl,
  dayPnl: r.day_pnl,
  costs: r.costs,
  dayCosts: r.day_costs,
  lastPrice: r.last_price,
  day: r.day,
});

/** A deployment's positions (open only unless `all`), by instrument. Under RLS when `db` is scoped. */
export async function deploymentPositions(
  db: Queryable,
  deploymentId: number,
  all = false,
): Promise<LedgerPosition[]> {
  const { rows } = await db.query<PositionRow>(
    `SELECT ${POSITION_COLUMNS} FROM positions WHERE deployment_id = $1 ${all ? '' : 'AND net_qty <> 0'}
      ORDER BY instrument_id, product`,
    [deploymentId],
  );
  return rows.map(toPosition);
}

/** An account's positions summed over its deployments and manual orders (the account_positions view). */
export async function accountPositions(
  db: Queryable,
  brokerAccountId: number,
  all = false,
): Promise<LedgerPosition[]> {
  const { rows } = await db.query<PositionRow>(
    `SELECT NULL::bigint AS deployment_id, broker_account_id, instrument_id, product, net_qty,
            CASE WHEN net_qty = 0 THEN '0' ELSE round(abs(cost_basis / net_qty), 4)::text END AS avg_price,
            cost_basis::text AS cost_basis, realised_pnl::text AS realised_pnl, unrealised_pnl::text AS unrealised_pnl,
            day_pnl::text AS day_pnl, costs::text AS costs, day_costs::text AS day_costs, last_price::text AS last_price,
            NULL::text AS day
       FROM account_positions WHERE broker_account_id = $1 ${all ? '' : 'AND net_qty <> 0'}
      ORDER BY instrument_id, product`,
    [brokerAccountId],
  );
  return rows.map(toPosition);
}
