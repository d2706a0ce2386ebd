// risk.scan against a real PostgreSQL: positions (sql/001 columns), prices and daily closes from
// the bar store, a funds figure and a sector; the snapshot's figures are worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { istTime } from '../../daemon/src/core/time';
import { withTransaction } from '../../daemon/src/db/pool';
import { createEventBus } from '../../daemon/src/events/event-bus';
import { jobHandlers } from '../../daemon/src/cli/job-handlers';
import { schedules } from '../../daemon/src/jobs/schedules';
import { storeBars } from '../../daemon/src/market/bar-store';
import { createMetrics } from '../../daemon/src/metrics/metrics';
import { createRiskScanHandler } from '../../daemon/src/risk-control/risk-scan-handler';
import { runPortfolioScan } from '../../daemon/src/risk-control/portfolio-scan';
import { listSnapshots } from '../../daemon/src/risk-control/portfolio-series';
import { assignRiskProfile, createRiskProfile } from '../../daemon/src/risk-control/profile-service';
import { recordFunds } from '../../daemon/src/risk-control/portfolio-store';
import { SYSTEM_ACTOR } from '../../daemon/src/risk-control/risk-actor';
import { listViolations } from '../../daemon/src/risk-control/violation-query';
import { loadConfig } from '../../daemon/src/config/load-config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { seedTradingRows, type TradingRows } from '../support/trading-rows';

let db: TestDatabase;
let rows: TradingRows;
const NOW = istTime('2025-03-03', 11, 0);

function daily(closes: number[]): Bar[] {
  return closes.map((c, i) => ({
    time: istTime('2025-03-03', 9, 15) - (closes.length - i) * 86_400_000,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: 1000,
  }));
}

async function store(symbol: string, timeframe: string, bars: Bar[]) {
  const [s] = await storeBars(db.pool, [
    { symbol, series: barSeriesFromBars(symbol, timeframe, bars), source: 'csv' },
  ]);
  return s!.instrument.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  rows = await seedTradingRows(db.pool, { email: 'op@example.com' });
  const flat = (v: number) => Array.from({ length: 13 }, () => v);
  // One shock day: A falls 10 %, NIFTY 5 %; B never moves. 26 closes → 25 returns.
  const a = await store('AAA', '1d', daily([...flat(100), ...flat(90)]));
  const b = await store('BBB', '1d', daily([...flat(200), ...flat(200)]));
  await store('^NSEI', '1d', daily([...flat(1000), ...flat(950)]));
  // The last prices: today's minute bars.
  const minute = (c: number): Bar[] => [
    { time: NOW - 60_000, open: c, high: c, low: c, close: c, volume: 1 },
  ];
  await store('AAA', '1m', minute(100));
  await store('BBB', '1m', minute(200));
  await db.pool.query(
    `INSERT INTO positions (owner_id, deployment_id, broker_account_id, instrument_id, product, net_qty, avg_price, realised_pnl)
     VALUES ($1, $2, $3, $4, 'INTRADAY', 100, 90, 0), ($1, NULL, $3, $5, 'INTRADAY', -50, 210, 0)`,
    [rows.userId, rows.deploymentId, rows.accountId, a, b],
  );
  await db.pool.query(`INSERT INTO instrument_sectors (instrument_id, sector) VALUES ($1, 'Banks')`, [a]);
  await recordFunds(db.pool, { accountId: rows.accountId, capital: 40_000, source: 'test', asOf: NOW });
  const run = <T>(fn: Parameters<typeof withTransaction<T>>[1]) => withTransaction(db.pool, fn);
  const p = await createRiskProfile({ run }, SYSTEM_ACTOR, {
    ownerId: rows.userId,
    name: 'watch leverage',
    profile: { extends: 'moderate', soft: { maxLeverage: 0.4, maxVar99: 1500 } },
  });
  await assignRiskProfile({ run }, SYSTEM_ACTOR, { accountId: rows.accountId }, p.id);
  // Yesterday's last snapshot: the open book's P&L then was ₹2,000.
  await db.pool.query(
    `INSERT INTO risk_portfolio_snapshots (owner_id, broker_account_id, at, gross, net, long_value, short_value, open_positions, details)
     VALUES ($1, $2, to_timestamp($3 / 1000.0), 0, 0, 0, 0, 2, '{"totalPnl": 2000, "breaches": []}')`,
    [rows.userId, rows.accountId, NOW - 86_400_000],
  );
});
afterAll(() => db?.drop());

describe('risk.scan', () => {
  it('is registered as a job handler and scheduled every minute of the session hours', () => {
    expect(jobHandlers).toContain(createRiskScanHandler);
    expect(schedules).toContainEqual({ queue: 'risk.scan', cron: '* 9-15 * * 1-5' });
  });

  it('skips a scan outside a session unless forced', async () => {
    expect(
      await runPortfolioScan({ pool: db.pool, log: testLogger() }, istTime('2025-03-01', 11, 0)),
    ).toEqual({
      skipped: 'no exchange session now',
      accounts: 0,
      warnings: 0,
    });
  });

  it('stores exposure, P&L, drawdown, VaR, ES and beta worked out by hand, and warns once per soft limit', async () => {
    const metrics = createMetrics();
    const bus = createEventBus({ log: testLogger() });
    const deps = { pool: db.pool, log: testLogger(), metrics: metrics.risk, bus };
    expect(await runPortfolioScan(deps, NOW)).toEqual({ accounts: 1, warnings: 1 });
    const [s] = await listSnapshots(db.pool, rows.accountId, 1);
    // A: 100 × ₹100 = 10,000 long; B: −50 × ₹200 = 10,000 short. Capital 40,000.
    expect(s).toMatchObject({
      gross: 20_000,
      net: 0,
      long: 10_000,
      short: 10_000,
      openPositions: 2,
      capital: 40_000,
      leverage: 0.5,
    });
    // Open P&L: 100 × (100 − 90) + (−50) × (200 − 210) = 1,500; yesterday 2,000 → today −500, 500 below the day's start.
    expect(s).toMatchObject({ dayPnl: -500, intradayDrawdown: 500, details: { totalPnl: 1500 } });
    // Scenario P&L: −1,000 on the shock day (10,000 × −10 %), 0 on 24 others. 99 %: k = 1 → 1,000;
    // 95 %: k = ceil(1.25) = 2 → VaR 0, ES (1,000 + 0) / 2 = 500. Beta: −1,000 per −5 % of NIFTY.
    expect(s).toMatchObject({
      returnDays: 25,
      var99: 1000,
      es99: 1000,
      var95: 0,
      es95: 500,
      betaExposure: 20_000,
      beta: null,
    });
    expect(s!.details.bySector).toEqual([{ sector: 'Banks', gross: 10_000, net: 10_000, weight: 0.5 }]);
    expect(s!.details.breaches).toEqual(['maxLeverage']);

    const warnings = await listViolations(db.pool, {
      accountId: rows.accountId,
      severity: 'warning',
      limit: 10,
      offset: 0,
    });
    expect(warnings.map((w) => [w.rule, w.limitName, w.limit, w.value])).toEqual([
      ['max_leverage', 'soft.maxLeverage', '0.4', '0.5'],
    ]);
    expect(await metrics.registry.getSingleMetricAsString('quanttrade_risk_exposure_rupees')).toContain(
      `quanttrade_risk_exposure_rupees{account="${rows.accountId}",kind="gross"} 20000`,
    );
    expect(await metrics.registry.getSingleMetricAsString('quanttrade_risk_var_rupees')).toMatch(
      /confidence="0.99"} 1000/,
    );

    // A minute later: the same breach is not reported again.
    expect(await runPortfolioScan(deps, NOW + 60_000)).toEqual({ accounts: 1, warnings: 0 });
    expect(await listSnapshots(db.pool, rows.accountId, 10)).toHaveLength(3);
  });

  it('runs as the risk.scan job handler', async () => {
    const metrics = createMetrics();
    const config = loadConfig({ argv: [], env: {}, cwd: process.cwd(), packageRoot: process.cwd() });
    const handler = createRiskScanHandler({
      config,
      log: testLogger(),
      pool: db.pool,
      bus: createEventBus({ log: testLogger() }),
      metrics,
      jobs: undefined as never,
    });
    const result = await handler.handle(
      { force: true },
      {
        jobId: 'j',
        queue: 'risk.scan',
        retryCount: 0,
        signal: new AbortController().signal,
        log: testLogger(),
      },
    );
    expect(result).toMatchObject({ accounts: 1 });
    expect(await metrics.registry.getSingleMetricAsString('quanttrade_risk_scan_duration_seconds')).toContain(
      'quanttrade_risk_scan_duration_seconds_count 1',
    );
  });
});
