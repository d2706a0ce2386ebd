// Positions as the API and CLI show them: per deployment (the ledger's rows) or per account (the
// account_positions view, sql/013), with day P&L, realised and unrealised P&L marked at the last
// price. Under the caller's row-level security.
import type { Pool, PoolClient } from '../../db/pool';
import { Conditions, iso } from './view-filters';

type Queryable = Pool | PoolClient;

export interface PositionView {
  /** null in the per-account view, and for manual orders' positions. */
  deploymentId: number | null;
  brokerAccountId: number;
  instrumentId: number;
  symbol: string;
  product: string;
  netQty: number;
  /** Average entry price of the open quantity (cost basis / net qty), or null when flat. */
  avgPrice: string | null;
  costBasis: string;
  realisedPnl: string;
  /** null while a held position has no mark yet. */
  unrealisedPnl: string | null;
  dayPnl: string | null;
  costs: string;
  dayCosts: string;
  lastPrice: string | null;
  lastPriceAt: string | null;
}

export interface PositionFilter {
  by: 'deployment' | 'account';
  deploymentId?: number;
  brokerAccountId?: number;
  /** Flat positions too (they carry the realised P&L). Default: open only. */
  includeFlat?: boolean;
}

export async function listPositionViews(db: Queryable, filter: PositionFilter): Promise<PositionView[]> {
  const c = new Conditions();
  const account = filter.by === 'account';
  if (filter.deploymentId !== undefined && !account)
    c.add((p) => `p.deployment_id = ${p(filter.deploymentId)}`);
  if (filter.brokerAccountId !== undefined)
    c.add((p) => `p.broker_account_id = ${p(filter.brokerAccountId)}`);
  if (!filter.includeFlat) c.add(() => 'p.net_qty <> 0');
  const source = account
    ? `SELECT NULL::bigint AS deployment_id, broker_account_id, instrument_id, product, net_qty, cost_basis, realised_pnl,
              unrealised_pnl, day_pnl, costs, day_costs, last_price, NULL::timestamptz AS last_price_at FROM account_positions`
    : `SELECT deployment_id, broker_account_id, instrument_id, product, net_qty, cost_basis, realised_pnl, unrealised_pnl,
              day_pnl, costs, day_costs, last_price, last_price_at FROM positions`;
  const { rows } = await db.query<Record<string, unknown> & { last_price_at: Date | null }>(
    `SELECT p.deployment_id, p.broker_account_id, p.instrument_id, i.exchange || ':' || i.symbol AS symbol, p.product,
            p.net_qty::bigint AS net_qty,
            CASE WHEN p.net_qty <> 0 THEN round(p.cost_basis / p.net_qty, 4)::text END AS avg_price,
            p.cost_basis::text, p.realised_pnl::text, p.unrealised_pnl::text, p.day_pnl::text, p.costs::text,
            p.day_costs::text, p.last_price::text, p.last_price_at
       FROM (${source}) p JOIN instruments i ON i.id = p.instrument_id
       ${c.where}
      ORDER BY p.deployment_id NULLS FIRST, p.broker_account_id, symbol, p.product`,
    c.values,
  );
  return rows.map((r) => ({
    deploymentId: r.deployment_id as number | null,
    brokerAccountId: r.broker_account_id as number,
    instrumentId: r.instrument_id as number,
    symbol: r.symbol as string,
    product: r.product as string,
    netQty: r.net_qty as number,
    avgPrice: r.avg_price as string | null,
    costBasis: r.cost_basis as string,
    realisedPnl: r.realised_pnl as string,
    unrealisedPnl: r.unrealised_pnl as string | null,
    dayPnl: r.day_pnl as string | null,
    costs: r.costs as string,
    dayCosts: r.day_costs as string,
    lastPrice: r.last_price as string | null,
    lastPriceAt: iso(r.last_price_at),
  }));
}
