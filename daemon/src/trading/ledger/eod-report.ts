// The end-of-day report of a deployment: the day's trades with their charges, P&L by component
// (realised, unrealised, day P&L, each charge, net) and the positions carried, summed exactly in
// SQL (numeric) and stored as JSON (eod_reports, one per deployment and IST trading date; a
// second run replaces the first). Run it after the session's last mark (15:30): the day P&L and
// the carried positions are the positions' state for that date, which later days move on.
import { AppError, validationError } from '../../core/errors';
import { COST_COMPONENTS } from '../../costs';
import type { Pool, PoolClient } from '../../db/pool';

type Queryable = Pool | PoolClient;

export interface EodTrade {
  time: string;
  clientOrderId: string;
  symbol: string;
  product: string;
  side: 'buy' | 'sell';
  qty: number;
  price: string;
  value: string;
  charges: Record<(typeof COST_COMPONENTS)[number] | 'total', string>;
  realisedPnl: string;
}

export interface EodPosition {
  symbol: string;
  product: string;
  qty: number;
  avgPrice: string;
  lastPrice: string | null;
  unrealisedPnl: string | null;
  dayPnl: string | null;
}

export interface EodReport {
  deploymentId: number;
  tradingDate: string;
  trades: EodTrade[];
  pnl: {
    realised: string;
    unrealised: string;
    /** Gross: value now − value carried in + sales − purchases, at the positions' marks. */
    dayPnl: string;
    charges: Record<(typeof COST_COMPONENTS)[number] | 'total', string>;
    /** dayPnl − charges. */
    net: string;
  };
  positions: EodPosition[];
  orders: {
    total: number;
    filled: number;
    cancelled: number;
    rejected: number;
    expired: number;
    open: number;
  };
  /** Positions whose day column is another date (not marked that day) are listed but not in the day P&L. */
  stalePositions: number;
}

const componentSums = (prefix = '') =>
  [...COST_COMPONENTS, 'costs']
    .map((c) => `coalesce(sum(${prefix}${c}), 0)::numeric(24, 6)::text AS ${c === 'costs' ? 'total' : c}`)
    .join(', ');

export async function buildEodReport(
  db: Queryable,
  deploymentId: number,
  tradingDate: string,
): Promise<EodReport> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(tradingDate))
    throw validationError([{ path: 'tradingDate', value: tradingDate, expected: 'an IST date YYYY-MM-DD' }]);
  const exists = await db.query('SELECT 1 FROM deployments WHERE id = $1', [deploymentId]);
  if (exists.rowCount === 0) throw new AppError('NOT_FOUND', `deployment ${deploymentId} does not exist`);
  const dayFills = `FROM fills f JOIN orders o ON o.id = f.order_id JOIN instruments i ON i.id = f.instrument_id
    WHERE f.deployment_id = $1 AND (f.filled_at AT TIME ZONE 'Asia/Kolkata')::date = $2::date`;
  const { rows: trades } = await db.query(
    `SELECT to_char(f.filled_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD"T"HH24:MI:SS') || '+05:30' AS time,
            o.client_order_id, i.symbol, f.product, f.side, f.qty, f.price::text AS price, f.value::text AS value,
            ${COST_COMPONENTS.map((c) => `f.${c}::text AS ${c}`).join(', ')}, f.costs::text AS total,
            f.realised_pnl::text AS realised_pnl
       ${dayFills} ORDER BY f.filled_at, f.id`,
    [deploymentId, tradingDate],
  );
  const { rows: sums } = await db.query(
    `SELECT coalesce(sum(f.realised_pnl), 0)::numeric(20, 2)::text AS realised, ${componentSums('f.')} ${dayFills}`,
    [deploymentId, tradingDate],
  );
  const { rows: positions } = await db.query(
    `SELECT i.symbol, p.product, p.net_qty, p.avg_price::text AS avg_price, p.last_price::text AS last_price,
            p.unrealised_pnl::text AS unrealised_pnl, p.day_pnl::text AS day_pnl, p.day = $2::date AS current
       FROM positions p JOIN instruments i ON i.id = p.instrument_id
      WHERE p.deployment_id = $1 AND (p.net_qty <> 0 OR p.day = $2::date)
      ORDER BY i.symbol, p.product`,
    [deploymentId, tradingDate],
  );
  const { rows: totals } = await db.query(
    `SELECT coalesce(sum(day_pnl) FILTER (WHERE day = $2::date), 0)::numeric(20, 2)::text AS day_pnl,
            coalesce(sum(unrealised_pnl) FILTER (WHERE net_qty <> 0), 0)::numeric(20, 2)::text AS unrealised,
            count(*) FILTER (WHERE net_qty <> 0 AND day IS DISTINCT FROM $2::date)::int AS stale
       FROM positions WHERE deployment_id = $1`,
    [deploymentId, tradingDate],
  );
  const { rows: orders } = await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE o.status = 'filled')::int AS filled,
            count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE o.status = 'rejected')::int AS rejected,
            count(*) FILTER (WHERE o.status = 'expired')::int AS expired,
            count(*) FILTER (WHERE o.status IN ('new', 'sent', 'open', 'partially_filled'))::int AS open
       FROM orders o LEFT JOIN signals s ON s.id = o.signal_id
      -- The market day an order belongs to is its signal's bar (a replay books past days today).
      WHERE o.deployment_id = $1
        AND (coalesce(s.bar_time, o.created_at) AT TIME ZONE 'Asia/Kolkata')::date = $2::date`,
    [deploymentId, tradingDate],
  );
  const s = sums[0]!;
  const charges = Object.fromEntries(
    [...COST_COMPONENTS, 'total'].map((c) => [c, s[c] as string]),
  ) as EodReport['pnl']['charges'];
  const { rows: net } = await db.query<{ net: string }>(
    'SELECT ($1::numeric - $2::numeric)::numeric(24, 6)::text AS net',
    [totals[0]!.day_pnl, charges.total],
  );
  return {
    deploymentId,
    tradingDate,
    trades: trades.map((t) => ({
      time: t.time,
      clientOrderId: t.client_order_id,
      symbol: t.symbol,
      product: t.product,
      side: t.side,
      qty: Number(t.qty),
      price: t.price,
      value: t.value,
      charges: Object.fromEntries([...COST_COMPONENTS, 'total'].map((c) => [c, t[c]])) as EodTrade['charges'],
      realisedPnl: t.realised_pnl,
    })),
    pnl: {
      realised: s.realised,
      unrealised: totals[0]!.unrealised,
      dayPnl: totals[0]!.day_pnl,
      charges,
      net: net[0]!.net,
    },
    positions: positions
      .filter((p) => Number(p.net_qty) !== 0)
      .map((p) => ({
        symbol: p.symbol,
        product: p.product,
        qty: Number(p.net_qty),
        avgPrice: p.avg_price,
        lastPrice: p.last_price,
        unrealisedPnl: p.unrealised_pnl,
        dayPnl: p.current ? p.day_pnl : null,
      })),
    orders: orders[0] as EodReport['orders'],
    stalePositions: totals[0]!.stale,
  };
}

/** Stores the report (replacing an earlier one for the same deployment and date). */
export async function saveEodReport(db: Queryable, report: EodReport): Promise<void> {
  await db.query(
    `INSERT INTO eod_reports (owner_id, deployment_id, trading_date, report)
     SELECT owner_id, id, $2, $3 FROM deployments WHERE id = $1
     ON CONFLICT (deployment_id, trading_date) DO UPDATE SET report = EXCLUDED.report, created_at = now()`,
    [report.deploymentId, report.tradingDate, JSON.stringify(report)],
  );
}

export async function readEodReport(
  db: Queryable,
  deploymentId: number,
  tradingDate: string,
): Promise<EodReport | undefined> {
  const { rows } = await db.query<{ report: EodReport }>(
    'SELECT report FROM eod_reports WHERE deployment_id = $1 AND trading_date = $2::date',
    [deploymentId, tradingDate],
  );
  return rows[0]?.report;
}
