// A deployment's stored end-of-day reports as the console lists them: one line per trading date
// (newest first) with the figures an operator scans for — net and day P&L, charges, trades and
// orders — read from the stored JSON, so the list is exactly what each report says.
import type { Pool, PoolClient } from '../../db/pool';

type Queryable = Pool | PoolClient;

export interface EodReportLine {
  tradingDate: string;
  createdAt: number;
  dayPnl: string;
  charges: string;
  net: string;
  trades: number;
  orders: number;
  positions: number;
}

export async function listEodReports(
  db: Queryable,
  deploymentId: number,
  page: { limit?: number; offset?: number } = {},
): Promise<{ reports: EodReportLine[]; total: number }> {
  const { rows } = await db.query<{
    trading_date: string;
    created_at: Date;
    day_pnl: string;
    charges: string;
    net: string;
    trades: number;
    orders: number;
    positions: number;
    total: number;
  }>(
    `SELECT trading_date::text AS trading_date, created_at,
            report #>> '{pnl,dayPnl}' AS day_pnl, report #>> '{pnl,charges,total}' AS charges,
            report #>> '{pnl,net}' AS net, jsonb_array_length(report -> 'trades') AS trades,
            (report #>> '{orders,total}')::int AS orders, jsonb_array_length(report -> 'positions') AS positions,
            count(*) OVER ()::int AS total
       FROM eod_reports WHERE deployment_id = $1
      ORDER BY trading_date DESC LIMIT $2 OFFSET $3`,
    [deploymentId, page.limit ?? 100, page.offset ?? 0],
  );
  return {
    reports: rows.map((r) => ({
      tradingDate: r.trading_date,
      createdAt: r.created_at.getTime(),
      dayPnl: r.day_pnl,
      charges: r.charges,
      net: r.net,
      trades: r.trades,
      orders: r.orders,
      positions: r.positions,
    })),
    total: rows[0]?.total ?? 0,
  };
}
