// The read-only SQL login (sql/010_reader_role_and_backtest_orders.sql, `quanttrade reader`): it
// reads results and market data, every user's rows, and nothing secret; it cannot write even when
// it turns its read-only default off; it cannot take the daemon's advisory locks; disabling ends
// its sessions.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerConnectionString } from '../../daemon/src/db/reader-role';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/spawn-daemon';

let db: TestDatabase;
let readerUrl: string;

async function asReader<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: readerUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function refused(sql: string): Promise<string> {
  return asReader(async (c) => {
    try {
      await c.query(sql);
      return 'allowed';
    } catch (err) {
      return (err as Error).message;
    }
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`
    INSERT INTO users (email, role, password_hash) VALUES ('a@x', 'operator', 'secret-hash-a'), ('b@x', 'operator', 'secret-hash-b');
    INSERT INTO strategies (owner_id, name) SELECT id, 'strategy of ' || email FROM users;
    INSERT INTO settings (key, value) VALUES ('reader-test-secret', '"s3cret"')`);
  const enabled = await runCli(['reader', 'enable', '--database-url', db.url]);
  expect(enabled.stderr).toBe('');
  expect(enabled.code).toBe(0);
  readerUrl = /postgres(?:ql)?:\/\/quanttrade_reader:\S+/.exec(enabled.stdout)![0];
}, 60_000);

afterAll(async () => {
  await runCli(['reader', 'disable', '--database-url', db?.url ?? '']);
  await db?.drop();
});

describe('quanttrade_reader', () => {
  it('connects with the printed connection string and reads every user’s rows', async () => {
    expect(readerUrl).toBe(readerConnectionString(db.url, new URL(readerUrl).password));
    const names = await asReader(
      async (c) => (await c.query('SELECT name FROM strategies ORDER BY name')).rows,
    );
    expect(names.map((r) => r.name)).toEqual(['strategy of a@x', 'strategy of b@x']);
    expect(await refused('SELECT count(*) FROM bars')).toBe('allowed');
    expect(await refused('SELECT id, email, role FROM users')).toBe('allowed');
  });

  it('reads no secrets', async () => {
    expect(await refused('SELECT password_hash FROM users')).toMatch(/permission denied/);
    expect(await refused('SELECT * FROM settings')).toMatch(/permission denied/);
    expect(await refused('SELECT token_hash FROM api_tokens')).toMatch(/permission denied/);
    expect(await refused('SELECT * FROM broker_accounts')).toMatch(/permission denied/);
  });

  it('cannot write, even after turning the read-only default off', async () => {
    expect(await refused(`UPDATE strategies SET name = 'x'`)).toMatch(/read-only transaction/);
    const attempts = await asReader(async (c) => {
      await c.query('SET default_transaction_read_only = off');
      const out: string[] = [];
      for (const sql of [
        `UPDATE strategies SET name = 'x'`,
        `DELETE FROM bars`,
        `INSERT INTO audit_log (actor, action) VALUES ('reader', 'reader.wrote')`,
        `CREATE TABLE public.reader_table (x int)`,
        `SELECT nextval(pg_get_serial_sequence('strategies', 'id'))`,
        `SET ROLE quanttrade_app`,
        `SELECT set_config('role', 'quanttrade_app', false)`,
        `DO $$ BEGIN NULL; END $$`,
      ]) {
        out.push(
          await c.query(sql).then(
            () => `allowed: ${sql}`,
            (err: Error) => err.message,
          ),
        );
      }
      return out;
    });
    expect(attempts.filter((a) => a.startsWith('allowed'))).toEqual([]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM strategies WHERE name = 'x'`);
    expect(rows[0].n).toBe(0);
  });

  it('cannot take the daemon’s advisory locks', async () => {
    expect(await refused('SELECT pg_advisory_lock(1)')).toMatch(/permission denied/);
    expect(await refused('SELECT pg_try_advisory_xact_lock(1, 2)')).toMatch(/permission denied/);
  });

  it('is refused once disabled, and its open sessions end', async () => {
    const open = new pg.Client({ connectionString: readerUrl });
    open.on('error', () => undefined);
    await open.connect();
    const disabled = await runCli(['reader', 'disable', '--database-url', db.url]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/1 open session\(s\) ended/);
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await expect(asReader(async (c) => c.query('SELECT 1'))).rejects.toThrow(
      /password authentication failed|not permitted to log in/,
    );
    const status = await runCli(['reader', 'status', '--database-url', db.url]);
    expect(status.stdout).toMatch(/disabled \(NOLOGIN\)/);
  });
});
