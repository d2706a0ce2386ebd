// The deployments row and its history row as the store and its callers see them (sql/001 +
// sql/018), and their mapping from SQL. Shared by deployment-reads.ts and deployment-store.ts.
import type { Pool, PoolClient } from '../../db/pool';
import type { DeploymentMode, DeploymentProduct, DeploymentTimeframe } from './deployment-spec';
import type { DeploymentActor, DeploymentStatus } from './deployment-state';

export type Queryable = Pool | PoolClient;

export interface DeploymentRow {
  id: number;
  ownerId: number;
  name: string;
  strategyId: number;
  strategyVersion: number;
  brokerAccountId: number;
  riskProfileId: number | null;
  mode: DeploymentMode;
  status: DeploymentStatus;
  params: Record<string, unknown>;
  /** As stored: 'NSE:TCS'. */
  symbols: string[];
  timeframe: DeploymentTimeframe;
  product: DeploymentProduct;
  /** Rupees, exact: a decimal string with two decimals ("250000.00"). */
  capital: string;
  error: string | null;
  errorStack: string | null;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

export interface DeploymentEventRow {
  id: number;
  deploymentId: number;
  ownerId: number;
  from: DeploymentStatus | null;
  to: DeploymentStatus;
  actorUserId: number | null;
  actor: DeploymentActor;
  daemonId: string | null;
  reason: string | null;
  /** Epoch ms. */
  at: number;
}

const COLUMN_NAMES = [
  'id',
  'owner_id',
  'name',
  'strategy_id',
  'strategy_version',
  'broker_account_id',
  'risk_profile_id',
  'mode',
  'status',
  'params',
  'symbols',
  'timeframe',
  'product',
  'capital',
  'error',
  'error_stack',
  'created_at',
  'updated_at',
];
/** The select list, optionally qualified by a table alias; capital as exact text. */
export const columns = (alias = ''): string =>
  COLUMN_NAMES.map((c) => (c === 'capital' ? `${alias}capital::text AS capital` : `${alias}${c}`)).join(', ');
export const COLUMNS = columns();

export interface Row {
  id: number;
  owner_id: number;
  name: string;
  strategy_id: number;
  strategy_version: number;
  broker_account_id: number;
  risk_profile_id: number | null;
  mode: DeploymentMode;
  status: DeploymentStatus;
  params: Record<string, unknown>;
  symbols: string[];
  timeframe: DeploymentTimeframe;
  product: DeploymentProduct;
  capital: string;
  error: string | null;
  error_stack: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toDeployment(r: Row): DeploymentRow {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    strategyId: r.strategy_id,
    strategyVersion: r.strategy_version,
    brokerAccountId: r.broker_account_id,
    riskProfileId: r.risk_profile_id,
    mode: r.mode,
    status: r.status,
    params: r.params,
    symbols: r.symbols,
    timeframe: r.timeframe,
    product: r.product,
    capital: r.capital,
    error: r.error,
    errorStack: r.error_stack,
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
  };
}

export const EVENT_COLUMNS =
  'id, deployment_id, owner_id, from_status, to_status, actor_user_id, actor, daemon_id, reason, at';

export interface EventRow {
  id: number;
  deployment_id: number;
  owner_id: number;
  from_status: DeploymentStatus | null;
  to_status: DeploymentStatus;
  actor_user_id: number | null;
  actor: DeploymentActor;
  daemon_id: string | null;
  reason: string | null;
  at: Date;
}

export function toEvent(r: EventRow): DeploymentEventRow {
  return {
    id: r.id,
    deploymentId: r.deployment_id,
    ownerId: r.owner_id,
    from: r.from_status,
    to: r.to_status,
    actorUserId: r.actor_user_id,
    actor: r.actor,
    daemonId: r.daemon_id,
    reason: r.reason,
    at: r.at.getTime(),
  };
}
