// The admin SQL console: runs one read statement that PostgreSQL itself keeps from writing.
//
// The text is checked first (sql-statement.ts): only SELECT, WITH … SELECT, VALUES, TABLE, SHOW
// and EXPLAIN without ANALYZE get through — COPY, whose wire protocol the client here cannot
// speak, once crashed the daemon. Beyond that, safety comes from the database:
// - the statement runs in a READ ONLY transaction, so INSERT/UPDATE/DELETE/DDL, a write hidden
//   in a CTE and nextval() all fail inside PostgreSQL;
// - under SET LOCAL ROLE quanttrade_readonly, which holds SELECT on non-secret columns only and
//   (sql/004) cannot call set_config() or run DO blocks, so it cannot switch back to the
//   daemon's own role; COPY ... TO PROGRAM and server-file functions need privileges it lacks;
// - through the extended query protocol (a portal), which accepts exactly one statement, so
//   "SELECT 1; DELETE ..." is refused by the server's parser;
// - the transaction is always rolled back and the connection is thrown away afterwards, so
//   nothing a statement sets (SET SESSION ..., advisory locks, temp tables) outlives it;
// - functions with effects outside the transaction (WAL messages, NOTIFY, advisory locks, large
//   objects, xid consumption) are not executable by the role (sql/007).
// Results are bounded three ways: statement_timeout, rows (`maxRows`), and bytes — a row over
// MAX_ROW_BYTES is refused by PostgreSQL before it is sent, and reading stops once the result
// holds MAX_RESULT_BYTES (rows are fetched a few at a time, never all at once).
import Cursor from 'pg-cursor';
import { AppError } from '../core/errors';
import type { Pool, PoolClient } from './pool';
import { type Cell } from './sql-cell';
import { ROW_CAP_MARKER, readCapped } from './sql-result-reader';
import { classifyStatement, type StatementKind } from './sql-statement';

export const READONLY_ROLE = 'quanttrade_readonly';
export const STATEMENT_TIMEOUT_MS = 5_000;
export const MAX_ROW_CAP = 1_000;
/** The largest row the console accepts, measured as PostgreSQL's text form of the row. */
export const MAX_ROW_BYTES = 1024 * 1024;
/** Reading stops once the values read reach this many bytes; the result says it was truncated. */
export const MAX_RESULT_BYTES = 16 * 1024 * 1024;

export interface SqlRequest {
  sql: string;
  /** Rows returned at most; more are reported as `truncated`. */
  maxRows: number;
  /** Show the statement's plan instead of running it (EXPLAIN; never ANALYZE, which runs it). */
  explain?: 'plan';
  /** The admin running it: row-level security policies see app.role = admin. */
  userId: number;
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  rowCount: number;
  truncated: boolean;
  /** Why the rows stop short: the row cap or the byte cap. */
  truncatedBy?: 'rows' | 'bytes';
  command: string;
  ms: number;
}

interface GuardRow {
  can_set_config: boolean;
  can_do: boolean;
  can_side_effects: boolean;
  superuser: string;
}

// set_config() is executed here as the daemon's login, before the role switch; it also checks
// that sql/004 really closed the two ways out of the read-only role.
const SETUP = `
  SELECT set_config('app.user_id', $1, true), set_config('app.role', 'admin', true),
         has_function_privilege('${READONLY_ROLE}', 'pg_catalog.set_config(text,text,boolean)', 'EXECUTE') AS can_set_config,
         has_language_privilege('${READONLY_ROLE}', 'plpgsql', 'USAGE') AS can_do,
         EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                  WHERE pronamespace = 'pg_catalog'::regnamespace
                    AND proname IN ('pg_logical_emit_message', 'pg_notify', 'pg_advisory_lock', 'lo_create', 'txid_current')
                    AND has_function_privilege('${READONLY_ROLE}', oid, 'EXECUTE')) AS can_side_effects,
         current_setting('is_superuser') AS superuser`;

/** Opens the guarded transaction on a fresh client. Exported for the table browser. */
export async function enterReadOnlyScope(client: PoolClient, userId: number): Promise<void> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  const guard = (await client.query<GuardRow>(SETUP, [String(userId)])).rows[0]!;
  if (guard.can_set_config || guard.can_do || guard.can_side_effects) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `the SQL console is disabled: role ${READONLY_ROLE} can still call set_config(), run DO blocks or call ` +
        'functions with side effects (sql/004_sql_console_guard.sql and sql/007_security.sql must be applied by a superuser)',
    );
  }
  // Temporary files of a huge sort or hash: only a superuser may bound them (PGC_SUSET).
  if (guard.superuser === 'on') await client.query(`SET LOCAL temp_file_limit = '256MB'`);
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

/**
 * The text sent to PostgreSQL: a plan request, or the statement wrapped so that PostgreSQL refuses
 * (with ROW_CAP_MARKER in the error) any row whose text form exceeds MAX_ROW_BYTES before sending
 * it. The CASE cannot be folded at plan time: it depends on the row.
 */
function statementText(kind: StatementKind, text: string, explain: SqlRequest['explain']): string {
  if (explain === 'plan') return `EXPLAIN (FORMAT TEXT) ${text}`;
  if (kind === 'show' || kind === 'explain') return text;
  return `SELECT console_row.* FROM (\n${text}\n) AS console_row
   WHERE CASE WHEN octet_length(console_row::text) <= ${MAX_ROW_BYTES} THEN true
              ELSE (octet_length(console_row::text)::text || ' ${ROW_CAP_MARKER}')::int > 0 END`;
}

/** Runs one read statement in the read-only scope; refusals surface as SQL_REFUSED. */
export async function runSql(pool: Pool, request: SqlRequest): Promise<SqlResult> {
  const cap = Math.min(Math.max(1, Math.floor(request.maxRows)), MAX_ROW_CAP);
  const classified = classifyStatement(request.sql);
  if (!classified.ok) {
    throw new AppError(
      'SQL_REFUSED',
      `the SQL console runs one read statement (SELECT, WITH, VALUES, TABLE, SHOW or EXPLAIN): ${classified.reason}`,
    );
  }
  const text = statementText(classified.kind, classified.text, request.explain);
  return withReadOnlyScope(pool, request.userId, async (client) => {
    const started = performance.now();
    const cursor = client.query(new Cursor<unknown[]>(text, [], { rowMode: 'array' }));
    try {
      const read = await readCapped(cursor, { maxRows: cap, maxBytes: MAX_RESULT_BYTES });
      return {
        columns: read.fields.map((f) => ({ name: f.name, type: typeName(f.dataTypeID) })),
        rows: read.rows,
        rowCount: read.rows.length,
        truncated: read.truncatedBy !== undefined,
        truncatedBy: read.truncatedBy,
        command:
          classified.kind === 'show'
            ? 'SHOW'
            : classified.kind === 'explain' || request.explain
              ? 'EXPLAIN'
              : 'SELECT',
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
    } catch (err) {
      throw refused(err);
    } finally {
      await cursor.close().catch(() => undefined);
    }
  });
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
  if (pgErr.message?.includes(ROW_CAP_MARKER)) {
    const bytes = /"(\d+) /.exec(pgErr.message)?.[1];
    return new AppError(
      'SQL_REFUSED',
      `a row of the result is ${bytes ?? 'over'} bytes, more than the console's ${MAX_ROW_BYTES} bytes a row: select fewer or shorter columns (left(), substr())`,
      { rowBytes: bytes ? Number(bytes) : undefined },
    );
  }
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
