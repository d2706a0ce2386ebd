// End-of-day reports on schedule: the supervisor holding a deployment builds and saves its EOD
// report when the session closes on the runner's clock (a scaled test clock here, not the wall
// clock); a daemon that resumes it after the close builds the day's report again, replacing it
// (one report per deployment and date), and a deployment started after the close gets none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyntheticFeed } from '../../daemon/src/broker/feeds/synthetic-feed';
import { istTime } from '../../daemon/src/core/time';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { createMetrics } from '../../daemon/src/metrics/metrics';
import { loadDeployment, transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { scaledClock } from '../../daemon/src/trading/runner/scaled-clock';
import { TradingSupervisor, type SupervisorOptions } from '../../daemon/src/trading/runner/supervisor';
import type { SourceClock } from '../../daemon/src/broker/feeds/feed-source';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const SYMBOLS = ['EODA', 'EODB'];
let db: TestDatabase;
let ownerId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  ownerId = await createUser(db.pool, 'admin');
  await storeSessions(db.pool, SYMBOLS, ['2025-01-06', '2025-01-07', '2025-01-08'], 5);
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

const reports = async (id: number) =>
  (
    await db.pool.query<{ date: string; report: { tradingDate: string; deploymentId: number }; at: Date }>(
      `SELECT to_char(trading_date, 'YYYY-MM-DD') AS date, report, created_at AS at
         FROM eod_reports WHERE deployment_id = $1 ORDER BY trading_date`,
      [id],
    )
  ).rows;

function supervisor(daemonId: string, clock: SourceClock, extra: Partial<SupervisorOptions> = {}) {
  const feed = createSyntheticFeed({
    universe: SYMBOLS.map((symbol, k) => ({
      symbol,
      segment: 'NSE_EQ' as const,
      price: 400 + 100 * k,
      volatility: 0.5,
    })),
    seed: 7,
    clock,
  });
  const sup = new TradingSupervisor({
    pool: db.pool,
    bus: createEventBus({ log: testLogger() }),
    log: testLogger(),
    daemonId,
    ticks: feed,
    clock,
    leaseTtlMs: 2000,
    scanEveryMs: 200,
    ...extra,
  });
  return {
    sup,
    stop: async () => {
      await sup.stop();
      feed.close();
    },
  };
}

describe('end-of-day reports on schedule', () => {
  it('saves the report at the session close, once per deployment and date, again after a takeover', async () => {
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'eod',
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
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    // Two minutes of market time per wall second, from 15:26 IST: the close comes in about 2 s.
    const a = supervisor('A', scaledClock(istTime('2025-01-09', 15, 26), 120));
    try {
      a.sup.start();
      await until('A runs it', async () => (await loadDeployment(db.pool, id)).status === 'running');
      expect(await reports(id)).toEqual([]);
      const saved = await until(
        'the report at the close',
        async () => (await reports(id)).length > 0 && reports(id),
      );
      expect(saved.map((r) => r.date)).toEqual(['2025-01-09']);
      expect(saved[0]!.report).toMatchObject({ deploymentId: id, tradingDate: '2025-01-09' });
    } finally {
      await a.stop();
    }
    const first = (await reports(id))[0]!;

    // Another daemon resumes it after the close (the first left at once): the day's report is
    // built again and replaces the stored one — still one for the date.
    const b = supervisor('B', scaledClock(istTime('2025-01-09', 15, 45), 60));
    try {
      b.sup.start();
      await until('B holds it', async () => b.sup.holding().includes(id));
      await until('the report rebuilt', async () => {
        const rows = await reports(id);
        return rows.length === 1 && rows[0]!.at.getTime() > first.at.getTime();
      });
      expect((await reports(id)).map((r) => r.date)).toEqual(['2025-01-09']);
    } finally {
      await b.stop();
    }
  }, 90_000);

  it('builds no report for a close before the deployment started', async () => {
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'eod-late',
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
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    const clock = scaledClock(istTime('2025-01-09', 15, 40), 120);
    const c = supervisor('C', clock);
    try {
      c.sup.start();
      await until('C runs it', async () => (await loadDeployment(db.pool, id)).status === 'running');
      // Five market minutes on: the pipeline's clock has moved well past the start.
      const started = clock.now();
      await until('time passes', async () => clock.now() > started + 5 * 60_000);
      expect(await reports(id)).toEqual([]);
    } finally {
      await c.stop();
    }
  }, 60_000);

  it('retries a failed build while the daemon runs (bounded backoff) and stores the report once it succeeds', async () => {
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'eod-retry',
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
    await transitionDeployment(db.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    // A database fault on the report's write: every save fails until the trigger is dropped.
    await db.pool.query(`
      CREATE FUNCTION eod_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected fault: eod_reports is unavailable'; END $$;
      CREATE TRIGGER eod_fault BEFORE INSERT OR UPDATE ON eod_reports FOR EACH ROW EXECUTE FUNCTION eod_fault();`);
    const metrics = createMetrics();
    const failed = async () =>
      (await metrics.registry.getSingleMetric('quanttrade_eod_reports_total')!.get()).values.find(
        (v) => v.labels.outcome === 'failed',
      )?.value ?? 0;
    const d = supervisor('D', scaledClock(istTime('2025-01-10', 15, 27), 120), {
      metrics: { trading: metrics.trading, runner: metrics.runner },
      eodRetry: { firstMs: 100, maxMs: 400 },
    });
    try {
      d.sup.start();
      await until('D runs it', async () => (await loadDeployment(db.pool, id)).status === 'running');
      // Failed and retried (at least twice), nothing stored while the fault lasts.
      await until('retries of the failed build', async () => (await failed()) >= 2);
      expect(await reports(id)).toEqual([]);
      const pending = await metrics.registry.getSingleMetric('quanttrade_eod_reports_pending')!.get();
      // (D also resumed the deployments of the tests above: theirs wait for a retry too.)
      expect(pending.values[0]!.value).toBeGreaterThanOrEqual(1);
      await db.pool.query('DROP TRIGGER eod_fault ON eod_reports; DROP FUNCTION eod_fault()');
      const saved = await until(
        'the report stored by a retry',
        async () => (await reports(id)).length > 0 && reports(id),
      );
      expect(saved.map((r) => r.date)).toEqual(['2025-01-10']);
      expect(saved[0]!.report).toMatchObject({ deploymentId: id, tradingDate: '2025-01-10' });
      await until('no report left to retry', async () =>
        (await metrics.registry.metrics()).includes('quanttrade_eod_reports_pending 0'),
      );
      expect(await metrics.registry.metrics()).toMatch(
        /quanttrade_eod_reports_total\{outcome="saved"\} [1-9]/,
      );
    } finally {
      await d.stop();
      await db.pool.query(
        'DROP TRIGGER IF EXISTS eod_fault ON eod_reports; DROP FUNCTION IF EXISTS eod_fault()',
      );
    }
  }, 60_000);
});
