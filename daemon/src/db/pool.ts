// The PostgreSQL connection pool. One per daemon, created in the composition root and passed down.
import pg from 'pg';
import type { Logger } from 'pino';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  log: Logger;
}

// numeric and bigint arrive as strings by default. Keep it that way for numeric (exact money),
// but parse int8 counts (COUNT(*), ids) as numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createPool(options: PoolOptions): Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'quanttrade',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) must not crash the daemon.
  pool.on('error', (err) => options.log.warn({ err: err.message }, 'idle database connection failed'));
  // Nor must a client that is checked out but between queries (inside a transaction, holding an
  // advisory lock, reading a cursor): pg-pool removes its own listener at checkout, and an 'error'
  // event nobody listens to is thrown — an uncaught exception when PostgreSQL restarts. The
  // holder's next query fails instead, and handles that as it handles any failed query.
  pool.on('connect', (client) => {
    client.on('error', (err: Error) =>
      options.log.warn({ err: err.message }, 'database connection failed while in use'),
    );
  });
  return pool;
}

/**
 * Ends the pool and resolves once every connection is closed. `pool.end()` alone resolves as soon
 * as it has asked its clients to disconnect; a server stopped right after (the embedded
 * PostgreSQL) then terminates the connections still open, and each reports "terminating
 * connection due to administrator command" as an idle-connection error. `boundMs` keeps a
 * connection that never closes from holding shutdown.
 */
export async function endPool(pool: Pool, boundMs = 5_000): Promise<void> {
  let open = pool.totalCount;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    pool.on('remove', () => {
      if (--open === 0) resolve();
    });
    timer = setTimeout(resolve, boundMs);
  });
  try {
    await pool.end();
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `fn` in a transaction on one client; rolls back on any error. A checked-out client whose
 * connection drops (server restart, network cut) emits 'error' besides failing its query; with no
 * listener that event would be an uncaught exception and end the process, so one is attached
 * while the client is out, and a broken client is handed back as broken (the pool discards it).
 */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return runTransaction(pool, 'BEGIN', (client) => fn(client));
}

/**
 * withTransaction whose first statement travels with its BEGIN (one round trip instead of two):
 * `first` is sent as `BEGIN; first` in the simple query protocol, so it takes no parameters —
 * only constants and values the caller has validated to be safe in SQL text (integers, ids of
 * a checked pattern) — and `fn` gets its rows.
 */
export async function withTransactionFrom<R extends pg.QueryResultRow, T>(
  pool: Pool,
  first: string,
  fn: (client: PoolClient, rows: R[]) => Promise<T>,
): Promise<T> {
  return runTransaction(pool, `BEGIN; ${first}`, (client, begun) => {
    const results = begun as unknown as pg.QueryResult<R>[];
    return fn(client, results[1]!.rows);
  });
}

async function runTransaction<T>(
  pool: Pool,
  begin: string,
  fn: (client: PoolClient, begun: pg.QueryResult) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    const begun = await client.query(begin);
    const result = await fn(client, begun);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/** Hides the password in a connection string, for logs and /system.info. */
export function redactConnectionString(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '*****';
    return parsed.toString();
  } catch {
    return '<unparseable connection string>';
  }
}
