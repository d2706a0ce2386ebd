// Row-level security for user-owned rows: through a tRPC procedure using ctx.asUser (the path
// every domain router takes), and by direct query under a user's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../daemon/src/api/context';
import { createCallerFactory, router, viewerProcedure } from '../../daemon/src/api/trpc';
import { describeProcedures } from '../../daemon/src/api/procedure-catalogue';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let t: TestDaemon;

// The shape of a domain router (strategies.list in issue 5): a viewer procedure reading
// user-owned rows through ctx.asUser, with no WHERE owner_id clause of its own.
const strategiesProbe = router({
  names: viewerProcedure.query(({ ctx }) =>
    ctx.asUser(async (db) =>
      (await db.query<{ name: string }>('SELECT name FROM strategies ORDER BY name')).rows.map((r) => r.name),
    ),
  ),
});

async function callerFor(token: string) {
  const ctx: Context = {
    ...t.daemon.deps,
    user: (await t.daemon.auth.authenticate(token)) ?? null,
    authFailure: null,
    ip: '127.0.0.1',
    procedures: describeProcedures(strategiesProbe),
  };
  return createCallerFactory(strategiesProbe)(ctx);
}

beforeAll(async () => {
  t = await startTestDaemon();
  await t.pool.query(
    `INSERT INTO strategies (owner_id, name) VALUES ($1, 'alpha'), ($1, 'beta'), ($2, 'gamma')`,
    [t.users.operator.id, t.users.operator2.id],
  );
});
afterAll(() => t?.stop());

describe('row-level security', () => {
  it('shows each user only their own strategies through the API context', async () => {
    expect(await (await callerFor(t.users.operator.token)).names()).toEqual(['alpha', 'beta']);
    expect(await (await callerFor(t.users.operator2.token)).names()).toEqual(['gamma']);
    expect(await (await callerFor(t.users.viewer.token)).names()).toEqual([]);
    expect(await (await callerFor(t.users.admin.token)).names()).toEqual(['alpha', 'beta', 'gamma']);
  });

  it("hides B's rows from a direct query made under A's scope, even by id", async () => {
    const { rows } = await t.pool.query<{ id: number }>(`SELECT id FROM strategies WHERE name = 'gamma'`);
    const gamma = rows[0]!.id;
    const seen = await withUserScope(
      t.pool,
      { userId: t.users.operator.id, role: 'operator' },
      async (db) => (await db.query('SELECT * FROM strategies WHERE id = $1', [gamma])).rows,
    );
    expect(seen).toEqual([]);
    const deleted = await withUserScope(
      t.pool,
      { userId: t.users.operator.id, role: 'operator' },
      async (db) => (await db.query('DELETE FROM strategies WHERE id = $1', [gamma])).rowCount,
    );
    expect(deleted).toBe(0);
  });
});
