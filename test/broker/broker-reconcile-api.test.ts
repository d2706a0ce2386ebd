// Reconciliation and Dhan's own kill switch inside a real daemon (trader role) against the fake
// Dhan, through broker.*: an order placed at the broker by hand (QuantTrade never sent it) is a
// difference — stored once however many passes find it, alerted once, listed, acknowledged; a
// global kill switch engaged through risk.killSwitch activates Dhan's kill switch on the held
// account (recorded, once); an operator deactivates it. A runner's link for the account
// (TradingLinks.open) sends through the held link with the daemon's ledger attached. Roles and
// row-level security hold.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDhan, type FakeDhan } from '../../daemon/src/dev/dhan-fake/fake-server';
import { eventually } from '../support/dhan';
import { startTestDaemon, type TestDaemon } from '../support/daemon';

let fake: FakeDhan;
let t: TestDaemon;
let id: number;

beforeAll(async () => {
  fake = await startFakeDhan({ pingMs: 1000 });
  t = await startTestDaemon({
    config: {
      brokerKey: randomBytes(32).toString('base64'),
      dhanBaseUrl: fake.restUrl,
      dhanFeedUrl: fake.feedUrl,
      dhanOrderUpdateUrl: fake.orderUpdateUrl,
      dhanTimeoutSeconds: 2,
      reconcileIntervalSeconds: 3600,
    },
  });
  const account = await t.api('operator').broker.add.mutate({
    label: 'reconciled',
    clientId: fake.clientId,
    accessToken: fake.tokens.issue(fake.clientId),
  });
  id = account.id;
  await t.api('operator').broker.connect.mutate({ id });
  await eventually(
    async () => (await t.api('operator').broker.status.query({ id })).link.state === 'connected',
    15_000,
    'connected',
  );
});

afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('broker.reconcile and the differences', () => {
  it('an order placed by hand at the broker is a difference: stored once, listed, acknowledged', async () => {
    const hand = fake.broker.create({
      transactionType: 'BUY',
      exchangeSegment: 'NSE_EQ',
      productType: 'INTRADAY',
      orderType: 'LIMIT',
      validity: 'DAY',
      securityId: '1333',
      quantity: 5,
      disclosedQuantity: 0,
      price: 1500,
      triggerPrice: 0,
      afterMarketOrder: false,
    });
    fake.broker.fill(hand.orderId, 5, 1500);

    // The daemon's own passes (the socket's first connection counts as a reconnect) may find
    // them first: whichever pass does, each difference is one row, alerted once.
    const first = await t.api('operator').broker.reconcile.mutate({ id });
    expect(first).toMatchObject({ accountId: id, venue: 'dhan', trigger: 'request', openDifferences: 2 });
    expect(first.differences.map((d) => d.kind).sort()).toEqual(['position_mismatch', 'unknown_order']);
    const again = await t.api('operator').broker.reconcile.mutate({ id });
    expect(again).toMatchObject({ newDifferences: 0, openDifferences: 2 });
    const { rows: stored } = await t.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM broker_differences WHERE broker_account_id = $1',
      [id],
    );
    expect(stored[0]!.n).toBe(2);

    const listed = await t.api('viewer').broker.differences.query({ id });
    expect(listed).toHaveLength(0); // the viewer does not own the account (row-level security)
    const mine = await t.api('operator').broker.differences.query({ id });
    expect(mine.map((d) => [d.kind, d.timesSeen >= 2, d.resolvedAt])).toEqual(
      expect.arrayContaining([
        ['unknown_order', true, null],
        ['position_mismatch', true, null],
      ]),
    );
    const unknown = mine.find((d) => d.kind === 'unknown_order')!;
    expect(unknown.subject).toBe(hand.orderId);
    expect(unknown.message).toMatch(/the broker has an order the ledger never sent/);

    const acked = await t.api('operator').broker.acknowledgeDifference.mutate({ id: unknown.id });
    expect(acked.acknowledgedBy).toMatch(/^user:\d+$/);
    const audit = await t.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'broker.difference_acknowledge' AND target = $1",
      [`broker_account:${id}`],
    );
    expect(audit.rows).toHaveLength(1);

    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/quanttrade_reconcile_differences_total\{kind="unknown_order"\} 1\b/);
    expect(metrics).toMatch(/quanttrade_reconcile_passes_total\{trigger="request",outcome="ok"\} [2-9]/);
    expect(metrics).toContain(`quanttrade_reconcile_open_differences{account="${id}"} 2`);
  });

  it('roles and row-level security: a viewer cannot reconcile; another operator cannot reach the account', async () => {
    await expect(t.api('viewer').broker.reconcile.mutate({ id })).rejects.toThrow(/needs the operator role/);
    await expect(t.api('operator2').broker.reconcile.mutate({ id })).rejects.toThrow(/not yours/);
    await expect(t.api('operator2').broker.acknowledgeDifference.mutate({ id: 1 })).rejects.toThrow(
      /no broker difference 1/,
    );
  });
});

describe("a runner's BrokerLink for a Dhan account (TradingLinks.open)", () => {
  it('sends through the held link with the ledger attached: the socket books the fill, listeners hear it', async () => {
    const links = t.daemon.deps.links;
    const account = await links.open(id);
    expect(account.venue).toBe('dhan');
    expect(account.link.venue).toBe('dhan');
    expect(account.status().state).toBe('connected');
    expect(await links.open(id)).toBe(account); // one per account

    const heard: string[] = [];
    const off = links.onLedger({ onFill: (f) => heard.push(f.tradeId) });
    const { rows } = await t.pool.query<{ id: number }>(
      `INSERT INTO instruments (exchange, segment, kind, symbol, security_id, tick_size, lot_size, source)
       VALUES ('NSE', 'NSE_EQ', 'equity', 'RUNNERTEST', '4963', 0.05, 1, 'test') RETURNING id`,
    );
    const { rows: owner } = await t.pool.query<{ owner_id: number }>(
      'SELECT owner_id FROM broker_accounts WHERE id = $1',
      [id],
    );
    expect(owner[0]!.owner_id).toBe(account.ownerId);
    const sent = await links.ledger.submitAndSend(
      null,
      {
        clientOrderId: 'runner-1',
        deploymentId: null,
        brokerAccountId: id,
        instrumentId: rows[0]!.id,
        side: 'buy',
        qty: 3,
        orderType: 'LIMIT',
        limitPrice: 1200,
        product: 'INTRADAY',
        validity: 'DAY',
        costModel: 'india',
      },
      account.link,
    );
    expect(sent.outcome).toBe('acknowledged');
    expect(fake.broker.placesOf('runner-1')).toBe(1);
    const trade = fake.broker.fill(fake.broker.byCorrelation('runner-1')[0]!.orderId, 3, 1200);
    await eventually(
      async () => (await links.ledger.order({ clientOrderId: 'runner-1' }))?.status === 'filled',
      10_000,
      'filled through the socket',
    );
    await eventually(() => heard.includes(trade.exchangeTradeId), 5_000, 'listener heard the fill');
    off();
  });

  it('refuses an account this daemon does not hold, naming the fix', async () => {
    const other = await t.api('operator').broker.add.mutate({
      label: 'not connected',
      clientId: fake.clientId,
      accessToken: fake.tokens.issue(fake.clientId),
    });
    await expect(t.daemon.deps.links.open(other.id)).rejects.toThrow(
      new RegExp(`quanttrade broker connect --id ${other.id}`),
    );
  });
});

describe("Dhan's kill switch", () => {
  it("follows a global kill switch on the held account, once, recorded; releasing ours leaves Dhan's to an operator", async () => {
    expect(fake.broker.killSwitch()).toBe(false);
    const engaged = await t.api('admin').risk.killSwitch.engage.mutate({
      target: { scope: 'global' },
      reason: 'test: broker kill switch',
    });
    await eventually(() => fake.broker.killSwitch(), 15_000, "Dhan's kill switch activated");
    const view = await t.api('operator').broker.killSwitch.query({ id });
    expect(view.active).toBe(true);
    expect(view.calls).toEqual([
      expect.objectContaining({
        action: 'activate',
        outcome: 'ok',
        killSwitchId: engaged.killSwitch.id,
        requestedBy: `kill_switch:${engaged.killSwitch.id}`,
      }),
    ]);
    const places = fake.requests.filter((r) => r.method === 'POST' && r.path === '/killswitch').length;
    expect(places).toBe(1);

    await t.api('admin').risk.killSwitch.release.mutate({ id: engaged.killSwitch.id, reason: 'done' });
    // Releasing ours never deactivates Dhan's: that is an explicit request.
    expect(fake.broker.killSwitch()).toBe(true);
    await expect(t.api('viewer').broker.setKillSwitch.mutate({ id, active: false })).rejects.toThrow(
      /needs the operator role/,
    );
    const off = await t.api('operator').broker.setKillSwitch.mutate({ id, active: false });
    expect(off.active).toBe(false);
    expect(fake.broker.killSwitch()).toBe(false);
    expect(off.calls.map((c) => [c.action, c.outcome])).toEqual([
      ['deactivate', 'ok'],
      ['activate', 'ok'],
    ]);
  });
  it('follows an account kill switch of that Dhan account too, recorded against that switch', async () => {
    expect(fake.broker.killSwitch()).toBe(false);
    const engaged = await t.api('operator').risk.killSwitch.engage.mutate({
      target: { scope: 'account', accountId: id },
      reason: 'test: account switch',
    });
    await eventually(() => fake.broker.killSwitch(), 15_000, "Dhan's kill switch activated for the account");
    const view = await t.api('operator').broker.killSwitch.query({ id });
    expect(view.calls[0]).toMatchObject({
      action: 'activate',
      outcome: 'ok',
      killSwitchId: engaged.killSwitch.id,
    });
    await t.api('operator').risk.killSwitch.release.mutate({ id: engaged.killSwitch.id, reason: 'done' });
    await t.api('operator').broker.setKillSwitch.mutate({ id, active: false });
  });
});
