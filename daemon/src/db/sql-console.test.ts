import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { runSql } from './sql-console';

let db: TestDatabase;
let admin: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const users = await db.pool.query<{ id: number }>(
    `INSERT INTO users (email, password_hash, role) VALUES ('root@example.com', 'secret-hash', 'admin') RETURNING id`,
  );
  admin = users.rows[0]!.id;
  await db.pool.query(`INSERT INTO strategies (owner_id, name) VALUES ($1, 'keep-me')`, [admin]);
  await db.pool.query(`INSERT INTO settings (key, value) VALUES ('signing_key', '"top-secret"')`);
});

afterAll(() => db.drop());

const run = (sql: string, extra: { maxRows?: number; explain?: 'plan' | 'analyze' } = {}) =>
  runSql(db.pool, { sql, userId: admin, maxRows: extra.maxRows ?? 100, explain: extra.explain });

async function strategyCount(): Promise<number> {
  return (await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM strategies')).rows[0]!.n;
}

describe('runSql', () => {
  it('returns columns, typed rows and the command', async () => {
    const r = await run(
      `SELECT 1::int AS one, 'x'::text AS t, now() AS at, '{"a":1}'::jsonb AS j, '\\x0102'::bytea AS b`,
    );
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ['one', 'int4'],
      ['t', 'text'],
      ['at', 'timestamptz'],
      ['j', 'jsonb'],
      ['b', 'bytea'],
    ]);
    expect(r.rows[0]!.slice(0, 2)).toEqual([1, 'x']);
    expect(r.rows[0]![2]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(r.rows[0]!.slice(3)).toEqual([{ a: 1 }, '\\x0102']);
    expect(r.command).toBe('SELECT');
    expect(r.truncated).toBe(false);
  });

  it('sees every owner’s rows as the admin it runs for', async () => {
    const r = await run('SELECT name FROM strategies');
    expect(r.rows).toEqual([['keep-me']]);
  });

  it('caps rows and says so', async () => {
    const r = await run('SELECT g FROM generate_series(1, 50) g', { maxRows: 10 });
    expect(r.rows).toHaveLength(10);
    expect(r.rowCount).toBe(10);
    expect(r.truncated).toBe(true);
  });

  it('explains a query, and EXPLAIN ANALYZE still runs read-only', async () => {
    const plan = await run('SELECT * FROM strategies', { explain: 'plan' });
    expect(plan.columns[0]!.name).toBe('QUERY PLAN');
    expect(String(plan.rows[0]![0])).toMatch(/Scan on strategies/);
    await expect(run('DELETE FROM strategies', { explain: 'analyze' })).rejects.toThrow(
      /read-only transaction/,
    );
    expect(await strategyCount()).toBe(1);
  });
});

describe('runSql refuses writes, enforced by PostgreSQL', () => {
  const refusals: [string, string, RegExp][] = [
    ['DELETE', 'DELETE FROM strategies', /cannot execute DELETE in a read-only transaction/],
    ['UPDATE', "UPDATE strategies SET name = 'gone'", /cannot execute UPDATE in a read-only transaction/],
    ['DROP', 'DROP TABLE strategies', /cannot execute DROP TABLE in a read-only transaction/],
    ['INSERT', "INSERT INTO strategies (owner_id, name) VALUES (1, 'x')", /read-only transaction/],
    [
      'COPY TO PROGRAM',
      "COPY strategies TO PROGRAM 'touch /tmp/qt-pwned'",
      /permission denied|pg_execute_server_program/,
    ],
    [
      'multi-statement',
      'SELECT 1; DELETE FROM strategies',
      /cannot insert multiple commands into a prepared statement/,
    ],
    ['multi after comment', "SELECT 1 /* ; */; UPDATE strategies SET name = 'x'", /multiple commands/],
    [
      'write in a CTE',
      'WITH d AS (DELETE FROM strategies RETURNING *) SELECT * FROM d',
      /read-only transaction/,
    ],
    ['nextval', "SELECT nextval('strategies_id_seq')", /read-only transaction|permission denied/],
    [
      'escape via set_config',
      "SELECT set_config('role', 'postgres', true)",
      /permission denied for function set_config/,
    ],
    [
      'escape via DO',
      'DO $$ BEGIN SET LOCAL ROLE postgres; END $$',
      /permission denied for language plpgsql/,
    ],
    ['secret column', 'SELECT password_hash FROM users', /permission denied for table users/],
    ['secret table', 'SELECT * FROM settings', /permission denied for table settings/],
    ['server files', "SELECT pg_read_file('/etc/passwd')", /permission denied for function pg_read_file/],
    ['transaction mode', 'SET TRANSACTION READ WRITE', /must be set before any query|read-write/],
  ];
  it.each(refusals)('%s', async (_name, sql, message) => {
    const error = await run(sql).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ code: 'SQL_REFUSED' });
    expect((error as Error).message).toMatch(message);
    expect(await strategyCount()).toBe(1);
  });

  it('stops a statement at the 5 s timeout', async () => {
    await expect(run('SELECT pg_sleep(10)')).rejects.toThrow(/statement timeout/);
  }, 15_000);

  it('leaves nothing behind: a SET inside the statement dies with its connection', async () => {
    await run('SET SESSION AUTHORIZATION DEFAULT');
    const r = await run('SELECT current_user, current_setting($$transaction_read_only$$)');
    expect(r.rows).toEqual([['quanttrade_readonly', 'on']]);
  });

  it('refuses to run at all when the role could call set_config again', async () => {
    await db.pool.query('GRANT EXECUTE ON FUNCTION set_config(text, text, boolean) TO quanttrade_readonly');
    try {
      await expect(run('SELECT 1')).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    } finally {
      await db.pool.query(
        'REVOKE EXECUTE ON FUNCTION set_config(text, text, boolean) FROM quanttrade_readonly',
      );
    }
    expect((await run('SELECT 1')).rows).toEqual([[1]]);
  });
});
