// Which columns of a table the SQL console may read (as quanttrade_readonly) and which it may not
// (secrets: password and token hashes, encrypted credentials): what the console shows when
// PostgreSQL refuses a query with "permission denied for table …", so the operator can rewrite it.
import { AppError } from '../core/errors';
import type { Pool } from './pool';

export interface TableColumns {
  schema: string;
  table: string;
  readable: { name: string; type: string }[];
  hidden: string[];
}

export async function readableColumns(pool: Pool, schema: string, table: string): Promise<TableColumns> {
  const { rows } = await pool.query<{ name: string; type: string; readable: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            has_column_privilege('quanttrade_readonly', c.oid, a.attnum, 'SELECT') AS readable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm')
      ORDER BY a.attnum`,
    [schema, table],
  );
  if (rows.length === 0) throw new AppError('NOT_FOUND', `no table ${schema}.${table}`);
  return {
    schema,
    table,
    readable: rows.filter((r) => r.readable).map(({ name, type }) => ({ name, type })),
    hidden: rows.filter((r) => !r.readable).map((r) => r.name),
  };
}
