// SQL for strategies and their versions. Every function takes a client already inside the
// caller's row-level-security scope (ctx.asUser), so a user only ever reads and writes their own
// rows and NOT_FOUND covers both "missing" and "someone else's".
import { AppError } from '../core/errors';
import type { PoolClient } from '../db/pool';
import type { CostModelInput, Universe } from './strategy-input';

/** A code version's declaration, as saved (the source itself: strategies.source). */
export interface CodeInfo {
  /** The name its defineStrategy declares. */
  name: string;
  /** SHA-256 of the source, hex. */
  sourceHash: string;
  language: 'ts' | 'js';
  /** Its parameters as JSON Schema (input side), for forms. */
  paramSchema: Record<string, unknown>;
}

export interface StrategyVersion {
  version: number;
  /** A built-in template, or null for code (then `code` is set). */
  template: string | null;
  code: CodeInfo | null;
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

/** What a new version holds; code versions carry their source. */
export type VersionContent = Omit<StrategyVersion, 'version' | 'createdAt' | 'code'> & {
  code: (CodeInfo & { source: string }) | null;
};

const SELECT = `
  SELECT s.id, s.owner_id, s.name, s.description, s.latest_version, s.archived_at, s.created_at,
         s.updated_at, v.version, v.template, v.params, v.universe, v.cost_model, v.created_at AS version_created_at,
         v.code_name, v.source_hash, v.language, v.param_schema
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
  template: string | null;
  params: Record<string, unknown>;
  universe: Universe;
  cost_model: CostModelInput;
  version_created_at: Date;
  code_name: string | null;
  source_hash: string | null;
  language: 'ts' | 'js' | null;
  param_schema: Record<string, unknown> | null;
}

type VersionRow = Pick<
  Row,
  | 'version'
  | 'template'
  | 'params'
  | 'universe'
  | 'cost_model'
  | 'version_created_at'
  | 'code_name'
  | 'source_hash'
  | 'language'
  | 'param_schema'
>;

const VERSION_COLUMNS =
  'version, template, params, universe, cost_model, created_at AS version_created_at, code_name, source_hash, language, param_schema';

function toVersion(r: VersionRow): StrategyVersion {
  return {
    version: r.version,
    template: r.template,
    code:
      r.source_hash === null
        ? null
        : {
            name: r.code_name!,
            sourceHash: r.source_hash,
            language: r.language!,
            paramSchema: r.param_schema!,
          },
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
    `INSERT INTO strategy_versions (strategy_id, version, owner_id, template, params, universe, cost_model,
                                    source, source_hash, language, code_name, param_schema)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      version,
      ownerId,
      c.template,
      c.params,
      c.universe,
      c.costs,
      c.code?.source ?? null,
      c.code?.sourceHash ?? null,
      c.code?.language ?? null,
      c.code?.name ?? null,
      c.code?.paramSchema ?? null,
    ],
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

/** The source of a code version (NOT_FOUND for a template version or a version that is not there). */
export async function getVersionSource(
  db: PoolClient,
  id: number,
  version?: number,
): Promise<{
  strategyId: number;
  version: number;
  source: string;
  sourceHash: string;
  language: 'ts' | 'js';
}> {
  const { version: v } = await getStrategyVersion(db, id, version);
  const { rows } = await db.query<{ source: string | null; source_hash: string; language: 'ts' | 'js' }>(
    `SELECT source, source_hash, language FROM strategy_versions WHERE strategy_id = $1 AND version = $2`,
    [id, v.version],
  );
  if (!rows[0]?.source)
    throw new AppError(
      'NOT_FOUND',
      `version ${v.version} of strategy ${id} is a template (${v.template}), not code`,
      {
        id,
        version: v.version,
      },
    );
  return {
    strategyId: id,
    version: v.version,
    source: rows[0].source,
    sourceHash: rows[0].source_hash,
    language: rows[0].language,
  };
}
