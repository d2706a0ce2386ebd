// SQL for kill switches. One engaged switch per scope (a partial unique index): engaging an
// engaged scope again returns the switch already there (and turns flatten on if asked). The
// database announces every engagement and release itself (a trigger), so this file never
// publishes.
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { KillSwitchRef, KillSwitchScope } from '../risk/index';

export interface KillSwitchRow extends KillSwitchRef {
  ownerId: number | null;
  releasedAt: number | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

interface Row {
  id: number;
  owner_id: number | null;
  scope: KillSwitchScope;
  broker_account_id: number | null;
  deployment_id: number | null;
  flatten: boolean;
  reason: string;
  engaged_by: string;
  engaged_at: Date;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
}

const COLUMNS =
  'id, owner_id, scope, broker_account_id, deployment_id, flatten, reason, engaged_by, engaged_at, released_at, released_by, release_reason';

function toRow(r: Row): KillSwitchRow {
  return {
    id: r.id,
    ownerId: r.owner_id,
    scope: r.scope,
    accountId: r.broker_account_id,
    deploymentId: r.deployment_id,
    flatten: r.flatten,
    reason: r.reason,
    engagedBy: r.engaged_by,
    engagedAt: r.engaged_at.getTime(),
    releasedAt: r.released_at?.getTime() ?? null,
    releasedBy: r.released_by,
    releaseReason: r.release_reason,
  };
}

export interface EngageRow {
  scope: KillSwitchScope;
  ownerId: number | null;
  accountId: number | null;
  deploymentId: number | null;
  flatten: boolean;
  reason: string;
  engagedBy: string;
  engagedByUser: number | null;
}

const SAME_SCOPE = `scope = $1 AND coalesce(broker_account_id, 0) = coalesce($2::bigint, 0)
  AND coalesce(deployment_id, 0) = coalesce($3::bigint, 0) AND released_at IS NULL`;

/** Engages a switch, or returns the one already engaged over that scope (`created: false`). */
export async function insertKillSwitch(
  db: PoolClient,
  e: EngageRow,
): Promise<{ row: KillSwitchRow; created: boolean }> {
  const inserted = await db.query<Row>(
    `INSERT INTO kill_switches (scope, owner_id, broker_account_id, deployment_id, flatten, reason, engaged_by, engaged_by_user)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (scope, coalesce(broker_account_id, 0), coalesce(deployment_id, 0)) WHERE released_at IS NULL DO NOTHING
     RETURNING ${COLUMNS}`,
    [e.scope, e.ownerId, e.accountId, e.deploymentId, e.flatten, e.reason, e.engagedBy, e.engagedByUser],
  );
  if (inserted.rows[0]) return { row: toRow(inserted.rows[0]), created: true };
  const existing = await findEngaged(db, e.scope, e.accountId, e.deploymentId);
  if (!existing) throw new AppError('CONFLICT', 'the kill switch changed while engaging it; try again');
  if (!e.flatten || existing.flatten) return { row: existing, created: false };
  const { rows } = await db.query<Row>(
    `UPDATE kill_switches SET flatten = true WHERE id = $1 AND released_at IS NULL RETURNING ${COLUMNS}`,
    [existing.id],
  );
  // Row-level security lets only an admin change the global switch.
  if (!rows[0])
    throw new AppError(
      'FORBIDDEN',
      `kill switch ${existing.id} is engaged without flatten; only an admin can add flatten to it (or release it and engage again)`,
    );
  return { row: toRow(rows[0]), created: false };
}

export async function findEngaged(
  db: PoolClient,
  scope: KillSwitchScope,
  accountId: number | null,
  deploymentId: number | null,
): Promise<KillSwitchRow | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM kill_switches WHERE ${SAME_SCOPE}`, [
    scope,
    accountId,
    deploymentId,
  ]);
  return rows[0] ? toRow(rows[0]) : undefined;
}

export async function getKillSwitch(db: PoolClient, id: number, lock = false): Promise<KillSwitchRow> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM kill_switches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no kill switch ${id}`);
  return toRow(rows[0]);
}

export async function markReleased(
  db: PoolClient,
  id: number,
  by: { label: string; userId: number | null; reason: string },
): Promise<KillSwitchRow> {
  const { rows } = await db.query<Row>(
    `UPDATE kill_switches SET released_at = clock_timestamp(), released_by = $2, released_by_user = $3, release_reason = $4
      WHERE id = $1 AND released_at IS NULL RETURNING ${COLUMNS}`,
    [id, by.label, by.userId, by.reason],
  );
  // Row-level security hides an UPDATE the caller may not make: say which.
  if (!rows[0]) {
    const current = await getKillSwitch(db, id);
    if (current.releasedAt !== null)
      throw new AppError('CONFLICT', `kill switch ${id} was already released by ${current.releasedBy}`);
    throw new AppError('FORBIDDEN', `you may not release kill switch ${id}`);
  }
  return toRow(rows[0]);
}

/** Engaged switches (all of them as the owning role; the visible ones under row-level security). */
export async function listEngaged(db: Pick<PoolClient, 'query'>): Promise<KillSwitchRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM kill_switches WHERE released_at IS NULL ORDER BY id`,
  );
  return rows.map(toRow);
}

export async function listRecent(db: Pick<PoolClient, 'query'>, limit: number): Promise<KillSwitchRow[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM kill_switches ORDER BY id DESC LIMIT $1`, [
    limit,
  ]);
  return rows.map(toRow);
}
