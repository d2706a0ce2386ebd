// trading.summary: P&L and exposure per deployment and per broker account, from the ledger's
// positions (exact numeric sums). Exposure values each open position at its last price (its entry
// price until it has a mark); `unmarked` counts open positions without a mark, whose unrealised
// P&L is unknown and left out of the sums.
import type { Pool, PoolClient } from '../../db/pool';
import type { DeploymentStatus } from '../deployments/deployment-state';

type Queryable = Pool | PoolClient;

export interface PnlFigures {
  realisedPnl: string;
  unrealisedPnl: string;
  dayPnl: string;
  costs: string;
  /** realised + unrealised − costs. */
  netPnl: string;
  grossExposure: string;
  netExposure: string;
  openPositions: number;
  unmarked: number;
  openOrders: number;
}

export interface DeploymentSummary extends PnlFigures {
  deploymentId: number;
  name: string;
  status: DeploymentStatus;
  brokerAccountId: number;
  capital: string;
  /** The latest mark (or fill) time of its positions, ISO: the moment these figures describe. */
  markedAt: string | null;
}

export interface AccountSummary extends PnlFigures {
  brokerAccountId: number;
  label: string;
}

export interface TradingSummary {
  deployments: DeploymentSummary[];
  accounts: AccountSummary[];
}

const FIGURES = `
  coalesce(sum(p.realised_pnl), 0)::numeric(20, 2)::text AS realised_pnl,
  coalesce(sum(p.unrealised_pnl), 0)::numeric(20, 2)::text AS unrealised_pnl,
  coalesce(sum(p.day_pnl), 0)::numeric(20, 2)::text AS day_pnl,
  coalesce(sum(p.costs), 0)::numeric(24, 2)::text AS costs,
  (coalesce(sum(p.realised_pnl), 0) + coalesce(sum(p.unrealised_pnl), 0) - coalesce(sum(p.costs), 0))::numeric(24, 2)::text AS net_pnl,
  coalesce(sum(abs(CASE WHEN p.net_qty = 0 THEN 0 WHEN p.last_price IS NULL THEN p.cost_basis ELSE p.net_qty * p.last_price END)), 0)::numeric(24, 2)::text AS gross_exposure,
  coalesce(sum(CASE WHEN p.net_qty = 0 THEN 0 WHEN p.last_price IS NULL THEN p.cost_basis ELSE p.net_qty * p.last_price END), 0)::numeric(24, 2)::text AS net_exposure,
  count(*) FILTER (WHERE p.net_qty <> 0)::int AS open_positions,
  count(*) FILTER (WHERE p.net_qty <> 0 AND p.last_price IS NULL)::int AS unmarked`;

type Row = Record<string, unknown>;

const figures = (r: Row): PnlFigures => ({
  realisedPnl: r.realised_pnl as string,
  unrealisedPnl: r.unrealised_pnl as string,
  dayPnl: r.day_pnl as string,
  costs: r.costs as string,
  netPnl: r.net_pnl as string,
  grossExposure: r.gross_exposure as string,
  netExposure: r.net_exposure as string,
  openPositions: r.open_positions as number,
  unmarked: r.unmarked as number,
  openOrders: r.open_orders as number,
});

const OPEN_ORDERS = (column: string, key: string) =>
  `(SELECT count(*)::int FROM orders o WHERE o.${column} = ${key} AND o.status IN ('new', 'sent', 'open', 'partially_filled')) AS open_orders`;

export async function tradingSummary(
  db: Queryable,
  filter: { deploymentId?: number; brokerAccountId?: number } = {},
): Promise<TradingSummary> {
  const deployments = await db.query<Row>(
    `SELECT d.id, d.name, d.status, d.broker_account_id, d.capital::text AS capital, ${FIGURES},
            max(p.last_price_at) AS marked_at,
            ${OPEN_ORDERS('deployment_id', 'd.id')}
       FROM deployments d LEFT JOIN positions p ON p.deployment_id = d.id
      WHERE ($1::bigint IS NULL OR d.id = $1) AND ($2::bigint IS NULL OR d.broker_account_id = $2)
      GROUP BY d.id ORDER BY d.id`,
    [filter.deploymentId ?? null, filter.brokerAccountId ?? null],
  );
  const accounts = await db.query<Row>(
    `SELECT a.id, a.label, ${FIGURES}, ${OPEN_ORDERS('broker_account_id', 'a.id')}
       FROM broker_accounts a LEFT JOIN positions p ON p.broker_account_id = a.id
      WHERE ($1::bigint IS NULL OR a.id = $1)
        AND ($2::bigint IS NULL OR a.id = (SELECT broker_account_id FROM deployments WHERE id = $2))
      GROUP BY a.id ORDER BY a.id`,
    [filter.brokerAccountId ?? null, filter.deploymentId ?? null],
  );
  return {
    deployments: deployments.rows.map((r) => ({
      deploymentId: r.id as number,
      name: r.name as string,
      status: r.status as DeploymentStatus,
      brokerAccountId: r.broker_account_id as number,
      capital: r.capital as string,
      ...figures(r),
      markedAt: r.marked_at instanceof Date ? r.marked_at.toISOString() : null,
    })),
    accounts: accounts.rows.map((r) => ({
      brokerAccountId: r.id as number,
      label: r.label as string,
      ...figures(r),
    })),
  };
}
