// The drift report end to end on a real PostgreSQL: a deployment whose day was traded through the
// real ledger and paper venue exactly as its backtest says (the runner's order of steps: the venue
// works the bar, then the strategy's orders of that bar are submitted) shows zero rows; a fill's
// price changed, or a fill dropped, shows exactly that row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barAt, barSeriesFromBars, type Bar } from '../../daemon/src/core/bar';
import { runBacktest } from '../../daemon/src/engine/backtest';
import { storeBars } from '../../daemon/src/market/bar-store';
import { resampleBars } from '../../daemon/src/market/resample';
import { withUserScope } from '../../daemon/src/db/user-scope';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease } from '../../daemon/src/trading/lease/lease-store';
import { createDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { driftReport, type DriftReport } from '../../daemon/src/trading/drift/drift-report';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { openPaperVenue, testClock } from './support/paper';
import {
  createBrokerAccount,
  createDeployment as seedStrategy,
  createUser,
} from './support/trading-fixtures';

const DAYS = ['2025-01-06', '2025-01-07', '2025-01-08'];
const DATE = DAYS[1]!;
const FIVE_MIN = 300_000;
const SYMBOL = 'DRIFTCO';
const PARAMS = { fast: 3, slow: 8, size: 10 };

let db: TestDatabase;
let owner: number;
let deploymentId: number;

/** 1-minute bars, 09:15–15:30 IST, a wave that crosses its averages many times a day. */
function minuteBars(): Bar[] {
  const bars: Bar[] = [];
  let i = 0;
  for (const day of DAYS) {
    const open = Date.parse(`${day}T09:15:00+05:30`);
    for (let m = 0; m < 375; m++, i++) {
      const price = (t: number) => Math.round((1000 + 25 * Math.sin(t / 23) + 8 * Math.sin(t / 5)) * 20) / 20;
      const o = price(i);
      const c = price(i + 0.9);
      bars.push({
        time: open + m * 60_000,
        open: o,
        high: Math.max(o, c) + 0.5,
        low: Math.min(o, c) - 0.5,
        close: c,
        volume: 1000,
      });
    }
  }
  return bars;
}

const report = (): Promise<DriftReport> =>
  driftReport(
    { pool: db.pool, asUser: (fn) => withUserScope(db.pool, { userId: owner, role: 'operator' }, fn) },
    deploymentId,
    DATE,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await createUser(db.pool);
  const accountId = await createBrokerAccount(db.pool, owner);
  const { strategyId } = await seedStrategy(db.pool, owner, accountId);
  const minutes = barSeriesFromBars(SYMBOL, '1m', minuteBars());
  await storeBars(db.pool, [{ symbol: SYMBOL, series: minutes, source: 'test' }]);
  const deployment = await createDeployment(
    db.pool,
    owner,
    {
      name: 'drift',
      strategyId,
      strategyVersion: 1,
      params: PARAMS,
      symbols: [`NSE:${SYMBOL}`],
      timeframe: '5m',
      product: 'CNC',
      capital: '1000000.00',
      brokerAccountId: accountId,
      riskProfileId: null,
      mode: 'paper',
    },
    { actor: 'user' },
  );
  deploymentId = deployment.id;

  // What the backtest says for the date, then the same day traded the way the runner does it.
  const bars = resampleBars(minutes, '5m');
  const dayStart = Date.parse(`${DATE}T00:00:00+05:30`);
  const dayEnd = dayStart + 86_400_000;
  const expected = runBacktest(
    {
      strategy: 'sma-cross',
      params: PARAMS,
      symbols: [SYMBOL],
      from: dayStart,
      to: dayEnd,
      warmupBars: 500,
      cash: 1_000_000,
      costs: 'india',
      product: 'delivery',
    },
    new Map([[SYMBOL, bars]]),
  );
  const orders = expected.orders.toArray().filter((o) => o.createdTime >= dayStart && o.createdTime < dayEnd);
  expect(orders.length, 'the wave gives trades').toBeGreaterThan(4);

  const clock = testClock(dayStart);
  const venue = await openPaperVenue(
    db.pool,
    accountId,
    { startingCapital: 1_000_000, costModel: 'india' },
    { clock },
  );
  const lease = (await acquireLease(db.pool, { deploymentId, holder: 'drift-test', ttlMs: 600_000 }))!;
  const ledger = createLedger({ pool: db.pool, log: testLogger() });
  ledger.attach(venue);
  const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM instruments WHERE symbol = $1', [
    SYMBOL,
  ]);
  const ref = { symbol: SYMBOL, exchange: 'NSE' as const, segment: 'NSE_EQ' as const };
  for (let i = 0; i < bars.length; i++) {
    const bar = barAt(bars, i);
    if (bar.time < dayStart || bar.time >= dayEnd) continue;
    clock.now = bar.time;
    await venue.onBar(ref, bar);
    clock.now = bar.time + FIVE_MIN;
    for (const [k, o] of orders.entries()) {
      if (o.createdTime !== bar.time) continue;
      await ledger.submitAndSend(
        lease,
        {
          clientOrderId: `drift-${k}`,
          deploymentId,
          brokerAccountId: accountId,
          instrumentId: rows[0]!.id,
          side: o.side,
          qty: o.qty,
          orderType: 'MARKET',
          product: 'CNC',
          validity: 'DAY',
          costModel: 'india',
          signal: {
            signalKey: `${o.createdTime}-${k}`,
            barTime: o.createdTime,
            side: o.side,
            qty: o.qty,
            orderType: 'market',
            strategyId,
            strategyVersion: 1,
          },
        },
        venue,
      );
    }
  }
}, 120_000);

afterAll(() => db?.drop());

describe('drift report', () => {
  it('shows zero rows for a day traded exactly as its backtest', async () => {
    const drift = await report();
    expect(drift.rows).toEqual([]);
    expect(drift.summary.expectedFills).toBeGreaterThan(4);
    expect(drift.summary).toMatchObject({ missing: 0, extra: 0, different: 0 });
    expect(drift.summary.actualFills).toBe(drift.summary.expectedFills);
    expect(drift.summary.actualSignals).toBe(drift.summary.expectedSignals);
  });

  it('shows exactly the fill whose price differs and the fill that is missing', async () => {
    const { rows } = await db.pool.query<{ id: number; price: string }>(
      'SELECT id, price::text FROM fills WHERE deployment_id = $1 ORDER BY filled_at, id',
      [deploymentId],
    );
    await db.pool.query('UPDATE fills SET price = price + 0.05 WHERE id = $1', [rows[1]!.id]);
    let drift = await report();
    expect(drift.rows).toHaveLength(1);
    expect(drift.rows[0]).toMatchObject({
      kind: 'fill',
      difference: 'price',
      symbol: `NSE:${SYMBOL}`,
      expected: { price: Number(rows[1]!.price).toFixed(4) },
      actual: { id: rows[1]!.id, price: (Number(rows[1]!.price) + 0.05).toFixed(4) },
    });

    await db.pool.query('DELETE FROM fills WHERE id = $1', [rows[3]!.id]);
    drift = await report();
    expect(drift.rows.map((r) => `${r.kind} ${r.difference}`)).toEqual(['fill price', 'fill missing']);
    expect(drift.summary).toMatchObject({ missing: 1, extra: 0, different: 1 });
  });

  it('refuses a malformed date and another user’s deployment', async () => {
    await expect(
      driftReport(
        { pool: db.pool, asUser: (fn) => withUserScope(db.pool, { userId: owner, role: 'operator' }, fn) },
        deploymentId,
        '7 Jan',
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const stranger = await createUser(db.pool);
    await expect(
      driftReport(
        { pool: db.pool, asUser: (fn) => withUserScope(db.pool, { userId: stranger, role: 'operator' }, fn) },
        deploymentId,
        DATE,
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
