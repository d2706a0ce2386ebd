import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { browseRows, listTables } from './table-browser';

let db: TestDatabase;
let admin: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const users = await db.pool.query<{ id: number }>(
    `INSERT INTO users (email, password_hash, role) VALUES ('root@example.com', 'secret-hash', 'admin') RETURNING id`,
  );
  admin = users.rows[0]!.id;
  await db.pool.query(
    `INSERT INTO strategies (owner_id, name, description)
     SELECT $1, 'strategy-' || lpad(g::text, 2, '0'), CASE WHEN g % 5 = 0 THEN 'fifth 50%' ELSE 'plain' END
     FROM generate_series(1, 23) g`,
    [admin],
  );
});

afterAll(() => db.drop());

describe('listTables', () => {
  it('lists tables with exact row counts and sizes, secrets unreadable', async () => {
    const tables = await listTables(db.pool, admin);
    const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
    expect(byName.get('public.strategies')).toMatchObject({ rows: 23, exact: true, readable: true });
    expect(byName.get('public.users')).toMatchObject({ rows: 1, readable: true });
    expect(byName.get('public.settings')).toMatchObject({ rows: null, readable: false });
    expect(byName.get('public.strategies')!.bytes).toBeGreaterThan(0);
  });

  it('folds partitions into their parent (pg-boss keeps one per queue)', async () => {
    await db.pool.query(`CREATE TABLE parted (id int) PARTITION BY RANGE (id);
      CREATE TABLE parted_low PARTITION OF parted FOR VALUES FROM (0) TO (100);
      INSERT INTO parted SELECT generate_series(0, 99)`);
    const tables = await listTables(db.pool, admin);
    const names = tables.map((t) => t.name);
    expect(names).toContain('parted');
    expect(names).not.toContain('parted_low');
    expect(tables.find((t) => t.name === 'parted')).toMatchObject({ readable: false, rows: null });
    expect(tables.find((t) => t.name === 'parted')!.bytes).toBeGreaterThan(0);
  });
});

describe('browseRows', () => {
  const browse = (extra: Partial<Parameters<typeof browseRows>[2]> = {}) =>
    browseRows(db.pool, admin, { schema: 'public', table: 'strategies', page: 0, pageSize: 10, ...extra });

  it('pages in primary-key order', async () => {
    const first = await browse();
    const name = first.columns.findIndex((c) => c.name === 'name');
    expect(first.rows.map((r) => r[name])).toEqual(
      Array.from({ length: 10 }, (_, i) => `strategy-${String(i + 1).padStart(2, '0')}`),
    );
    expect(first.total).toBe(23);
    const last = await browse({ page: 2 });
    expect(last.rows).toHaveLength(3);
  });

  it('filters by a column, treating % and _ literally', async () => {
    const r = await browse({ filter: { column: 'description', contains: '50%' } });
    expect(r.total).toBe(4);
    const none = await browse({ filter: { column: 'description', contains: '_' } });
    expect(none.total).toBe(0);
  });

  it('sorts by a chosen column', async () => {
    const r = await browse({ sort: { column: 'name', direction: 'desc' }, pageSize: 1 });
    const name = r.columns.findIndex((c) => c.name === 'name');
    expect(r.rows[0]![name]).toBe('strategy-23');
  });

  it('never shows secret columns', async () => {
    const r = await browseRows(db.pool, admin, { schema: 'public', table: 'users', page: 0, pageSize: 10 });
    expect(r.columns.map((c) => c.name)).not.toContain('password_hash');
    expect(JSON.stringify(r.rows)).not.toContain('secret-hash');
  });

  it('refuses tables holding secrets', async () => {
    await expect(
      browseRows(db.pool, admin, { schema: 'public', table: 'settings', page: 0, pageSize: 10 }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('names the field, the value and what was expected for bad input', async () => {
    await expect(browse({ table: 'nope' })).rejects.toThrow(
      /table: got "public.nope", expected one of .*public.strategies/,
    );
    await expect(browse({ filter: { column: 'password_hash', contains: 'x' } })).rejects.toThrow(
      /filter.column: got "password_hash", expected one of the readable columns: id, owner_id, name/,
    );
    await expect(
      browseRows(db.pool, admin, {
        schema: 'public',
        table: 'users',
        page: 0,
        pageSize: 5,
        sort: { column: 'password_hash', direction: 'asc' },
      }),
    ).rejects.toThrow(/sort.column: got "password_hash"/);
  });
});
