// The trading supervisor on a real PostgreSQL with the synthetic feed: a started deployment is
// claimed, warmed up and run (starting → running) and trades; pause stops new entries; when its
// daemon loses the database it stops writing orders at once (fencing), its lease lapses and a
// second daemon takes the deployment over within the lease ttl, resumes it from the ledger
// (recovery, positions, cash) and trades on — the venue holds exactly the ledger's orders, none
// twice; stop cancels the working orders and ends in `stopped`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyntheticFeed } from '../../daemon/src/broker/feeds/synthetic-feed';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { istTime } from '../../daemon/src/core/time';
import { createPool } from '../../daemon/src/db/pool';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { createMetrics } from '../../daemon/src/metrics/metrics';
import { loadDeployment, transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { reconcileOrders } from '../../daemon/src/trading/ledger/reconcile';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { scaledClock } from '../../daemon/src/trading/runner/scaled-clock';
import { TradingSupervisor } from '../../daemon/src/trading/runner/supervisor';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { startTcpProxy, viaProxy } from '../support/tcp-proxy';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const SYMBOLS = ['SUPA', 'SUPB'];
let db: TestDatabase;
let ownerId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await createUser(db.pool, 'admin');
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 11);
});
afterAll(() => db?.drop());

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (sql: string, id: number) => (await db.pool.query<{ n: number }>(sql, [id])).rows[0]!.n;

describe('trading supervisor', () => {
  it('runs, pauses, fails over without a duplicate order, and stops', async () => {
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'supervised',
      template: 'sma-cross',
      params: { fast: 2, slow: 4, size: 1 },
      symbols: SYMBOLS,
      timeframe: '1m',
      product: 'CNC',
      capital: 1_000_000,
      costModel: 'india',
      slippage: 'none',
    });
    const id = deployment.id;
    // A minute of market time per wall second, from the next session's open.
    const clock = scaledClock(istTime('2025-01-09', 9, 15), 60);
    const universe = SYMBOLS.map((symbol, k) => ({
      symbol,
      segment: 'NSE_EQ' as const,
      price: 300 + 200 * k,
      volatility: 0.6,
    }));
    const feed = createSyntheticFeed({ universe, seed: 3, clock });
    const poolA = createPool({ connectionString: db.url, log: testLogger(), max: 6 });
    const common = { log: testLogger(), ticks: feed, clock, leaseTtlMs: 2000, scanEveryMs: 200 };
    const metrics = createMetrics();
    const a = new TradingSupervisor({
      ...common,
      pool: poolA,
      bus: createEventBus({ log: testLogger() }),
      daemonId: 'A',
      metrics: { trading: metrics.trading, runner: metrics.runner },
    });
    const b = new TradingSupervisor({
      ...common,
      pool: db.pool,
      bus: createEventBus({ log: testLogger() }),
      daemonId: 'B',
    });
    try {
      await transitionDeployment(db.pool, {
        deploymentId: id,
        from: ['stopped'],
        to: 'starting',
        actor: 'user',
        actorUserId: ownerId,
      });
      a.start();
      await until(
        'A runs it',
        async () => (await loadDeployment(db.pool, id)).status === 'running' && a.holding().includes(id),
      );
      await until(
        'fills under A',
        async () => (await count('SELECT count(*)::int AS n FROM fills WHERE deployment_id = $1', id)) >= 4,
      );
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/quanttrade_bar_lateness_seconds_count\{timeframe="1m"\} [1-9]/);
      expect(text).toMatch(new RegExp(`quanttrade_deployment_pnl_rupees\\{deployment="${id}"\\} -?\\d`));
      expect(text).toMatch(/quanttrade_deployments_held 1/);
      expect(text).toMatch(/quanttrade_fills_total\{side="buy"\} [1-9]/);

      // Paused: the supervisor hears the change; new entries are refused, stored as refused signals.
      await transitionDeployment(db.pool, {
        deploymentId: id,
        from: ['running'],
        to: 'paused',
        actor: 'user',
        actorUserId: ownerId,
      });
      await a.scan();
      await until(
        'a refused entry while paused',
        async () =>
          (await count(
            `SELECT count(*)::int AS n FROM signals WHERE deployment_id = $1 AND status_reason = 'deployment_paused'`,
            id,
          )) > 0,
      );
      await transitionDeployment(db.pool, {
        deploymentId: id,
        from: ['paused'],
        to: 'running',
        actor: 'user',
        actorUserId: ownerId,
      });
      await a.scan();

      // A loses its database: nothing more is written under its lease; B takes over.
      b.start();
      expect(b.holding()).toEqual([]);
      const lostAt = Date.now();
      await poolA.end();
      await until('B takes over', async () => b.holding().includes(id));
      const takeover = Date.now() - lostAt;
      expect(takeover).toBeLessThan(10_000);
      const before = await count('SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1', id);
      await until(
        'orders under B',
        async () =>
          (await count('SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1', id)) > before + 2,
      );

      // Every order once at the venue, none unknown to the ledger, none sent twice.
      const venue = await PaperVenue.open({
        pool: db.pool,
        brokerAccountId: deployment.brokerAccountId,
        log: testLogger(),
      });
      const rec = await reconcileOrders(db.pool, venue, deployment.brokerAccountId);
      expect(rec.venueOnly).toEqual([]);
      const dup = await db.pool.query(
        `SELECT client_order_id FROM paper_orders GROUP BY client_order_id HAVING count(*) > 1`,
      );
      expect(dup.rows).toEqual([]);
      const leases = await db.pool.query<{ holder: string }>(
        'SELECT holder FROM leases WHERE deployment_id = $1',
        [id],
      );
      expect(leases.rows[0]!.holder).toBe('B');

      await transitionDeployment(db.pool, {
        deploymentId: id,
        from: ['running'],
        to: 'stopping',
        actor: 'user',
        actorUserId: ownerId,
      });
      await b.scan();
      await until('stopped', async () => (await loadDeployment(db.pool, id)).status === 'stopped');
      expect(
        await count(
          `SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1 AND status IN ('new', 'sent', 'open', 'partially_filled')`,
          id,
        ),
      ).toBe(0);
    } finally {
      await a.stop().catch(() => undefined);
      await b.stop();
      feed.close();
      await poolA.end().catch(() => undefined);
    }
  }, 120_000);
});

describe('trading supervisor through a database outage', () => {
  it('stops writing when the database goes, resumes the deployment when it comes back, no order twice', async () => {
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'outage',
      template: 'sma-cross',
      params: { fast: 2, slow: 4, size: 1 },
      symbols: SYMBOLS,
      timeframe: '1m',
      product: 'CNC',
      capital: 1_000_000,
      costModel: 'india',
      slippage: 'none',
    });
    const id = deployment.id;
    const clock = scaledClock(istTime('2025-01-10', 9, 15), 60);
    const universe = SYMBOLS.map((symbol, k) => ({
      symbol,
      segment: 'NSE_EQ' as const,
      price: 300 + 200 * k,
      volatility: 0.6,
    }));
    const feed = createSyntheticFeed({ universe, seed: 4, clock });
    const url = new URL(db.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    const pool = createPool({ connectionString: viaProxy(db.url, proxy), log: testLogger(), max: 6 });
    const supervisor = new TradingSupervisor({
      pool,
      bus: createEventBus({ log: testLogger() }),
      log: testLogger(),
      daemonId: 'outage',
      ticks: feed,
      clock,
      leaseTtlMs: 2000,
      scanEveryMs: 200,
    });
    const orders = () => count('SELECT count(*)::int AS n FROM orders WHERE deployment_id = $1', id);
    try {
      await transitionDeployment(db.pool, {
        deploymentId: id,
        from: ['stopped'],
        to: 'starting',
        actor: 'user',
        actorUserId: ownerId,
      });
      supervisor.start();
      await until('orders before the outage', async () => (await orders()) >= 3);
      proxy.cut();
      await until('the deployment dropped', async () => !supervisor.holding().includes(id), 15_000);
      const during = await orders();
      await new Promise((r) => setTimeout(r, 1500));
      expect(await orders()).toBe(during); // nothing written while the database is away
      proxy.restore();
      await until('resumed after the outage', async () => supervisor.holding().includes(id), 30_000);
      await until('orders after the outage', async () => (await orders()) > during + 1, 60_000);
      const venue = await PaperVenue.open({
        pool: db.pool,
        brokerAccountId: deployment.brokerAccountId,
        log: testLogger(),
      });
      const rec = await reconcileOrders(db.pool, venue, deployment.brokerAccountId);
      expect(rec.venueOnly).toEqual([]);
      expect((await loadDeployment(db.pool, id)).status).toBe('running');
    } finally {
      await supervisor.stop();
      feed.close();
      await pool.end().catch(() => undefined);
      await proxy.close();
    }
  }, 150_000);
});
