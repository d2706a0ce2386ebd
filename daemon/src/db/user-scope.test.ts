import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { withUserScope } from './user-scope';

let db: TestDatabase;
let alice: number;
let bob: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const users = await db.pool.query<{ id: number }>(
    `INSERT INTO users (email, password_hash, role) VALUES
       ('alice@example.com', 'x', 'operator'), ('bob@example.com', 'x', 'operator'), ('root@example.com', 'x', 'admin')
     RETURNING id`,
  );
  [alice, bob] = users.rows.map((r) => r.id) as [number, number];
  await db.pool.query(
    `INSERT INTO strategies (owner_id, name) VALUES ($1, 'alice-strat'), ($2, 'bob-strat')`,
    [alice, bob],
  );
});

afterAll(() => db.drop());

describe('row-level security', () => {
  it('shows a user only their own strategies', async () => {
    const names = await withUserScope(db.pool, { userId: alice, role: 'operator' }, async (c) =>
      (await c.query('SELECT name FROM strategies ORDER BY name')).rows.map((r) => r.name),
    );
    expect(names).toEqual(['alice-strat']);
  });

  it('lets admins see every row', async () => {
    const n = await withUserScope(db.pool, { userId: 999, role: 'admin' }, async (c) =>
      Number((await c.query('SELECT count(*) FROM strategies')).rows[0].count),
    );
    expect(n).toBe(2);
  });

  it('refuses to write rows owned by someone else', async () => {
    await expect(
      withUserScope(db.pool, { userId: alice, role: 'operator' }, (c) =>
        c.query(`INSERT INTO strategies (owner_id, name) VALUES ($1, 'sneaky')`, [bob]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await withUserScope(db.pool, { userId: alice, role: 'operator' }, (c) =>
      c.query(`UPDATE strategies SET name = 'stolen' WHERE owner_id = $1`, [bob]),
    );
    expect(updated.rowCount).toBe(0);
  });

  it('cannot read password hashes under the app role', async () => {
    await expect(
      withUserScope(db.pool, { userId: alice, role: 'admin' }, (c) =>
        c.query('SELECT password_hash FROM users'),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('drops the scope when the transaction ends', async () => {
    const { rows } = await db.pool.query(
      "SELECT current_user AS u, current_setting('app.user_id', true) AS id",
    );
    expect(rows[0].u).not.toBe('quanttrade_app');
    expect(rows[0].id ?? '').toBe('');
  });
});
