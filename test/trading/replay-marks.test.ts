// A replay writes no mark per bar, but the day's last mark is the session's close: the next
// day's start-of-day price (what day P&L and the EOD report read) is the previous close exactly,
// not the last 15-minute mark before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { istTime } from '../../daemon/src/core/time';
import { normalizeSpec } from '../../daemon/src/engine/backtest-spec';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { runPaperReplay } from '../../daemon/src/trading/runner/paper-replay';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testLogger } from '../support/logger';
import { sessionBars, storeSessions } from './support/runner-bars';
import { createUser } from './support/trading-fixtures';

const DATES = ['2025-01-06', '2025-01-07'];
const SEED = 11;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('replay marks', () => {
  it("marks held positions at each session's close, so the next day starts from that close", async () => {
    await storeSessions(db.pool, ['RMARK'], DATES, SEED);
    // storeSessions' first symbol: seed SEED, starting at 300.
    const bars = sessionBars(DATES, SEED, 300);
    const closeOf = (date: string) => bars.find((b) => b.time === istTime(date, 15, 29))!.close;
    const ownerId = await createUser(db.pool, 'admin');
    const params = { percent: 50 };
    const deployment = await createPaperDeployment(db.pool, {
      ownerId,
      name: 'marks',
      template: 'buy-and-hold',
      params,
      symbols: ['RMARK'],
      timeframe: '1m',
      product: 'CNC',
      capital: 1_000_000,
      costModel: 'india',
      slippage: 'none',
    });
    const run = await runPaperReplay({
      pool: db.pool,
      log: testLogger(),
      deployment,
      from: istTime(DATES[0]!),
      to: istTime(DATES[1]!) + 86_400_000,
      speed: 'max',
      spec: normalizeSpec({ strategy: 'buy-and-hold', params, cash: 1_000_000 }),
      holder: `marks-${process.pid}`,
    });
    expect(run.error).toBeUndefined();
    const { rows } = await db.pool.query<{
      net_qty: number;
      sod_qty: number;
      sod_price: string;
      last_price: string;
      day: string;
    }>(
      `SELECT net_qty, sod_qty, sod_price::text, last_price::text, day::text FROM positions WHERE deployment_id = $1`,
      [deployment.id],
    );
    expect(rows).toHaveLength(1);
    const p = rows[0]!;
    expect(p.net_qty).toBeGreaterThan(0);
    expect(p.day).toBe(DATES[1]);
    expect(p.sod_qty).toBe(p.net_qty);
    expect(Number(p.sod_price)).toBe(closeOf(DATES[0]!));
    expect(Number(p.last_price)).toBe(closeOf(DATES[1]!));
  });
});
