// The admin SQL console: runs one statement that PostgreSQL itself keeps from writing.
//
// Safety comes from the database, not from inspecting the text:
// - the statement runs in a READ ONLY transaction, so INSERT/UPDATE/DELETE/DDL, a write hidden
//   in a CTE and nextval() all fail inside PostgreSQL;
// - under SET LOCAL ROLE quanttrade_readonly, which holds SELECT on non-secret columns only and
//   (sql/004) cannot call set_config() or run DO blocks, so it cannot switch back to the
//   daemon's own role; COPY ... TO PROGRAM and server-file functions need privileges it lacks;
// - through the extended query protocol (a portal), which accepts exactly one statement, so
//   "SELECT 1; DELETE ..." is refused by the server's parser;
// - the transaction is always rolled back and the connection is thrown away afterwards, so
//   nothing a statement sets (SET SESSION ..., advisory locks, temp tables) outlives it.
// statement_timeout bounds the run; the cursor reads at most `maxRows + 1` rows.
import Cursor from 'pg-cursor';
import { AppError } from '../core/errors';
import type { Pool, PoolClient } from './pool';
import { toCell, type Cell } from './sql-cell';

export const READONLY_ROLE = 'quanttrade_readonly';
export const STATEMENT_TIMEOUT_MS = 5_000;
export const MAX_ROW_CAP = 1_000;

export interface SqlRequest {
  sql: string;
  /** Rows returned at most; more are reported as `truncated`. */
  maxRows: number;
  /** Wrap the statement in EXPLAIN (ANALYZE adds actual timings; it still runs read-only). */
  explain?: 'plan' | 'analyze';
  /** The admin running it: row-level security policies see app.role = admin. */
  userId: number;
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  rowCount: number;
  truncated: boolean;
  command: string;
  ms: number;
}

interface GuardRow {
  can_set_config: boolean;
  can_do: boolean;
}

// set_config() is executed here as the daemon's login, before the role switch; it also checks
// that sql/004 really closed the two ways out of the read-only role.
const SETUP = `
  SELECT set_config('app.user_id', $1, true), set_config('app.role', 'admin', true),
         has_function_privilege('${READONLY_ROLE}', 'pg_catalog.set_config(text,text,boolean)', 'EXECUTE') AS can_set_config,
         has_language_privilege('${READONLY_ROLE}', 'plpgsql', 'USAGE') AS can_do`;

/** Opens the guarded transaction on a fresh client. Exported for the table browser. */
export async function enterReadOnlyScope(client: PoolClient, userId: number): Promise<void> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  const guard = (await client.query<GuardRow>(SETUP, [String(userId)])).rows[0]!;
  if (guard.can_set_config || guard.can_do) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `the SQL console is disabled: role ${READONLY_ROLE} can still call set_config() or run DO blocks ` +
        '(sql/004_sql_console_guard.sql must be applied by a superuser)',
    );
  }
  await client.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
  await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${STATEMENT_TIMEOUT_MS * 2}`);
  await client.query(`SET LOCAL ROLE ${READONLY_ROLE}`);
}

/**
 * Runs `fn` inside the read-only scope on a connection of its own, then rolls back and destroys
 * the connection whatever happened.
 */
export async function withReadOnlyScope<T>(
  pool: Pool,
  userId: number,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await enterReadOnlyScope(client, userId);
    return await fn(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
  }
}

function explainPrefix(mode: SqlRequest['explain']): string {
  if (mode === 'analyze') return 'EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ';
  if (mode === 'plan') return 'EXPLAIN (FORMAT TEXT) ';
  return '';
}

/** Runs one statement in the read-only scope; database errors surface as SQL_REFUSED. */
export async function runSql(pool: Pool, request: SqlRequest): Promise<SqlResult> {
  const cap = Math.min(Math.max(1, Math.floor(request.maxRows)), MAX_ROW_CAP);
  const text = explainPrefix(request.explain) + request.sql;
  return withReadOnlyScope(pool, request.userId, async (client) => {
    const started = performance.now();
    const cursor = client.query(new Cursor<unknown[]>(text, [], { rowMode: 'array' }));
    try {
      const { rows, result } = await readRows(cursor, cap + 1);
      return {
        columns: result.fields.map((f) => ({ name: f.name, type: typeName(f.dataTypeID) })),
        rows: rows.slice(0, cap).map((row) => row.map(toCell)),
        rowCount: Math.min(rows.length, cap),
        truncated: rows.length > cap,
        command: result.command ?? commandOf(text),
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
    } catch (err) {
      throw refused(err);
    } finally {
      await cursor.close().catch(() => undefined);
    }
  });
}

interface ResultShape {
  fields: { name: string; dataTypeID: number }[];
  command: string | null;
}

/** pg-cursor hands the field list and command tag only to the callback form of read(). */
function readRows(cursor: Cursor<unknown[]>, n: number): Promise<{ rows: unknown[][]; result: ResultShape }> {
  return new Promise((resolve, reject) => {
    cursor.read(n, (err, rows, result) => (err ? reject(err) : resolve({ rows, result })));
  });
}

function commandOf(text: string): string {
  return (/^\s*(\w+)/.exec(text)?.[1] ?? '').toUpperCase();
}

// The handful of type names an operator reads most; others show their oid.
const TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  17: 'bytea',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  114: 'json',
  700: 'float4',
  701: 'float8',
  1043: 'varchar',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1700: 'numeric',
  2950: 'uuid',
  3802: 'jsonb',
  869: 'inet',
  1016: 'int8[]',
  1022: 'float8[]',
  1009: 'text[]',
};

function typeName(oid: number): string {
  return TYPE_NAMES[oid] ?? `oid ${oid}`;
}

/** PostgreSQL said no: keep its message and SQLSTATE, the operator needs both. */
export function refused(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const pgErr = err as { message?: string; code?: string; position?: string };
  const state = pgErr.code ? ` (SQLSTATE ${pgErr.code})` : '';
  return new AppError(
    'SQL_REFUSED',
    `PostgreSQL refused the statement: ${pgErr.message ?? String(err)}${state}`,
    {
      sqlstate: pgErr.code,
      position: pgErr.position ? Number(pgErr.position) : undefined,
    },
  );
}
