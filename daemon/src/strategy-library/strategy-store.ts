// SQL for strategies and their versions. Every function takes a client already inside the
// caller's row-level-security scope (ctx.asUser), so a user only ever reads and writes their own
// rows and NOT_FOUND covers both "missing" and "someone else's".
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { CostModelInput, Universe } from './strategy-input';

export interface StrategyVersion {
  version: number;
  template: string;
  params: Record<string, unknown>;
  universe: Universe;
  costs: CostModelInput;
  createdAt: string;
}

export interface Strategy {
  id: number;
  ownerId: number;
  name: string;
  description: string;
  latestVersion: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The latest version: what a new backtest of this strategy runs. */
  current: StrategyVersion;
}

export type VersionContent = Omit<StrategyVersion, 'version' | 'createdAt'>;

const SELECT = `
  SELECT s.id, s.owner_id, s.name, s.description, s.latest_version, s.archived_at, s.created_at,
         s.updated_at, v.version, v.template, v.params, v.universe, v.cost_model, v.created_at AS version_created_at
    FROM strategies s JOIN strategy_versions v ON v.strategy_id = s.id AND v.version = s.latest_version`;

interface Row {
  id: number;
  owner_id: number;
  name: string;
  description: string;
  latest_version: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  template: string;
  params: Record<string, unknown>;
  universe: Universe;
  cost_model: CostModelInput;
  version_created_at: Date;
}

type VersionRow = Pick<
  Row,
  'version' | 'template' | 'params' | 'universe' | 'cost_model' | 'version_created_at'
>;

const VERSION_COLUMNS = 'version, template, params, universe, cost_model, created_at AS version_created_at';

function toVersion(r: VersionRow): StrategyVersion {
  return {
    version: r.version,
    template: r.template,
    params: r.params,
    universe: r.universe,
    costs: r.cost_model,
    createdAt: r.version_created_at.toISOString(),
  };
}

function toStrategy(r: Row): Strategy {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    description: r.description,
    latestVersion: r.latest_version,
    archivedAt: r.archived_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    current: toVersion(r),
  };
}

function notFound(id: number): AppError {
  return new AppError('NOT_FOUND', `strategy ${id} does not exist (or is not yours)`, { id });
}

/** A second live strategy with the same name breaks strategies_owner_name (003). */
async function guardName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { constraint?: string }).constraint === 'strategies_owner_name')
      throw new AppError('CONFLICT', `you already have a strategy named "${name}"`, { name });
    throw err;
  }
}

async function insertVersion(
  db: PoolClient,
  id: number,
  ownerId: number,
  version: number,
  c: VersionContent,
) {
  await db.query(
    `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, params, universe, cost_model)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, version, ownerId, c.template, c.params, c.universe, c.costs],
  );
}

export async function insertStrategy(
  db: PoolClient,
  ownerId: number,
  input: { name: string; description: string } & VersionContent,
): Promise<Strategy> {
  const { rows } = await guardName(input.name, () =>
    db.query<{ id: number }>(
      `INSERT INTO strategies (owner_id, name, description) VALUES ($1, $2, $3) RETURNING id`,
      [ownerId, input.name, input.description],
    ),
  );
  await insertVersion(db, rows[0]!.id, ownerId, 1, input);
  return getStrategy(db, rows[0]!.id);
}

export async function getStrategy(db: PoolClient, id: number, lock = false): Promise<Strategy> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id]);
  if (!rows[0]) throw notFound(id);
  return toStrategy(rows[0]);
}

/** Renames and/or adds a version; the version content is complete (merged by the caller). */
export async function updateStrategy(
  db: PoolClient,
  current: Strategy,
  change: { name: string; description: string; content?: VersionContent },
): Promise<Strategy> {
  const version = change.content ? current.latestVersion + 1 : current.latestVersion;
  if (change.content) await insertVersion(db, current.id, current.ownerId, version, change.content);
  await guardName(change.name, () =>
    db.query(`UPDATE strategies SET name = $2, description = $3, latest_version = $4 WHERE id = $1`, [
      current.id,
      change.name,
      change.description,
      version,
    ]),
  );
  return getStrategy(db, current.id);
}

export async function archiveStrategy(db: PoolClient, id: number): Promise<Strategy> {
  const { rowCount } = await db.query(
    `UPDATE strategies SET archived_at = coalesce(archived_at, now()) WHERE id = $1`,
    [id],
  );
  if (!rowCount) throw notFound(id);
  return getStrategy(db, id);
}

export async function listStrategies(
  db: PoolClient,
  page: { includeArchived: boolean; limit: number; offset: number },
): Promise<{ total: number; items: Strategy[] }> {
  const where = page.includeArchived ? '' : 'WHERE s.archived_at IS NULL';
  const [items, total] = await Promise.all([
    db.query<Row>(`${SELECT} ${where} ORDER BY s.created_at DESC, s.id DESC LIMIT $1 OFFSET $2`, [
      page.limit,
      page.offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM strategies s ${where}`),
  ]);
  return { total: total.rows[0]!.n, items: items.rows.map(toStrategy) };
}

/** One version of a strategy (the latest when `version` is omitted), with the strategy's state. */
export async function getStrategyVersion(
  db: PoolClient,
  id: number,
  version?: number,
): Promise<{ strategy: Strategy; version: StrategyVersion }> {
  const strategy = await getStrategy(db, id);
  if (version === undefined || version === strategy.latestVersion)
    return { strategy, version: strategy.current };
  const { rows } = await db.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM strategy_versions WHERE strategy_id = $1 AND version = $2`,
    [id, version],
  );
  if (!rows[0])
    throw new AppError(
      'NOT_FOUND',
      `strategy ${id} has no version ${version} (latest: ${strategy.latestVersion})`,
      {
        id,
        version,
      },
    );
  return { strategy, version: toVersion(rows[0]) };
}

export async function listVersions(db: PoolClient, id: number): Promise<StrategyVersion[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM strategy_versions WHERE strategy_id = $1 ORDER BY version DESC`,
    [id],
  );
  return rows.map(toVersion);
}
