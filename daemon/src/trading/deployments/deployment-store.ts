// Writes of deployments (sql/001 + sql/018): create, update, and the transitions of their life
// cycle. Every write is one statement — the row change and its deployment_events row together —
// so it is atomic on a pool as inside a caller's transaction, and the database announces it at
// commit ('deployment.changed', deployment-events.ts). Transitions obey deployment-state.ts and
// change the row only while its status is one the caller expected: otherwise CONFLICT names the
// status. The reads (loadDeployment, listDeploymentsToRun, …) are re-exported from here.
import { AppError } from '../../core/errors';
import type { DeploymentChanges, DeploymentSpec } from './deployment-spec';
import {
  checkTransition,
  EDITABLE_STATUSES,
  type DeploymentActor,
  type DeploymentStatus,
} from './deployment-state';
import { loadDeployment } from './deployment-reads';
import {
  columns,
  COLUMNS,
  EVENT_COLUMNS,
  toDeployment,
  toEvent,
  type DeploymentEventRow,
  type DeploymentRow,
  type EventRow,
  type Queryable,
  type Row,
} from './deployment-rows';

export type { DeploymentEventRow, DeploymentRow } from './deployment-rows';
export {
  findDeployment,
  listDeploymentEvents,
  listDeployments,
  listDeploymentsToRun,
  loadDeployment,
  type DeploymentFilter,
  type EventPage,
} from './deployment-reads';

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
