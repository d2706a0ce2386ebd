// strategies.* through the API, versioning, and row-level security between users: through the
// API and directly in SQL under one user's scope (db/user-scope.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../daemon/src/api/router';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { waitForStatus } from './support/backtest-helpers';
import { seedDailyBars, type Seeded } from './support/seed-bars';

let t: TestDaemon;
let bars: Seeded;

beforeAll(async () => {
  t = await startTestDaemon();
  bars = await seedDailyBars(t.pool, 'STRATTEST', 300);
});
afterAll(async () => {
  await t?.stop();
});

type ApiError = TRPCClientError<AppRouter>;

const strategy = (name: string) => ({
  name,
  template: 'sma-cross',
  params: { fast: 5, slow: 20 },
  universe: { symbols: [bars.symbol], timeframe: '1d' },
  costs: { model: 'percent' as const, rate: 0.0003 },
});

describe('strategies', () => {
  it('creates version 1 with the template defaults filled in, and lists it', async () => {
    const api = t.api('operator');
    const created = await api.strategies.create.mutate(strategy('Trend A'));
    expect(created).toMatchObject({
      name: 'Trend A',
      latestVersion: 1,
      archivedAt: null,
      ownerId: t.users.operator.id,
    });
    expect(created.current).toMatchObject({
      version: 1,
      template: 'sma-cross',
      params: { fast: 5, slow: 20, size: 100 },
      universe: { symbols: [bars.symbol], timeframe: '1d' },
      costs: { model: 'percent', rate: 0.0003 },
    });
    const list = await api.strategies.list.query({ limit: 10 });
    expect(list.items.map((s) => s.id)).toContain(created.id);
  });

  it('adds a version on a parameter change, not on a rename; backtests keep their version', async () => {
    const api = t.api('operator');
    const s = await api.strategies.create.mutate(strategy('Trend B'));
    const run1 = await api.backtests.submit.mutate({ strategyId: s.id, from: bars.from, to: bars.to });
    const renamed = await api.strategies.update.mutate({ id: s.id, name: 'Trend B (renamed)' });
    expect(renamed.latestVersion).toBe(1);
    const v2 = await api.strategies.update.mutate({ id: s.id, params: { fast: 8, slow: 21 } });
    expect(v2.latestVersion).toBe(2);
    expect(v2.current.params).toMatchObject({ fast: 8, slow: 21 });
    const same = await api.strategies.update.mutate({ id: s.id, params: { slow: 21, fast: 8 } });
    expect(same.latestVersion).toBe(2);
    const run2 = await api.backtests.submit.mutate({ strategyId: s.id, from: bars.from, to: bars.to });
    const old = await api.backtests.submit.mutate({
      strategyId: s.id,
      strategyVersion: 1,
      from: bars.from,
      to: bars.to,
    });
    for (const id of [run1.id, run2.id, old.id]) await waitForStatus(t.pool, id, ['succeeded']);
    const got = await Promise.all([run1, run2, old].map((r) => api.backtests.get.query({ id: r.id })));
    expect(got.map((b) => b.strategyVersion)).toEqual([1, 2, 1]);
    expect(got.map((b) => (b.spec as { params: { fast: number } }).params.fast)).toEqual([5, 8, 5]);
    const detail = await api.strategies.get.query({ id: s.id });
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('rejects bad parameters with BAD_REQUEST and the field path', async () => {
    const err = (await t
      .api('operator')
      .strategies.create.mutate({ ...strategy('Bad'), params: { fast: 30, slow: 20 } })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('params.fast: got 30, expected a fast period smaller than slow');
    const unknown = (await t
      .api('operator')
      .strategies.create.mutate({ ...strategy('Bad'), template: 'nope' })
      .catch((e: unknown) => e)) as ApiError;
    expect(unknown.message).toMatch(/template: got "nope", expected one of sma-cross, ema-cross/);
  });

  it('refuses a duplicate live name with CONFLICT, and archives', async () => {
    const api = t.api('operator');
    const s = await api.strategies.create.mutate(strategy('Unique'));
    const dup = (await api.strategies.create.mutate(strategy('unique')).catch((e: unknown) => e)) as ApiError;
    expect(dup.data?.code).toBe('CONFLICT');
    const archived = await api.strategies.archive.mutate({ id: s.id });
    expect(archived.archivedAt).not.toBeNull();
    expect((await api.strategies.list.query({})).items.map((x) => x.id)).not.toContain(s.id);
    const run = (await api.backtests.submit
      .mutate({ strategyId: s.id, from: bars.from, to: bars.to })
      .catch((e: unknown) => e)) as ApiError;
    expect(run.data?.code).toBe('CONFLICT');
    // The name is free again once the first is archived.
    await expect(api.strategies.create.mutate(strategy('Unique'))).resolves.toMatchObject({ name: 'Unique' });
  });

  it('refuses changes from a viewer', async () => {
    const err = (await t
      .api('viewer')
      .strategies.create.mutate(strategy('V'))
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('FORBIDDEN');
  });
});

describe('row-level security between users', () => {
  it("keeps user A's strategies and backtests from user B, through the API and in SQL", async () => {
    const a = t.api('operator');
    const b = t.api('operator2');
    const s = await a.strategies.create.mutate(strategy('Private'));
    const run = await a.backtests.submit.mutate({ strategyId: s.id, from: bars.from, to: bars.to });
    await waitForStatus(t.pool, run.id, ['succeeded']);

    for (const call of [
      () => b.strategies.get.query({ id: s.id }),
      () => b.backtests.get.query({ id: run.id }),
      () => b.backtests.results.query({ id: run.id }),
      () => b.strategies.update.mutate({ id: s.id, name: 'Mine now' }),
      () => b.backtests.cancel.mutate({ id: run.id }),
    ]) {
      const err = (await call().catch((e: unknown) => e)) as ApiError;
      expect(err.data?.code).toBe('NOT_FOUND');
    }
    expect((await b.strategies.list.query({})).items.map((x) => x.id)).not.toContain(s.id);
    expect((await b.backtests.list.query({})).items.map((x) => x.id)).not.toContain(run.id);
    const err = (await b.backtests.submit
      .mutate({ strategyId: s.id, from: bars.from, to: bars.to })
      .catch((e: unknown) => e)) as ApiError;
    expect(err.data?.code).toBe('NOT_FOUND');

    // Directly in SQL, under B's scope: none of A's rows in any backtest table.
    const counts = await withUserScope(
      t.pool,
      { userId: t.users.operator2.id, role: 'operator' },
      async (db) => {
        const { rows } = await db.query(
          `SELECT (SELECT count(*)::int FROM strategies WHERE id = $1) AS strategies,
                (SELECT count(*)::int FROM strategy_versions WHERE strategy_id = $1) AS versions,
                (SELECT count(*)::int FROM backtests WHERE id = $2) AS backtests,
                (SELECT count(*)::int FROM backtest_trades WHERE backtest_id = $2) AS trades,
                (SELECT count(*)::int FROM backtest_equity WHERE backtest_id = $2) AS equity`,
          [s.id, run.id],
        );
        return rows[0];
      },
    );
    expect(counts).toEqual({ strategies: 0, versions: 0, backtests: 0, trades: 0, equity: 0 });
    // …while A, in the same query, sees them all, and an admin too.
    const own = await withUserScope(t.pool, { userId: t.users.operator.id, role: 'operator' }, (db) =>
      db.query(`SELECT count(*)::int AS n FROM backtest_equity WHERE backtest_id = $1`, [run.id]),
    );
    expect(own.rows[0].n).toBe(1);
    expect((await t.api('admin').backtests.get.query({ id: run.id })).ownerId).toBe(t.users.operator.id);
  });
});
