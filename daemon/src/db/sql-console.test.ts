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

const run = (sql: string, extra: { maxRows?: number; explain?: 'plan' } = {}) =>
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

  it('explains a query, and refuses EXPLAIN ANALYZE (it runs the statement)', async () => {
    const plan = await run('SELECT * FROM strategies', { explain: 'plan' });
    expect(plan.columns[0]!.name).toBe('QUERY PLAN');
    expect(String(plan.rows[0]![0])).toMatch(/Scan on strategies/);
    const written = await run('EXPLAIN SELECT 1');
    expect(written.command).toBe('EXPLAIN');
    await expect(run('EXPLAIN ANALYZE DELETE FROM strategies')).rejects.toThrow(
      /EXPLAIN ANALYZE runs the statement/,
    );
    expect(await strategyCount()).toBe(1);
  });

  it('stops reading at the byte cap, and refuses a row over the row cap before PostgreSQL sends it', async () => {
    const wide = await run("SELECT repeat('x', 900000) AS fat FROM generate_series(1, 1000)", {
      maxRows: 1000,
    });
    // 16 MiB of 900 kB values: 18 rows read, not 1,000 (the cells are cut for display anyway).
    expect(wide).toMatchObject({ truncated: true, truncatedBy: 'bytes', rowCount: 18 });
    const huge = await run("SELECT repeat('x', 5 * 1024 * 1024) AS fat").then(
      () => undefined,
      (err: Error) => err,
    );
    expect(huge).toMatchObject({ code: 'SQL_REFUSED' });
    expect(huge!.message).toMatch(/a row of the result is 52428\d\d bytes, more than the console's 1048576/);
    const many = await run('SELECT g FROM generate_series(1, 100000) g', { maxRows: 1000 });
    expect(many).toMatchObject({ rowCount: 1000, truncated: true, truncatedBy: 'rows' });
  });
});

describe('runSql refuses writes, by the statement check and by PostgreSQL', () => {
  const refusals: [string, string, RegExp][] = [
    ['DELETE', 'DELETE FROM strategies', /DELETE is not a read statement/],
    ['UPDATE', "UPDATE strategies SET name = 'gone'", /UPDATE is not a read statement/],
    ['DROP', 'DROP TABLE strategies', /DROP is not a read statement/],
    ['INSERT', "INSERT INTO strategies (owner_id, name) VALUES (1, 'x')", /INSERT is not a read statement/],
    ['COPY TO PROGRAM', "COPY strategies TO PROGRAM 'touch /tmp/qt-pwned'", /COPY is not a read statement/],
    ['COPY TO STDOUT', 'COPY (SELECT 1) TO STDOUT', /COPY is not a read statement/],
    ['multi-statement', 'SELECT 1; DELETE FROM strategies', /one statement at a time/],
    ['multi after comment', "SELECT 1 /* ; */; UPDATE strategies SET name = 'x'", /one statement at a time/],
    [
      'write in a CTE',
      'WITH d AS (DELETE FROM strategies RETURNING *) SELECT * FROM d',
      /DELETE has no place/,
    ],
    [
      'write in a function call',
      "SELECT pg_logical_emit_message(false, 'x', 'y')",
      /permission denied for function/,
    ],
    ['notify', "SELECT pg_notify('quanttrade_events', '{}')", /permission denied for function pg_notify/],
    ['advisory lock', 'SELECT pg_advisory_lock(1)', /permission denied for function pg_advisory_lock/],
    ['nextval', "SELECT nextval('strategies_id_seq')", /read-only transaction|permission denied/],
    [
      'escape via set_config',
      "SELECT set_config('role', 'postgres', true)",
      /permission denied for function set_config/,
    ],
    ['escape via DO', 'DO $$ BEGIN SET LOCAL ROLE postgres; END $$', /DO is not a read statement/],
    ['secret column', 'SELECT password_hash FROM users', /permission denied for table users/],
    ['secret table', 'SELECT * FROM settings', /permission denied for table settings/],
    ['server files', "SELECT pg_read_file('/etc/passwd')", /permission denied for function pg_read_file/],
    ['transaction mode', 'SET TRANSACTION READ WRITE', /SET is not a read statement/],
    [
      'read-write via a subquery function',
      "SELECT set_config('transaction_read_only', 'off', true)",
      /permission denied/,
    ],
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

  it('refuses SET; and nothing a statement does outlives it', async () => {
    await expect(run('SET SESSION AUTHORIZATION DEFAULT')).rejects.toThrow(/SET is not a read statement/);
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
