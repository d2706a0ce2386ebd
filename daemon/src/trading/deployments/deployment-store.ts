// SQL for deployments (sql/001 + sql/018): the row, its transitions and their history. Every
// write is one statement — the row change and its deployment_events row together — so it is
// atomic on a pool as inside a caller's transaction, and the database announces it at commit
// ('deployment.changed', deployment-events.ts). Transitions obey deployment-state.ts and change
// the row only while its status is one the caller expected: otherwise CONFLICT names the status.
import { AppError } from '../../core/errors';
import type { Pool, PoolClient } from '../../db/pool';
import type {
  DeploymentChanges,
  DeploymentMode,
  DeploymentProduct,
  DeploymentSpec,
  DeploymentTimeframe,
} from './deployment-spec';
import {
  checkTransition,
  EDITABLE_STATUSES,
  RUNNABLE_STATUSES,
  type DeploymentActor,
  type DeploymentStatus,
} from './deployment-state';

type Queryable = Pool | PoolClient;

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

export interface TransitionRequest {
  deploymentId: number;
  to: DeploymentStatus;
  /** The statuses the caller expects it in; any other gives CONFLICT naming the current one. */
  from: readonly DeploymentStatus[];
  actor: DeploymentActor;
  actorUserId?: number | null;
  daemonId?: string | null;
  reason?: string | null;
  /** Stored with `to: 'error'` (trimmed); a move to 'starting' clears the last error. */
  error?: string | null;
  errorStack?: string | null;
}

export interface TransitionResult {
  deployment: DeploymentRow;
  event: DeploymentEventRow;
}

/** Who wrote a create or an update (the history row's actor). */
export interface DeploymentAuthor {
  actor: DeploymentActor;
  actorUserId?: number | null;
  daemonId?: string | null;
  reason?: string | null;
}

// Bounds of the stored texts (sql/018): a 1 MB stack trace must not fail the transition.
const ERROR_CHARS = 2000;
const STACK_CHARS = 8000;
const REASON_CHARS = 2000;
const trim = (text: string | null | undefined, max: number): string | null =>
  text == null ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text;

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
const columns = (alias = ''): string =>
  COLUMN_NAMES.map((c) => (c === 'capital' ? `${alias}capital::text AS capital` : `${alias}${c}`)).join(', ');
const COLUMNS = columns();

interface Row {
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

function toDeployment(r: Row): DeploymentRow {
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

const EVENT_COLUMNS =
  'id, deployment_id, owner_id, from_status, to_status, actor_user_id, actor, daemon_id, reason, at';

interface EventRow {
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

function toEvent(r: EventRow): DeploymentEventRow {
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

/** The deployment (under the caller's row-level security): NOT_FOUND if missing or not theirs. */
export async function loadDeployment(db: Queryable, id: number): Promise<DeploymentRow> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM deployments WHERE id = $1`, [id]);
  if (!rows[0]) throw new AppError('NOT_FOUND', `no deployment ${id}`);
  return toDeployment(rows[0]);
}

/** Deployments some daemon must hold: status starting, running, paused or stopping; by id. */
export async function listDeploymentsToRun(db: Queryable): Promise<DeploymentRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM deployments WHERE status = ANY($1::text[]) ORDER BY id`,
    [RUNNABLE_STATUSES],
  );
  return rows.map(toDeployment);
}

export interface DeploymentFilter {
  status?: DeploymentStatus[];
  brokerAccountId?: number;
  limit?: number;
  offset?: number;
}

/** The caller's deployments (admins: everyone's), newest first, with the total matched. */
export async function listDeployments(
  db: Queryable,
  filter: DeploymentFilter = {},
): Promise<{ deployments: DeploymentRow[]; total: number }> {
  const { rows } = await db.query<Row & { total: number }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM deployments
      WHERE ($1::text[] IS NULL OR status = ANY($1)) AND ($2::bigint IS NULL OR broker_account_id = $2)
      ORDER BY id DESC LIMIT $3 OFFSET $4`,
    [filter.status ?? null, filter.brokerAccountId ?? null, filter.limit ?? 100, filter.offset ?? 0],
  );
  return { deployments: rows.map(toDeployment), total: rows[0]?.total ?? 0 };
}

/** A deployment by id or by its owner's name for it (CLI `deploy show NAME`). */
export async function findDeployment(db: Queryable, ref: number | string): Promise<DeploymentRow> {
  if (typeof ref === 'number') return loadDeployment(db, ref);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM deployments WHERE name = $1 ORDER BY (owner_id = app_user_id()) DESC, id LIMIT 2`,
    [ref],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no deployment named ${JSON.stringify(ref)}`);
  return toDeployment(rows[0]);
}

/**
 * Moves a deployment to `to` if its status is one of `from` and `actor` may make that move
 * (deployment-state.ts): one statement that locks the row, updates it and writes the history row.
 * NOT_FOUND when it does not exist (or is not the caller's); CONFLICT naming the current status.
 */
export async function transitionDeployment(
  db: Queryable,
  request: TransitionRequest,
): Promise<TransitionResult> {
  for (const from of request.from) {
    const verdict = checkTransition(from, request.to, request.actor);
    if (!verdict.ok)
      throw new AppError('INVARIANT_BROKEN', `deployment ${request.deploymentId}: ${verdict.reason}`);
  }
  const { rows } = await db.query<Row & { from_status: DeploymentStatus; event: EventRow }>(
    `WITH cur AS (
       SELECT id, status FROM deployments WHERE id = $1 FOR UPDATE
     ), upd AS (
       UPDATE deployments d
          SET status = $2,
              error = CASE WHEN $2 = 'error' THEN $6 WHEN $2 = 'starting' THEN NULL ELSE d.error END,
              error_stack = CASE WHEN $2 = 'error' THEN $7 WHEN $2 = 'starting' THEN NULL ELSE d.error_stack END
         FROM cur
        WHERE d.id = cur.id AND cur.status = ANY($3::text[])
       RETURNING d.*, cur.status AS from_status
     ), ev AS (
       INSERT INTO deployment_events (deployment_id, owner_id, from_status, to_status, actor_user_id, actor, daemon_id, reason)
       SELECT id, owner_id, from_status, $2, $4, $5, $8, $9 FROM upd
       RETURNING ${EVENT_COLUMNS}
     )
     SELECT ${columns('upd.')}, upd.from_status, to_jsonb(ev) AS event FROM upd, ev`,
    [
      request.deploymentId,
      request.to,
      request.from,
      request.actorUserId ?? null,
      request.actor,
      request.to === 'error' ? trim(request.error ?? 'failed', ERROR_CHARS) : null,
      request.to === 'error' ? trim(request.errorStack, STACK_CHARS) : null,
      request.daemonId ?? null,
      trim(request.reason, REASON_CHARS),
    ],
  );
  const row = rows[0];
  if (row) return { deployment: toDeployment(row), event: toEvent(eventFromJson(row.event)) };
  const current = await db.query<{ status: DeploymentStatus }>(
    'SELECT status FROM deployments WHERE id = $1',
    [request.deploymentId],
  );
  if (!current.rows[0]) throw new AppError('NOT_FOUND', `no deployment ${request.deploymentId}`);
  throw new AppError(
    'CONFLICT',
    `deployment ${request.deploymentId} is ${current.rows[0].status}; it can move to ${request.to} only from ${request.from.join(' or ')}`,
    { status: current.rows[0].status, to: request.to, from: [...request.from] },
  );
}

// to_jsonb renders the timestamp as text and bigints as numbers.
function eventFromJson(e: EventRow): EventRow {
  return { ...e, at: new Date(e.at as unknown as string) };
}

/** Inserts a (validated) deployment, stopped, with its first history row. */
export async function createDeployment(
  db: Queryable,
  ownerId: number,
  spec: DeploymentSpec,
  author: DeploymentAuthor,
): Promise<DeploymentRow> {
  const { rows } = await db.query<Row>(
    `WITH ins AS (
       INSERT INTO deployments (owner_id, name, strategy_id, strategy_version, params, symbols, timeframe, product,
                                capital, broker_account_id, risk_profile_id, mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10, $11, $12)
       RETURNING *
     ), ev AS (
       INSERT INTO deployment_events (deployment_id, owner_id, from_status, to_status, actor_user_id, actor, daemon_id, reason)
       SELECT id, owner_id, NULL, status, $13, $14, $15, $16 FROM ins
     )
     SELECT ${COLUMNS} FROM ins`,
    [
      ownerId,
      spec.name,
      spec.strategyId,
      spec.strategyVersion,
      JSON.stringify(spec.params),
      spec.symbols,
      spec.timeframe,
      spec.product,
      spec.capital,
      spec.brokerAccountId,
      spec.riskProfileId,
      spec.mode,
      author.actorUserId ?? null,
      author.actor,
      author.daemonId ?? null,
      trim(author.reason ?? 'created', REASON_CHARS),
    ],
  );
  return toDeployment(rows[0]!);
}

const CHANGE_COLUMNS: Record<keyof DeploymentChanges, string> = {
  name: 'name',
  strategyId: 'strategy_id',
  strategyVersion: 'strategy_version',
  params: 'params',
  symbols: 'symbols',
  timeframe: 'timeframe',
  product: 'product',
  capital: 'capital',
  brokerAccountId: 'broker_account_id',
  riskProfileId: 'risk_profile_id',
  mode: 'mode',
};

/**
 * Changes a (validated) deployment's spec while nobody runs it (stopped, error or halted): the
 * history gets a row from and to the same status naming the fields. CONFLICT otherwise.
 */
export async function updateDeployment(
  db: Queryable,
  id: number,
  changes: DeploymentChanges,
  author: DeploymentAuthor,
): Promise<DeploymentRow> {
  const keys = (Object.keys(changes) as (keyof DeploymentChanges)[]).filter((k) => changes[k] !== undefined);
  if (keys.length === 0) return loadDeployment(db, id);
  const values = keys.map((k) => (k === 'params' ? JSON.stringify(changes[k]) : changes[k]));
  const sets = keys.map((k, i) => `${CHANGE_COLUMNS[k]} = $${i + 3}${k === 'capital' ? '::numeric' : ''}`);
  const n = keys.length + 3;
  const { rows } = await db.query<Row>(
    `WITH upd AS (
       UPDATE deployments SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) RETURNING *
     ), ev AS (
       INSERT INTO deployment_events (deployment_id, owner_id, from_status, to_status, actor_user_id, actor, daemon_id, reason)
       SELECT id, owner_id, status, status, $${n}, $${n + 1}, $${n + 2}, $${n + 3} FROM upd
     )
     SELECT ${COLUMNS} FROM upd`,
    [
      id,
      EDITABLE_STATUSES,
      ...values,
      author.actorUserId ?? null,
      author.actor,
      author.daemonId ?? null,
      trim(author.reason ?? `updated ${keys.join(', ')}`, REASON_CHARS),
    ],
  );
  if (rows[0]) return toDeployment(rows[0]);
  const current = await loadDeployment(db, id);
  throw new AppError(
    'CONFLICT',
    `deployment ${id} is ${current.status}; stop it before changing it (changes are allowed while ${EDITABLE_STATUSES.join(', ')})`,
    { status: current.status },
  );
}

export interface EventPage {
  limit?: number;
  /** Events with an id below this one (the next page of a newest-first listing). */
  beforeId?: number;
}

/** A deployment's history, newest first. */
export async function listDeploymentEvents(
  db: Queryable,
  deploymentId: number,
  page: EventPage = {},
): Promise<DeploymentEventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM deployment_events
      WHERE deployment_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [deploymentId, page.beforeId ?? null, page.limit ?? 100],
  );
  return rows.map(toEvent);
}
