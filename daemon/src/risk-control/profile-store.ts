// SQL for risk profiles, their versions and their assignment to accounts and deployments. Every
// function takes a client inside a transaction — under the caller's row-level security for API
// requests (a user reads and changes only their own; NOT_FOUND covers "someone else's"), as the
// owning role for the CLI and the daemon's own loading.
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { ProfileDocument } from '../risk/index';

export interface RiskProfileRow {
  id: number;
  ownerId: number;
  name: string;
  description: string;
  latestVersion: number;
  /** The latest version's document. */
  document: ProfileDocument;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileVersionRow {
  profileId: number;
  version: number;
  document: ProfileDocument;
  createdBy: string;
  createdAt: string;
}

interface Row {
  id: number;
  owner_id: number;
  name: string;
  description: string;
  latest_version: number;
  limits: ProfileDocument;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, owner_id, name, description, latest_version, limits, archived_at, created_at, updated_at';

function toProfile(r: Row): RiskProfileRow {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    description: r.description,
    latestVersion: r.latest_version,
    document: r.limits,
    archivedAt: r.archived_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function nameTaken(err: unknown, name: string): unknown {
  if ((err as { code?: string }).code === '23505')
    return new AppError('CONFLICT', `a risk profile named '${name}' already exists; choose another name`);
  return err;
}

export async function insertProfile(
  db: PoolClient,
  p: { ownerId: number; name: string; description: string; document: ProfileDocument; createdBy: string },
): Promise<RiskProfileRow> {
  const { rows } = await db
    .query<Row>(
      `INSERT INTO risk_profiles (owner_id, name, description, limits) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [p.ownerId, p.name, p.description, JSON.stringify(p.document)],
    )
    .catch((err: unknown) => {
      throw nameTaken(err, p.name);
    });
  const row = rows[0]!;
  await db.query(
    `INSERT INTO risk_profile_versions (profile_id, version, owner_id, document, created_by) VALUES ($1, 1, $2, $3, $4)`,
    [row.id, p.ownerId, JSON.stringify(p.document), p.createdBy],
  );
  return toProfile(row);
}

export async function getProfile(db: PoolClient, id: number, lock = false): Promise<RiskProfileRow> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM risk_profiles WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', `no risk profile ${id}`);
  return toProfile(rows[0]);
}

export async function listProfiles(
  db: PoolClient,
  q: { includeArchived: boolean; limit: number; offset: number },
): Promise<RiskProfileRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM risk_profiles WHERE ($1 OR archived_at IS NULL) ORDER BY name, id LIMIT $2 OFFSET $3`,
    [q.includeArchived, q.limit, q.offset],
  );
  return rows.map(toProfile);
}

export async function listProfileVersions(db: PoolClient, id: number): Promise<ProfileVersionRow[]> {
  const { rows } = await db.query<{
    version: number;
    document: ProfileDocument;
    created_by: string;
    created_at: Date;
  }>(
    `SELECT version, document, created_by, created_at FROM risk_profile_versions WHERE profile_id = $1 ORDER BY version DESC`,
    [id],
  );
  return rows.map((r) => ({
    profileId: id,
    version: r.version,
    document: r.document,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Applies a change; a new document adds a version (a rename or description does not). */
export async function updateProfile(
  db: PoolClient,
  id: number,
  change: { name?: string; description?: string; document?: ProfileDocument },
  createdBy: string,
): Promise<{ profile: RiskProfileRow; newVersion: boolean }> {
  const current = await getProfile(db, id, true);
  if (current.archivedAt) throw new AppError('CONFLICT', `risk profile ${id} is archived; create a new one`);
  const newVersion =
    change.document !== undefined && JSON.stringify(change.document) !== JSON.stringify(current.document);
  const version = newVersion ? current.latestVersion + 1 : current.latestVersion;
  if (newVersion)
    await db.query(
      `INSERT INTO risk_profile_versions (profile_id, version, owner_id, document, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, version, current.ownerId, JSON.stringify(change.document), createdBy],
    );
  const name = change.name ?? current.name;
  const { rows } = await db
    .query<Row>(
      `UPDATE risk_profiles SET name = $2, description = $3, limits = $4, latest_version = $5 WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        name,
        change.description ?? current.description,
        JSON.stringify(newVersion ? change.document : current.document),
        version,
      ],
    )
    .catch((err: unknown) => {
      throw nameTaken(err, name);
    });
  return { profile: toProfile(rows[0]!), newVersion };
}

/** Where a profile is assigned (accounts, deployments) — an assigned profile cannot be archived. */
export async function profileAssignments(
  db: PoolClient,
  id: number,
): Promise<{ accounts: number[]; deployments: number[] }> {
  const { rows } = await db.query<{ kind: string; id: number }>(
    `SELECT 'account' AS kind, id FROM broker_accounts WHERE risk_profile_id = $1
     UNION ALL SELECT 'deployment', id FROM deployments WHERE risk_profile_id = $1 ORDER BY 1, 2`,
    [id],
  );
  return {
    accounts: rows.filter((r) => r.kind === 'account').map((r) => r.id),
    deployments: rows.filter((r) => r.kind === 'deployment').map((r) => r.id),
  };
}

export async function archiveProfile(db: PoolClient, id: number): Promise<RiskProfileRow> {
  await getProfile(db, id, true);
  const used = await profileAssignments(db, id);
  if (used.accounts.length + used.deployments.length > 0)
    throw new AppError(
      'CONFLICT',
      `risk profile ${id} is assigned (accounts: ${used.accounts.join(', ') || 'none'}; deployments: ${used.deployments.join(', ') || 'none'}); assign another profile first`,
    );
  const { rows } = await db.query<Row>(
    `UPDATE risk_profiles SET archived_at = coalesce(archived_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return toProfile(rows[0]!);
}
