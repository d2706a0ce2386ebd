// deployments.*, orders.*, positions.*, signals.*, trading.* over the real API on a real daemon:
// roles (viewers read, operators change their own), row-level security between operators, the
// life cycle as transitions only, the ledger's rows (written through the real ledger and paper
// venue) as users see them, an operator's cancel request, and the live streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../daemon/src/api/routers/trading';
import { createLedger, type Ledger } from '../../daemon/src/trading/ledger/ledger';
import { acquireLease, type Lease } from '../../daemon/src/trading/lease/lease-store';
import type { PaperVenue } from '../../daemon/src/broker/paper/paper-venue';
import { pendingOperatorCancels, transitionDeployment } from '../../daemon/src/trading/index';
import { startTestDaemon, type TestDaemon } from '../support/daemon';
import { testLogger } from '../support/logger';
import { openPaperVenue, testClock, type TestClock } from './support/paper';
import { tickOf } from './support/ledger-setup';
import {
  createBrokerAccount,
  createDeployment as seedStrategy,
  createInstrument,
  type TestInstrument,
} from './support/trading-fixtures';

let t: TestDaemon;
let accountId: number;
let strategyId: number;
let instrument: TestInstrument;
let deploymentId: number;

async function code(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(
    () => 'ok',
    (err: { data?: { code?: string } }) => err.data?.code,
  );
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  // No trader role: these tests move deployments through the API alone (the runner would claim
  // a started deployment and move it on; test/trading/supervisor.test.ts covers that).
  t = await startTestDaemon({ config: { roles: ['api', 'worker', 'scheduler'] } });
  const owner = t.users.operator.id;
  accountId = await createBrokerAccount(t.pool, owner);
  strategyId = (await seedStrategy(t.pool, owner, accountId)).strategyId;
  instrument = await createInstrument(t.pool);
  await t.pool.query(
    `INSERT INTO bar_coverage (instrument_id, timeframe, first_ts, last_ts, bar_count, source)
     VALUES ($1, '1m', '2025-01-01T03:45:00Z', '2025-01-06T10:00:00Z', 1000, 'test')`,
    [instrument.id],
  );
}, 60_000);
afterAll(() => t?.stop());

describe('deployments over the API', () => {
  it('creates (operators only), lists and gets, each user their own', async () => {
    const spec = {
      name: 'api trend',
      strategyId,
      strategyVersion: 1,
      params: { fast: 5, slow: 20, size: 10 },
      symbols: [instrument.symbol],
      timeframe: '5m' as const,
      product: 'INTRADAY' as const,
      capital: '500000',
      brokerAccountId: accountId,
    };
    expect(await code(t.api('viewer').deployments.create.mutate(spec))).toBe('FORBIDDEN');
    const bad = await t
      .api('operator')
      .deployments.create.mutate({ ...spec, capital: '0' })
      .catch((e: Error) => e);
    expect((bad as Error).message).toMatch(/capital: got "0", expected an amount greater than 0/);
    const created = await t.api('operator').deployments.create.mutate(spec);
    deploymentId = created.id;
    expect(created).toMatchObject({
      status: 'stopped',
      capital: '500000.00',
      symbols: [`NSE:${instrument.symbol}`],
    });
    const listed = await t.api('operator').deployments.list.query({ status: ['stopped'] });
    expect(listed.deployments.map((d) => d.id)).toContain(created.id);
    expect(listed.deployments.every((d) => d.ownerId === t.users.operator.id)).toBe(true);
    expect((await t.api('operator2').deployments.list.query()).total).toBe(0);
    expect(await code(t.api('operator2').deployments.get.query({ id: created.id }))).toBe('NOT_FOUND');
    expect(await code(t.api('operator2').deployments.start.mutate({ id: created.id }))).toBe('NOT_FOUND');
    expect((await t.api('admin').deployments.get.query({ id: created.id })).lease).toBeNull();
  });

  it('moves through start, pause, resume and stop as transitions only, streamed to its owner', async () => {
    const got: TradingEvent[] = [];
    const strangers: TradingEvent[] = [];
    const sub = t.api('operator').trading.events.subscribe({ deploymentId }, { onData: (e) => got.push(e) });
    const other = t
      .api('operator2')
      .trading.events.subscribe(undefined, { onData: (e) => strangers.push(e) });
    // Subscriptions start asynchronously: nudge with a spec update until the first event arrives.
    const start = Date.now();
    while (got.length === 0) {
      await t.api('operator').deployments.update.mutate({ id: deploymentId, changes: { capital: '500000' } });
      await new Promise((r) => setTimeout(r, 200));
      if (Date.now() - start > 15_000) throw new Error('no deployment.changed event');
    }
    const api = t.api('operator');
    expect((await api.deployments.start.mutate({ id: deploymentId, reason: 'go' })).event).toMatchObject({
      from: 'stopped',
      to: 'starting',
      actor: 'user',
      actorUserId: t.users.operator.id,
      reason: 'go',
    });
    const conflict = await api.deployments.pause.mutate({ id: deploymentId }).catch((e: Error) => e);
    expect((conflict as { data?: { code?: string } }).data?.code).toBe('CONFLICT');
    expect((conflict as Error).message).toContain('is starting');
    await transitionDeployment(t.pool, {
      deploymentId,
      from: ['starting'],
      to: 'running',
      actor: 'runner',
      daemonId: 'd1',
    });
    await api.deployments.pause.mutate({ id: deploymentId });
    await api.deployments.resume.mutate({ id: deploymentId });
    expect(await code(api.deployments.update.mutate({ id: deploymentId, changes: { capital: '1' } }))).toBe(
      'CONFLICT',
    );
    const history = await t
      .api('viewer')
      .deployments.events.query({ id: deploymentId })
      .catch(() => undefined);
    expect(history, 'a viewer sees only their own').toBeUndefined();
    const events = (await api.deployments.events.query({ id: deploymentId })).events.map(
      (e) => `${e.from}>${e.to}`,
    );
    expect(events.slice(0, 4)).toEqual([
      'paused>running',
      'running>paused',
      'starting>running',
      'stopped>starting',
    ]);
    await until('the resume event', () =>
      got.some(
        (e) => e.type === 'deployment.changed' && e.payload.from === 'paused' && e.payload.to === 'running',
      ),
    );
    sub.unsubscribe();
    other.unsubscribe();
    expect(
      strangers.filter((e) => e.type === 'deployment.changed' && e.payload.deploymentId === deploymentId),
    ).toEqual([]);
  });
});

describe('a deployment’s risk profile', () => {
  it('is checked as the owner’s, and a change tells the risk gate', async () => {
    const api = t.api('operator');
    const d = await api.deployments.create.mutate({
      name: 'profiled',
      strategyId,
      strategyVersion: 1,
      symbols: [instrument.symbol],
      timeframe: '15m',
      product: 'CNC',
      capital: 100000,
      brokerAccountId: accountId,
    });
    const { rows } = await t.pool.query<{ id: number }>(
      `INSERT INTO risk_profiles (owner_id, name, limits) VALUES ($1, 'desk limits', '{}') RETURNING id`,
      [t.users.operator.id],
    );
    const heard: unknown[] = [];
    const off = t.daemon.deps.bus.subscribe(['risk.profile_changed'], (e) => heard.push(e.payload));
    const updated = await api.deployments.update.mutate({
      id: d.id,
      changes: { riskProfileId: rows[0]!.id },
    });
    off();
    expect(updated.riskProfileId).toBe(rows[0]!.id);
    expect(heard).toEqual([{ profileId: rows[0]!.id, version: null, deploymentId: d.id }]);
    const theirs = await t.pool.query<{ id: number }>(
      `INSERT INTO risk_profiles (owner_id, name, limits) VALUES ($1, 'other desk', '{}') RETURNING id`,
      [t.users.operator2.id],
    );
    const refused = await api.deployments.update
      .mutate({ id: d.id, changes: { riskProfileId: theirs.rows[0]!.id } })
      .catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/riskProfileId: got \d+, expected one of your risk profiles/);
  });
});

describe('the ledger over the API', () => {
  let lease: Lease;
  let ledger: Ledger;
  let venue: PaperVenue;
  let clock: TestClock;

  beforeAll(async () => {
    clock = testClock(Date.UTC(2025, 0, 6, 4, 30));
    venue = await openPaperVenue(
      t.pool,
      accountId,
      { startingCapital: 10_000_000, costModel: 'india' },
      { clock },
    );
    lease = (await acquireLease(t.pool, { deploymentId, holder: 'test-runner', ttlMs: 600_000 }))!;
    ledger = createLedger({ pool: t.pool, log: testLogger() });
    ledger.attach(venue);
  });

  const order = (n: number, over: Record<string, unknown> = {}) => ({
    clientOrderId: `api${process.pid}-${n}`,
    deploymentId,
    brokerAccountId: accountId,
    instrumentId: instrument.id,
    side: 'buy' as const,
    qty: 10,
    orderType: 'MARKET' as const,
    product: 'INTRADAY' as const,
    validity: 'DAY' as const,
    costModel: 'india',
    signal: {
      signalKey: `bar-${n}`,
      barTime: clock.now,
      side: 'buy' as const,
      qty: 10,
      orderType: 'market' as const,
      strategyId,
      strategyVersion: 1,
    },
    ...over,
  });

  it('shows orders with events and fills, positions, signals (refused ones with the rule) and P&L', async () => {
    await ledger.submitAndSend(lease, order(1), venue);
    clock.now += 60_000;
    await venue.onTick(tickOf(instrument, clock.now, 1234.55));
    const api = t.api('operator');
    const orders = await api.orders.list.query({ deploymentId, status: ['filled'] });
    expect(orders.total).toBe(1);
    expect(orders.orders[0]).toMatchObject({
      symbol: `NSE:${instrument.symbol}`,
      filledQty: 10,
      avgFillPrice: '1234.5500',
    });
    expect((await api.orders.list.query({ symbol: 'NSE:NOPE' })).orders).toEqual([]);
    expect((await api.orders.list.query({ to: '2000-01-01' })).total).toBe(0);
    const detail = await api.orders.get.query({ id: orders.orders[0]!.id });
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'sent', 'fill']));
    expect(detail.fills).toHaveLength(1);
    expect(detail.fills[0]).toMatchObject({ qty: 10, price: '1234.5500', value: '12345.50' });
    expect(Number(detail.fills[0]!.charges.stamp!)).toBeGreaterThan(0);
    expect(await code(t.api('operator2').orders.get.query({ id: orders.orders[0]!.id }))).toBe('NOT_FOUND');

    const positions = await api.positions.list.query({ by: 'deployment', deploymentId });
    expect(positions.positions).toMatchObject([
      { netQty: 10, avgPrice: '1234.5500', lastPrice: '1234.5500', unrealisedPnl: '0.00' },
    ]);
    const byAccount = await api.positions.list.query({ by: 'account', brokerAccountId: accountId });
    expect(byAccount.positions).toMatchObject([{ deploymentId: null, netQty: 10 }]);
    expect((await t.api('operator2').positions.list.query()).positions).toEqual([]);

    const refused = await ledger.recordRefusedSignal(
      deploymentId,
      instrument.id,
      { signalKey: 'bar-refused', barTime: clock.now, side: 'buy', qty: 100000, orderType: 'market' },
      'max_order_value',
    );
    await t.pool.query(
      `INSERT INTO risk_violations (owner_id, deployment_id, signal_id, rule, message) VALUES ($1, $2, $3, 'max_order_value', 'order value 123455000 above 500000')`,
      [t.users.operator.id, deploymentId, refused],
    );
    const signals = await api.signals.list.query({ deploymentId });
    expect(signals.total).toBe(2);
    expect((await api.signals.list.query({ deploymentId, status: 'rejected' })).signals).toMatchObject([
      { id: refused, reason: 'max_order_value', violations: [{ rule: 'max_order_value' }], orderId: null },
    ]);
    expect((await api.signals.list.query({ deploymentId, status: 'accepted' })).signals[0]!.orderId).toBe(
      orders.orders[0]!.id,
    );

    const summary = await api.trading.summary.query({ deploymentId });
    expect(summary.deployments).toMatchObject([
      {
        deploymentId,
        realisedPnl: '0.00',
        unrealisedPnl: '0.00',
        grossExposure: '12345.50',
        openPositions: 1,
        openOrders: 0,
      },
    ]);
    expect(Number(summary.deployments[0]!.netPnl)).toBeLessThan(0); // charges
    expect(summary.accounts).toMatchObject([{ brokerAccountId: accountId, grossExposure: '12345.50' }]);
    expect((await t.api('operator2').trading.summary.query()).deployments).toEqual([]);
  });

  it('records an operator cancel once, announces it, and the holder cancels through the ledger', async () => {
    const { order: working } = await ledger.submitAndSend(
      lease,
      order(2, {
        orderType: 'LIMIT',
        limitPrice: 1000,
        signal: {
          signalKey: 'bar-2',
          barTime: clock.now,
          side: 'buy',
          qty: 10,
          orderType: 'limit',
          limitPrice: 1000,
        },
      }),
      venue,
    );
    const heard: unknown[] = [];
    const off = t.daemon.deps.bus.subscribe(['trading.cancel_requested'], (e) => heard.push(e.payload));
    expect(await code(t.api('viewer').orders.cancel.mutate({ id: working.id }))).toBe('FORBIDDEN');
    expect(await code(t.api('operator2').orders.cancel.mutate({ id: working.id }))).toBe('NOT_FOUND');
    expect(await t.api('operator').orders.cancel.mutate({ id: working.id })).toMatchObject({
      created: true,
      status: 'open',
    });
    expect((await t.api('operator').orders.cancel.mutate({ id: working.id })).created).toBe(false);
    off();
    // Each request nudges the holder again (events are hints); only the first wrote anything.
    expect(heard).toMatchObject([
      { orderId: working.id, source: 'operator', requestedBy: t.users.operator.id },
      { orderId: working.id, source: 'operator', requestedBy: t.users.operator.id },
    ]);
    expect(await pendingOperatorCancels(t.pool, { deploymentId })).toEqual([working.id]);
    // What the runner does on hearing it:
    await ledger.cancel(lease, working.id, 'operator', venue);
    const after = await t.api('operator').orders.get.query({ id: working.id });
    expect(after.order).toMatchObject({
      status: 'cancelled',
      cancelSource: 'operator',
      endSource: 'operator',
    });
    expect(await pendingOperatorCancels(t.pool, { deploymentId })).toEqual([]);
    expect(await code(t.api('operator').orders.cancel.mutate({ id: working.id }))).toBe('CONFLICT');
  });

  it('answers a drift report without bars to replay with a clear NOT_FOUND', async () => {
    const err = await t
      .api('operator')
      .deployments.drift.query({ id: deploymentId, date: '2025-01-06' })
      .catch((e: Error) => e);
    expect((err as { data?: { code?: string } }).data?.code).toBe('NOT_FOUND');
    expect((err as Error).message).toContain('no 5m bars');
    expect(
      await code(t.api('operator2').deployments.drift.query({ id: deploymentId, date: '2025-01-06' })),
    ).toBe('NOT_FOUND');
  });

  it('streams P&L to its owner', async () => {
    const got: { deployments: { deploymentId: number }[] }[] = [];
    const sub = t
      .api('operator')
      .trading.pnl.subscribe({ deploymentId, intervalSeconds: 1 }, { onData: (e) => got.push(e) });
    await until('a P&L summary', () => got.length > 0);
    sub.unsubscribe();
    expect(got[0]!.deployments.map((d) => d.deploymentId)).toEqual([deploymentId]);
  });
});
