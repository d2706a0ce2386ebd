// An operator's cancel reaches the venue: a real daemon with the trader role holds a running
// paper deployment; its working LIMIT orders, cancelled through the API as operator, end
// `cancelled` at the paper venue and in the ledger, credited to the operator — one requested
// while no daemon held the deployment (carried out when the daemon claims it), one while it
// held it (the bus event). Viewers are refused; cancelling a filled order is a clear error; a
// request is carried out once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { nseCalendar } from '../../daemon/src/core/calendar/trading-calendar';
import { istDate } from '../../daemon/src/core/time';
import { transitionDeployment } from '../../daemon/src/trading/deployments/deployment-store';
import { createLedger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease, releaseLease } from '../../daemon/src/trading/lease/lease-store';
import { pendingOperatorCancels } from '../../daemon/src/trading/index';
import { createPaperDeployment } from '../../daemon/src/trading/runner/paper-deployment';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { storeSessions } from './support/runner-bars';

const SYMBOL = 'OPCX';
let t: TestDaemon;
beforeAll(async () => {
  t = await startTestDaemon({
    config: { roles: ['api', 'worker', 'scheduler', 'trader'], takeoverSeconds: 3 },
  });
  // Warm-up history just before now (the daemon's runner runs on the wall clock).
  const last = nseCalendar.previousSession(istDate(Date.now()));
  const dates = [
    nseCalendar.previousSession(nseCalendar.previousSession(last.date).date),
    nseCalendar.previousSession(last.date),
    last,
  ].map((s) => s.date);
  await storeSessions(t.pool, [SYMBOL], dates, 9);
}, 60_000);
afterAll(() => t?.stop());

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function code(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { data?: { code?: string } }) => err.data?.code,
  );
}

const ledgerRow = async (id: number) =>
  (
    await t.pool.query<{
      status: string;
      end_source: string | null;
      cancel_source: string | null;
      client_order_id: string;
    }>('SELECT status, end_source, cancel_source, client_order_id FROM orders WHERE id = $1', [id])
  ).rows[0]!;
const venueStatus = async (clientOrderId: string) =>
  (
    await t.pool.query<{ status: string }>('SELECT status FROM paper_orders WHERE client_order_id = $1', [
      clientOrderId,
    ])
  ).rows[0]?.status;

describe('operator cancels reach the venue', () => {
  it('cancels a working LIMIT order of a running deployment through the daemon holding it', async () => {
    const ownerId = t.users.operator.id;
    const deployment = await createPaperDeployment(t.pool, {
      ownerId,
      name: 'operator cancel',
      template: 'sma-cross',
      params: { fast: 2, slow: 4, size: 1 },
      symbols: [SYMBOL],
      timeframe: '1m',
      product: 'CNC',
      capital: 1_000_000,
      costModel: 'india',
      slippage: 'none',
    });
    const id = deployment.id;
    const accountId = deployment.brokerAccountId;
    const instrument = (
      await t.pool.query<{ id: number; symbol: string; segment: 'NSE_EQ'; securityId: string | null }>(
        `SELECT id::int, symbol, segment, security_id AS "securityId" FROM instruments WHERE symbol = $1`,
        [SYMBOL],
      )
    ).rows[0]!;

    // Until its orders are in place the test holds the deployment's lease (the daemon cannot
    // claim it), as a previous holder would have.
    const lease = (await acquireLease(t.pool, { deploymentId: id, holder: 'test-holder', ttlMs: 600_000 }))!;
    await transitionDeployment(t.pool, {
      deploymentId: id,
      from: ['stopped'],
      to: 'starting',
      actor: 'user',
      actorUserId: ownerId,
    });
    await transitionDeployment(t.pool, {
      deploymentId: id,
      from: ['starting'],
      to: 'running',
      actor: 'runner',
      daemonId: 'test-holder',
    });
    // Venue time in a session a week ahead: the daemon's venue (wall clock) must not expire the
    // DAY orders at today's close whatever the hour the test runs.
    let now = nseCalendar.nextSession(istDate(Date.now() + 7 * 86_400_000)).open + 3_600_000;
    const venue = await PaperVenue.open({
      pool: t.pool,
      brokerAccountId: accountId,
      log: testLogger(),
      clock: () => now,
    });
    const ledger = createLedger({ pool: t.pool, log: testLogger() });
    const detach = ledger.attach(venue);
    const place = async (n: number, orderType: 'LIMIT' | 'MARKET') =>
      (
        await ledger.submitAndSend(
          lease,
          {
            clientOrderId: `d${id}-op-${n}`,
            deploymentId: id,
            brokerAccountId: accountId,
            instrumentId: instrument.id,
            side: 'buy',
            qty: 1,
            orderType,
            ...(orderType === 'LIMIT' ? { limitPrice: 100 } : {}),
            product: 'CNC',
            validity: 'DAY',
            costModel: 'india',
            signal: {
              signalKey: `op-${n}`,
              barTime: now,
              side: 'buy',
              qty: 1,
              orderType: orderType === 'LIMIT' ? 'limit' : 'market',
              ...(orderType === 'LIMIT' ? { limitPrice: 100 } : {}),
            },
          },
          venue,
        )
      ).order;
    const early = await place(1, 'LIMIT');
    const late = await place(2, 'LIMIT');
    const filled = await place(3, 'MARKET');
    now += 60_000;
    await venue.onTick({
      instrument: { symbol: SYMBOL, segment: 'NSE_EQ', securityId: instrument.securityId ?? '' },
      lastPrice: 500,
      lastQty: 1_000,
      exchangeTime: now,
      receivedAt: now,
      volume: 0,
    });
    expect((await ledgerRow(filled.id)).status).toBe('filled');
    expect((await ledgerRow(early.id)).status).toBe('open');
    detach();

    // Requested while no daemon acts for the deployment: stored, pending.
    expect(await code(t.api('viewer').orders.cancel.mutate({ id: early.id }))).toBe('FORBIDDEN');
    expect(await t.api('operator').orders.cancel.mutate({ id: early.id })).toMatchObject({
      created: true,
      status: 'open',
    });
    const refused = await t
      .api('operator')
      .orders.cancel.mutate({ id: filled.id })
      .catch((e: Error & { data?: { code?: string } }) => e);
    expect((refused as { data?: { code?: string } }).data?.code).toBe('CONFLICT');
    expect((refused as Error).message).toMatch(/is filled: there is nothing to cancel/);
    expect(await pendingOperatorCancels(t.pool, { deploymentId: id })).toEqual([early.id]);

    // The daemon claims it (resumed from the ledger) and carries the pending request out.
    await releaseLease(t.pool, lease);
    await until('the daemon holds it', async () => {
      const r = await t.pool.query<{ holder: string }>('SELECT holder FROM leases WHERE deployment_id = $1', [
        id,
      ]);
      return r.rows[0]?.holder === t.daemon.deps.bus.daemonId;
    });
    await until('the early order cancelled', async () => (await ledgerRow(early.id)).status === 'cancelled');
    expect(await ledgerRow(early.id)).toMatchObject({ end_source: 'operator', cancel_source: 'operator' });
    expect(await venueStatus(early.clientOrderId)).toBe('cancelled');

    // Requested while the daemon holds it: the event reaches it.
    expect(await t.api('operator').orders.cancel.mutate({ id: late.id })).toMatchObject({ created: true });
    await until('the late order cancelled', async () => (await ledgerRow(late.id)).status === 'cancelled');
    expect(await ledgerRow(late.id)).toMatchObject({ end_source: 'operator', cancel_source: 'operator' });
    expect(await venueStatus(late.clientOrderId)).toBe('cancelled');
    expect(await pendingOperatorCancels(t.pool, { deploymentId: id })).toEqual([]);
    expect(await code(t.api('operator').orders.cancel.mutate({ id: late.id }))).toBe('CONFLICT');

    // Carried out once: one ledger cancel request per order; the filled order untouched.
    const asks = await t.pool.query<{ order_id: number; n: number }>(
      `SELECT order_id::int, count(*)::int AS n FROM order_events
        WHERE order_id = ANY($1::bigint[]) AND event_key = 'cancel_requested' GROUP BY order_id ORDER BY order_id`,
      [[early.id, late.id, filled.id]],
    );
    expect(asks.rows).toEqual([
      { order_id: early.id, n: 1 },
      { order_id: late.id, n: 1 },
    ]);
    expect((await ledgerRow(filled.id)).status).toBe('filled');

    await transitionDeployment(t.pool, {
      deploymentId: id,
      from: ['running'],
      to: 'stopping',
      actor: 'user',
      actorUserId: ownerId,
    });
    await until('stopped', async () => {
      const r = await t.pool.query<{ status: string }>('SELECT status FROM deployments WHERE id = $1', [id]);
      return r.rows[0]!.status === 'stopped';
    });
  }, 90_000);
});
