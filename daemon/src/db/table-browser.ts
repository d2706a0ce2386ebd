// The console's table list and row browser. Everything runs in the SQL console's read-only
// scope (sql-console.ts), so the browser sees exactly what quanttrade_readonly may see: tables
// holding secrets (settings) are listed with their size but cannot be opened, and secret
// columns (users.password_hash, api_tokens.token_hash, broker credentials) never appear.
import { AppError, validationError } from '../core/errors';
import type { Pool, PoolClient } from './pool';
import { toCell, type Cell } from './sql-cell';
import { withReadOnlyScope } from './sql-console';

/** Counting stops here: an exact count of a 50-million-row bar table is not worth 5 s. */
export const COUNT_CAP = 100_000;
export const MAX_PAGE_SIZE = 200;
/**
 * Schemas shown: ours, and pg-boss's queue tables (sizes only; the role cannot read them).
 * Partitions (pg-boss keeps one per queue) are folded into their parent's size.
 */
const SCHEMAS = ['public', 'pgboss'];

export interface TableInfo {
  schema: string;
  name: string;
  bytes: number;
  /** Exact when `exact`, else the planner's estimate or COUNT_CAP; null when not readable. */
  rows: number | null;
  exact: boolean;
  readable: boolean;
}

interface CatalogRow {
  schema: string;
  name: string;
  bytes: number;
  estimate: number;
  readable: boolean;
}

const LIST_TABLES = `
  SELECT n.nspname AS schema, c.relname AS name,
         CASE WHEN c.relkind = 'p'
              THEN (SELECT coalesce(sum(pg_total_relation_size(p.relid)), 0) FROM pg_partition_tree(c.oid) p)
              ELSE pg_total_relation_size(c.oid) END::bigint AS bytes,
         greatest(c.reltuples, 0)::bigint AS estimate, has_any_column_privilege(c.oid, 'SELECT') AS readable
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1)
  ORDER BY n.nspname = 'public' DESC, n.nspname, c.relname`;

function qualified(client: PoolClient, schema: string, name: string): string {
  return `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
}

/** One round trip counts every readable table, each count capped at COUNT_CAP + 1 rows. */
async function countRows(client: PoolClient, tables: CatalogRow[]): Promise<Map<string, number>> {
  if (tables.length === 0) return new Map();
  const parts = tables.map(
    (t, i) =>
      `SELECT ${i} AS i, (SELECT count(*) FROM (SELECT 1 FROM ${qualified(client, t.schema, t.name)} LIMIT ${COUNT_CAP + 1}) s) AS n`,
  );
  const { rows } = await client.query<{ i: number; n: number }>(parts.join(' UNION ALL '));
  return new Map(rows.map((r) => [`${tables[r.i]!.schema}.${tables[r.i]!.name}`, r.n]));
}

export async function listTables(pool: Pool, userId: number): Promise<TableInfo[]> {
  return withReadOnlyScope(pool, userId, async (client) => {
    const { rows } = await client.query<CatalogRow>(LIST_TABLES, [SCHEMAS]);
    const counts = await countRows(
      client,
      rows.filter((r) => r.readable),
    );
    return rows.map((r) => {
      const n = counts.get(`${r.schema}.${r.name}`);
      if (n === undefined) return { ...r, rows: null, exact: false };
      const exact = n <= COUNT_CAP;
      return {
        schema: r.schema,
        name: r.name,
        bytes: r.bytes,
        readable: r.readable,
        rows: exact ? n : Math.max(r.estimate, n),
        exact,
      };
    });
  });
}

export interface BrowseRequest {
  schema: string;
  table: string;
  page: number;
  pageSize: number;
  filter?: { column: string; contains: string };
  sort?: { column: string; direction: 'asc' | 'desc' };
}

export interface BrowseResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  /** Rows matching the filter, counted up to COUNT_CAP; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
}

const READABLE_COLUMNS = `
  SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         coalesce(a.attnum = ANY(i.indkey), false) AS in_key
  FROM pg_attribute a
  LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
  WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
    AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')
  ORDER BY a.attnum`;

function checkColumn(columns: string[], field: string, column: string): void {
  if (!columns.includes(column)) {
    throw validationError([
      { path: field, value: column, expected: `one of the readable columns: ${columns.join(', ')}` },
    ]);
  }
}

function checkTable(tables: CatalogRow[], req: BrowseRequest): void {
  const table = tables.find((t) => t.schema === req.schema && t.name === req.table);
  if (!table) {
    const names = tables.filter((t) => t.readable).map((t) => `${t.schema}.${t.name}`);
    throw validationError([
      { path: 'table', value: `${req.schema}.${req.table}`, expected: `one of ${names.join(', ')}` },
    ]);
  }
  if (!table.readable) {
    throw new AppError(
      'FORBIDDEN',
      `table ${req.schema}.${req.table} is not readable from the console: it holds secrets or internal state`,
    );
  }
}

export async function browseRows(pool: Pool, userId: number, req: BrowseRequest): Promise<BrowseResult> {
  return withReadOnlyScope(pool, userId, async (client) => {
    checkTable((await client.query<CatalogRow>(LIST_TABLES, [SCHEMAS])).rows, req);
    const target = qualified(client, req.schema, req.table);
    const meta = await client.query<{ name: string; type: string; in_key: boolean }>(READABLE_COLUMNS, [
      target,
    ]);
    const names = meta.rows.map((c) => c.name);
    if (req.filter) checkColumn(names, 'filter.column', req.filter.column);
    if (req.sort) checkColumn(names, 'sort.column', req.sort.column);

    const params: unknown[] = [];
    let where = '';
    if (req.filter && req.filter.contains !== '') {
      params.push(`%${req.filter.contains.replace(/[\\%_]/g, '\\$&')}%`);
      where = `WHERE ${client.escapeIdentifier(req.filter.column)}::text ILIKE $1`;
    }
    const keys = meta.rows.filter((c) => c.in_key).map((c) => client.escapeIdentifier(c.name));
    const order = req.sort
      ? `ORDER BY ${client.escapeIdentifier(req.sort.column)} ${req.sort.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`
      : keys.length > 0
        ? `ORDER BY ${keys.join(', ')}`
        : '';
    const select = names.map((n) => client.escapeIdentifier(n)).join(', ');
    const limit = Math.min(req.pageSize, MAX_PAGE_SIZE);
    const offset = req.page * limit;
    const page = await client.query({
      text: `SELECT ${select} FROM ${target} ${where} ${order} LIMIT ${limit} OFFSET ${offset}`,
      values: params,
      rowMode: 'array',
    });
    const count = await client.query<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${target} ${where} LIMIT ${COUNT_CAP + 1}) s`,
      params,
    );
    const n = count.rows[0]!.n;
    return {
      columns: meta.rows.map((c) => ({ name: c.name, type: c.type })),
      rows: (page.rows as unknown[][]).map((row) => row.map(toCell)),
      total: Math.min(n, COUNT_CAP),
      totalCapped: n > COUNT_CAP,
    };
  });
}
