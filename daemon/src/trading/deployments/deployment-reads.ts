// Reads of deployments and their history, for the runner, the API and the CLI. Each takes a pool
// or a client: API callers run them under the caller's row-level security (NOT_FOUND covers
// "missing" and "not yours"), the trader daemon on its pool.
import { AppError } from '../../core/errors';
import { RUNNABLE_STATUSES, type DeploymentStatus } from './deployment-state';
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

export interface ListedDeployment extends DeploymentRow {
  /** The start of the last bar the runner stepped (its latest P&L mark), epoch ms; null before any. */
  lastBarAt: number | null;
  /** The bar time of its latest signal (the runner's clock, as lastBarAt), epoch ms; null before any. */
  lastSignalAt: number | null;
}

/**
 * The caller's deployments (admins: everyone's), newest first, with the total matched, each with
 * its last bar and last signal times — one index probe each (deployment_pnl_marks' key, signals'
 * (deployment_id, created_at DESC)), so the page costs one query however many it lists.
 */
export async function listDeployments(
  db: Queryable,
  filter: DeploymentFilter = {},
): Promise<{ deployments: ListedDeployment[]; total: number }> {
  const { rows } = await db.query<
    Row & { total: number; last_bar_at: Date | null; last_signal_at: Date | null }
  >(
    `SELECT ${columns('d.')}, count(*) OVER () AS total,
            (SELECT m.bar_time FROM deployment_pnl_marks m WHERE m.deployment_id = d.id ORDER BY m.at DESC LIMIT 1) AS last_bar_at,
            (SELECT s.bar_time FROM signals s WHERE s.deployment_id = d.id ORDER BY s.created_at DESC LIMIT 1) AS last_signal_at
       FROM deployments d
      WHERE ($1::text[] IS NULL OR d.status = ANY($1)) AND ($2::bigint IS NULL OR d.broker_account_id = $2)
      ORDER BY d.id DESC LIMIT $3 OFFSET $4`,
    [filter.status ?? null, filter.brokerAccountId ?? null, filter.limit ?? 100, filter.offset ?? 0],
  );
  return {
    deployments: rows.map((r) => ({
      ...toDeployment(r),
      lastBarAt: r.last_bar_at?.getTime() ?? null,
      lastSignalAt: r.last_signal_at?.getTime() ?? null,
    })),
    total: rows[0]?.total ?? 0,
  };
}

/** A deployment by id or by its owner's name for it (CLI `deploy show NAME`). */
export async function findDeployment(db: Queryable, ref: number | string): Promise<DeploymentRow> {
  if (typeof ref === 'number') return loadDeployment(db, ref);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM deployments WHERE name = $1 ORDER BY (owner_id = app_user_id()) DESC, id LIMIT 2`,
    [ref],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no deployment named ${JSON.stringify(ref)}`);
  // Names are unique per owner; an admin (or the CLI) may see two owners' with the same name.
  if (rows[1] && rows[1].owner_id !== rows[0].owner_id && !(await ownsFirst(db, rows[0].owner_id)))
    throw new AppError(
      'CONFLICT',
      `deployments ${rows[0].id} and ${rows[1].id} (of different users) are both named ${JSON.stringify(ref)}: use the id`,
    );
  return toDeployment(rows[0]);
}

async function ownsFirst(db: Queryable, ownerId: number): Promise<boolean> {
  const { rows } = await db.query<{ mine: boolean | null }>('SELECT app_user_id() = $1 AS mine', [ownerId]);
  return rows[0]?.mine === true;
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
