// What a deployment's history looks like over the API: deployments.list with its last bar and
// last signal times (one query for the page), trading.pnlMarks (a day's stored P&L marks, exact
// sums of the positions at each mark; `after` for what is new; the default day is the latest),
// deployments.eodReports / eodReport (stored end-of-day reports, a missing date a clear
// NOT_FOUND), the bus events notifications need (an EOD report saved, an order rejected, a
// deployment in error — sent by the database), and row-level security: another operator sees
// none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildEodReport,
  recordPnlMark,
  saveEodReport,
  transitionDeployment,
} from '../../daemon/src/trading/index';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { createBrokerAccount, createDeployment, createInstrument } from './support/trading-fixtures';

let t: TestDaemon;
let deploymentId: number;
let other: number;

const at = (iso: string) => Date.parse(iso);

async function code(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { data?: { code?: string } }) => err.data?.code,
  );
}

beforeAll(async () => {
  t = await startTestDaemon({ config: { roles: ['api', 'worker', 'scheduler'] } });
  const owner = t.users.operator.id;
  const account = await createBrokerAccount(t.pool, owner);
  deploymentId = (await createDeployment(t.pool, owner, account)).deploymentId;
  other = (await createDeployment(t.pool, owner, account)).deploymentId;
  const instrument = await createInstrument(t.pool);
  // A position bought 10 @ 100.00 on 2026-01-05 (IST), marked at 101.50.
  await t.pool.query(
    `INSERT INTO positions (owner_id, deployment_id, broker_account_id, instrument_id, product, net_qty, cost_basis,
                            buy_qty, buy_value, day_buy_qty, day_buy_value, realised_pnl, costs, last_price,
                            last_price_at, day)
     VALUES ($1, $2, $3, $4, 'INTRADAY', 10, 1000.00, 10, 1000.00, 10, 1000.00, 0, 1.234567, 101.50,
             '2026-01-05T04:00:00Z', '2026-01-05')`,
    [owner, deploymentId, account, instrument.id],
  );
  await recordPnlMark(t.pool, {
    deploymentId,
    at: at('2026-01-04T09:59:00Z'),
    barTime: at('2026-01-04T09:58:00Z'),
  });
  await recordPnlMark(t.pool, {
    deploymentId,
    at: at('2026-01-05T04:00:00Z'),
    barTime: at('2026-01-05T03:59:00Z'),
  });
  await t.pool.query(`UPDATE positions SET last_price = 99.25, last_price_at = '2026-01-05T04:01:00Z'`);
  await recordPnlMark(t.pool, {
    deploymentId,
    at: at('2026-01-05T04:01:00Z'),
    barTime: at('2026-01-05T04:00:00Z'),
  });
  await t.pool.query(
    `INSERT INTO signals (owner_id, deployment_id, signal_key, instrument_id, side, qty, order_type, status, bar_time,
                          created_at)
     VALUES ($1, $2, 'a', $3, 'buy', 10, 'market', 'accepted', '2026-01-05T03:59:00Z', '2026-01-05T04:00:01Z'),
            ($1, $2, 'b', $3, 'sell', 10, 'market', 'rejected', '2026-01-05T04:00:00Z', '2026-01-05T04:01:02Z')`,
    [owner, deploymentId, instrument.id],
  );
  await saveEodReport(t.pool, await buildEodReport(t.pool, deploymentId, '2026-01-05'));
}, 60_000);
afterAll(() => t?.stop());

describe('a deployment’s history over the API', () => {
  it('lists each deployment with its last bar and last signal', async () => {
    expect((await t.api('viewer').deployments.list.query()).deployments).toEqual([]); // owns none
    const mine = (await t.api('operator').deployments.list.query()).deployments;
    expect(mine.find((d) => d.id === deploymentId)).toMatchObject({
      lastBarAt: '2026-01-05T04:00:00.000Z',
      lastSignalAt: '2026-01-05T04:00:00.000Z', // the bar of the latest recorded
    });
    expect(mine.find((d) => d.id === other)).toMatchObject({ lastBarAt: null, lastSignalAt: null });
  });

  it('serves the latest day’s P&L marks as exact sums, and only newer ones after a time', async () => {
    const api = t.api('operator');
    const day = await api.trading.pnlMarks.query({ deploymentId });
    expect(day.day).toBe('2026-01-05');
    expect(day.marks).toEqual([
      {
        at: '2026-01-05T04:00:00.000Z',
        barTime: '2026-01-05T03:59:00.000Z',
        realisedPnl: '0.00',
        unrealisedPnl: '15.00',
        dayPnl: '15.00',
        costs: '1.23',
        netPnl: '13.77',
      },
      {
        at: '2026-01-05T04:01:00.000Z',
        barTime: '2026-01-05T04:00:00.000Z',
        realisedPnl: '0.00',
        unrealisedPnl: '-7.50',
        dayPnl: '-7.50',
        costs: '1.23',
        netPnl: '-8.73',
      },
    ]);
    const newer = await api.trading.pnlMarks.query({ deploymentId, after: '2026-01-05T04:00:00.000Z' });
    expect(newer.marks.map((m) => m.at)).toEqual(['2026-01-05T04:01:00.000Z']);
    // The day before: the position was not rolled to it, so its day P&L is not that day's.
    const before = await api.trading.pnlMarks.query({ deploymentId, day: '2026-01-04' });
    expect(before.marks).toMatchObject([{ dayPnl: '0.00', unrealisedPnl: '15.00' }]);
    expect(await api.trading.pnlMarks.query({ deploymentId: other })).toEqual({ day: null, marks: [] });
    const bad = await api.trading.pnlMarks.query({ deploymentId, day: '2026-13-01' }).catch((e: Error) => e);
    expect((bad as Error).message).toMatch(/day/);
  });

  it('lists and reads end-of-day reports', async () => {
    const api = t.api('operator');
    const { reports, total } = await api.deployments.eodReports.query({ id: deploymentId });
    expect(total).toBe(1);
    expect(reports[0]).toMatchObject({ tradingDate: '2026-01-05', dayPnl: '-7.50', trades: 0, positions: 1 });
    const { report } = await api.deployments.eodReport.query({ id: deploymentId, date: '2026-01-05' });
    expect(report.positions).toEqual([
      expect.objectContaining({ qty: 10, lastPrice: '99.2500', unrealisedPnl: '-7.50', dayPnl: '-7.50' }),
    ]);
    const missing = await api.deployments.eodReport
      .query({ id: deploymentId, date: '2026-01-06' })
      .catch((e: Error) => e);
    expect((missing as Error).message).toBe(
      `deployment ${deploymentId} has no end-of-day report for 2026-01-06`,
    );
  });

  it('announces a saved EOD report, a rejected order and a deployment in error (for notifications)', async () => {
    const heard: { type: string; payload: Record<string, unknown>; ownerId?: number }[] = [];
    const off = t.daemon.deps.bus.subscribe(
      ['trading.eod_report', 'trading.order_rejected', 'trading.deployment_error'],
      (e) => heard.push(e as never),
    );
    try {
      const owner = t.users.operator.id;
      await saveEodReport(t.pool, await buildEodReport(t.pool, deploymentId, '2026-01-05'));
      const { rows } = await t.pool.query<{
        broker_account_id: number;
        instrument_id: number;
        symbol: string;
      }>(
        `SELECT p.broker_account_id, p.instrument_id, i.exchange || ':' || i.symbol AS symbol
           FROM positions p JOIN instruments i ON i.id = p.instrument_id WHERE p.deployment_id = $1`,
        [deploymentId],
      );
      const { broker_account_id: account, instrument_id: instrument, symbol } = rows[0]!;
      await t.pool.query(
        `INSERT INTO orders (owner_id, deployment_id, broker_account_id, client_order_id, instrument_id, side, qty,
                             order_type, product, status)
         VALUES ($1, NULL, $2, 'rej1', $3, 'sell', 3, 'MARKET', 'INTRADAY', 'new')`,
        [owner, account, instrument],
      );
      await t.pool.query(
        `UPDATE orders SET status = 'rejected', reason = 'RMS: margin shortfall' WHERE client_order_id = 'rej1'`,
      );
      await t.pool.query(`UPDATE orders SET reason = 'again' WHERE client_order_id = 'rej1'`); // no second event
      await transitionDeployment(t.pool, {
        deploymentId: other,
        from: ['stopped'],
        to: 'starting',
        actor: 'user',
        actorUserId: owner,
      });
      await transitionDeployment(t.pool, {
        deploymentId: other,
        from: ['starting'],
        to: 'error',
        actor: 'runner',
        daemonId: 'test',
        error: 'strategy threw: boom',
        errorStack: null,
      });
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(3);
      await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
      expect(heard.map((e) => [e.type, e.ownerId])).toEqual([
        ['trading.eod_report', owner],
        ['trading.order_rejected', owner],
        ['trading.deployment_error', owner],
      ]);
      expect(heard[0]!.payload).toEqual({
        deploymentId,
        tradingDate: '2026-01-05',
        netPnl: expect.stringMatching(/^-7\.5/),
        dayPnl: '-7.50',
        trades: 0,
      });
      // A manual order (a deployment's are written under its lease only).
      expect(heard[1]!.payload).toMatchObject({
        deploymentId: null,
        clientOrderId: 'rej1',
        symbol,
        side: 'sell',
        qty: 3,
        reason: 'RMS: margin shortfall',
      });
      expect(heard[2]!.payload).toMatchObject({
        deploymentId: other,
        error: 'strategy threw: boom',
        actor: 'runner',
      });
    } finally {
      off();
    }
  });

  it('shows another operator none of it', async () => {
    const api = t.api('operator2');
    expect(await code(api.trading.pnlMarks.query({ deploymentId }))).toBe('NOT_FOUND');
    expect(await code(api.deployments.eodReports.query({ id: deploymentId }))).toBe('NOT_FOUND');
    expect(await code(api.deployments.eodReport.query({ id: deploymentId, date: '2026-01-05' }))).toBe(
      'NOT_FOUND',
    );
    expect((await api.deployments.list.query()).total).toBe(0);
  });
});
